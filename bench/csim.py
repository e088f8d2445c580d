"""Benchmark: build time and decode speed of the C simulation of the built-in model's engine
(the simulation's own speed on this machine; the kernel's timed cycles are bench/hls_truth.py's).

Compresses the built-in model with the default AccLLM configuration (calibration on the pydocs
train split, or on the model's own text without the corpus), writes its HLS project for the
U280, builds the C simulation with g++ and runs a real pydocs prompt plus N greedy decode
steps, checked bit for bit against the golden model. Prints the figures and writes
bench/results/csim.json.

    .venv/bin/python bench/csim.py [--steps 256] [--calibration-tokens 4096] [--no-check]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "accllm/models/pydocs-tiny-llama"
CORPUS = ROOT.parent / "shared/data/pydocs/train.txt"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=256, help="greedy decode steps")
    parser.add_argument("--calibration-tokens", type=int, default=4096)
    parser.add_argument("--no-check", action="store_true", help="skip the golden-model comparison")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    args = parser.parse_args()

    from accllm.backend_hls import csim
    from accllm.backend_hls.project import build_project
    from accllm.compression.compress import compress
    from accllm.compression.config import CompressionConfig

    config = CompressionConfig(calibration_tokens=args.calibration_tokens)
    with tempfile.TemporaryDirectory(prefix="accllm-bench-csim-") as tmp:
        start = time.perf_counter()
        compress(MODEL, config, CORPUS if CORPUS.exists() else None, device="cpu", progress=False).save(
            Path(tmp) / "compressed")
        compress_s = time.perf_counter() - start
        start = time.perf_counter()
        project = build_project(MODEL, Path(tmp) / "compressed", Path(tmp) / "hls")
        emit_s = time.perf_counter() - start
        result = csim.run_csim(project, steps=args.steps, check=not args.no_check)
        prompt_tokens = len((project / "data/prompt.txt").read_text().split())
    figures = {
        "model": "pydocs-tiny-llama", "board": "u280", "config": json.loads(config.to_json()),
        "compress_seconds": round(compress_s, 1), "emit_seconds": round(emit_s, 1),
        "build_seconds": round(result.build_seconds, 1), "prompt_tokens": prompt_tokens,
        "decode_steps": args.steps, "decode_tokens_per_s": result.decode_tokens_per_s,
        "kernel_timed_decode_tokens_per_s": round(result.timed_decode_tokens_per_s, 3),
        "run_seconds": round(result.seconds, 1), "summary": result.summary,
        "bit_exact": None if args.no_check else not result.mismatches,
        "mismatches": result.mismatches,
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "csim.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(f"build {figures['build_seconds']} s (g++ -O2), {result.summary}")
    print(f"bit-exact vs golden: {figures['bit_exact']}; wrote {out / 'csim.json'}")
    return 0 if not result.mismatches else 1


if __name__ == "__main__":
    sys.exit(main())
