"""Benchmark: architecture-only import + raise of Llama-2-7B (no weights materialized).

Prints wall time per stage and peak RSS, writes bench/results/import_llama2_7b.json.
Targets (issue 2): <= 20 s and <= 2 GiB on a 2-core, 24 GiB machine.

    .venv/bin/python bench/import_llama2_7b.py [--arch llama-2-7b]
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
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    args = parser.parse_args()

    start = time.perf_counter()
    import accllm.compiler  # noqa: F401 - loading torch/transformers/xDSL is part of the cost

    imported_at = time.perf_counter()
    design = accllm.compiler.compile(args.arch)
    total = time.perf_counter() - start
    peak_rss_gib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    coverage = design.coverage()
    result = {
        "arch": args.arch,
        "python_imports_s": round(imported_at - start, 2),
        "torch_export_and_import_s": round(design.timings["import"], 2),
        "raise_s": round(design.timings["raise"], 2),
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
    (out / f"import_{args.arch.replace('-', '_')}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"{args.arch}: {result['parameters'] / 1e9:.2f} B parameters, "
        f"{result['imported_ops']} imported ops -> {sum(result['accllm_ops'].values())} accllm ops, "
        f"{result['torch_ops_left']} torch ops left"
    )
    print(
        f"  python imports {result['python_imports_s']} s, export+import "
        f"{result['torch_export_and_import_s']} s, raise {result['raise_s']} s, "
        f"total {result['total_s']} s (target {TARGET_SECONDS} s)"
    )
    print(f"  peak RSS {result['peak_rss_gib']} GiB (target {TARGET_RSS_GIB} GiB)")
    return 0 if result["meets_targets"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
