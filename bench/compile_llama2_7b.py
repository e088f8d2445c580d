"""Benchmark: architecture-only compile of Llama-2-7B (no weights materialized): import,
raise, and (unless `--target none`) mapping onto the engine with design-space exploration and
estimates, as `accllm compile --arch llama-2-7b --target u280` does.

Prints wall time per stage and peak RSS, writes bench/results/compile_llama2_7b.json
(import_llama2_7b.json with `--target none`). Targets: <= 20 s and <= 2 GiB on a 2-core,
24 GiB machine.

    .venv/bin/python bench/compile_llama2_7b.py [--arch llama-2-7b] [--target u280|none]
        [--config bench/configs/accllm-7b-codesign.json]
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

TARGET_SECONDS = 20.0
TARGET_RSS_GIB = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--arch", default="llama-2-7b")
    parser.add_argument("--target", default="u280")
    parser.add_argument("--config", default=str(Path(__file__).parent / "configs" / "accllm-7b-codesign.json"))
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    args = parser.parse_args()

    start = time.perf_counter()
    import accllm.compiler  # noqa: F401 - loading torch/transformers/xDSL is part of the cost

    from accllm.compression.config import CompressionConfig

    imported_at = time.perf_counter()
    target = None if args.target == "none" else args.target
    compression = CompressionConfig.from_json(args.config) if target else None
    design = accllm.compiler.compile(args.arch, target=target, compression=compression)
    total = time.perf_counter() - start
    peak_rss_gib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    coverage = design.coverage()
    result = {
        "arch": args.arch,
        "python_imports_s": round(imported_at - start, 2),
        "torch_export_and_import_s": round(design.timings["import"], 2),
        "raise_s": round(design.timings["raise"], 2),
        "engine_s": round(design.timings.get("engine", 0.0), 2),
        "total_s": round(total, 2),
        "peak_rss_gib": round(peak_rss_gib, 3),
        "parameters": coverage["parameters"],
        "imported_ops": sum(e["count"] for e in coverage["imported_ops"].values()),
        "accllm_ops": coverage["accllm_ops"],
        "torch_ops_left": coverage["torch_ops_left"],
        "targets": {"total_s": TARGET_SECONDS, "peak_rss_gib": TARGET_RSS_GIB},
        "meets_targets": total <= TARGET_SECONDS and peak_rss_gib <= TARGET_RSS_GIB,
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if design.engine is not None:
        result["engine"] = design.engine.to_json()
    kind = "compile" if target else "import"
    (out / f"{kind}_{args.arch.replace('-', '_')}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"{args.arch}: {result['parameters'] / 1e9:.2f} B parameters, "
        f"{result['imported_ops']} imported ops -> {sum(result['accllm_ops'].values())} accllm ops, "
        f"{result['torch_ops_left']} torch ops left"
    )
    print(
        f"  python imports {result['python_imports_s']} s, export+import "
        f"{result['torch_export_and_import_s']} s, raise {result['raise_s']} s, engine {result['engine_s']} s, "
        f"total {result['total_s']} s (target {TARGET_SECONDS} s)"
    )
    print(f"  peak RSS {result['peak_rss_gib']} GiB (target {TARGET_RSS_GIB} GiB)")
    if design.engine is not None:
        print(design.engine.report())
    return 0 if result["meets_targets"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
