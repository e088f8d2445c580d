"""Benchmark: wall time and peak memory of `accllm compress` + `accllm eval` on the built-in model.

Runs, as a user would, the two commands on the pydocs splits with the default configuration,
once without recovery and once with N recovery steps:

    accllm compress --model M --config CONFIG --calib train.txt -o OUT
    accllm eval --model M --data test.txt --compressed OUT

(perplexity of FP and of the model `compress` wrote, on the whole test split). Prints the
figures and writes bench/results/compress_eval_time.json.

    .venv/bin/python bench/compress_eval_time.py [--recovery-steps 300] [--max-windows N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "accllm/models/pydocs-tiny-llama"
DATA = ROOT.parent / "shared/data/pydocs"


def _run(args: list[str]) -> dict:
    """Run `accllm ARGS` in a child process under GNU time; its wall time and peak RSS."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-m", "accllm.cli", *args, "-q"],
                          check=True, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    peak_kib = int(proc.stderr.strip().splitlines()[-1])
    return {"seconds": round(seconds, 1), "peak_rss_mib": round(peak_kib / 1024)}


def measure(recovery_steps: int, max_windows: int | None, work: Path) -> dict:
    from accllm.compression.config import CompressionConfig

    config = work / f"config-{recovery_steps}.json"
    config.write_text(CompressionConfig(recovery_steps=recovery_steps).to_json())
    compressed = work / f"compressed-{recovery_steps}"
    compress = _run(["compress", "--model", str(MODEL), "--config", str(config),
                     "--calib", str(DATA / "train.txt"), "-o", str(compressed)])
    eval_args = ["eval", "--model", str(MODEL), "--data", str(DATA / "test.txt"),
                 "--compressed", str(compressed), "-o", str(work / f"eval-{recovery_steps}")]
    if max_windows:
        eval_args += ["--max-windows", str(max_windows)]
    evaluation = _run(eval_args)
    result = json.loads((work / f"eval-{recovery_steps}" / "eval.json").read_text())
    fp, configured = (row["perplexity"] for row in result["ablation"])
    return {
        "recovery_steps": recovery_steps,
        "compress": compress, "eval": evaluation,
        "total_seconds": round(compress["seconds"] + evaluation["seconds"], 1),
        "fp_perplexity": fp, "perplexity": configured, "ratio": round(configured / fp, 4),
        "scored_windows": max_windows or "all",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recovery-steps", type=int, default=300)
    parser.add_argument("--max-windows", type=int, help="score only the first N test windows")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    args = parser.parse_args()
    if not (DATA / "train.txt").exists():
        print(f"error: {DATA} not found: this benchmark needs the pydocs corpus", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="accllm-time-") as tmp:
        runs = [measure(steps, args.max_windows, Path(tmp)) for steps in (0, args.recovery_steps)]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "compress_eval_time.json").write_text(json.dumps(runs, indent=2) + "\n")
    for run in runs:
        print(f"recovery {run['recovery_steps']:>4} steps: compress {run['compress']['seconds']} s "
              f"+ eval {run['eval']['seconds']} s = {run['total_seconds']} s; peak RSS "
              f"{run['compress']['peak_rss_mib']} / {run['eval']['peak_rss_mib']} MiB; "
              f"perplexity {run['perplexity']:.3f} = {run['ratio']:.3f}x FP {run['fp_perplexity']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
