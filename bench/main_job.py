"""Benchmark: the README's main job (`accllm compile` with every default) from an empty output
folder, as a fresh clone runs it: wall time per stage, total, peak memory; with --data also
the perplexity stage. Prints the figures and writes bench/results/main_job.json.

    .venv/bin/python bench/main_job.py [--data ../shared/data/pydocs/test.txt]
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


def run(extra: list[str]) -> dict:
    with tempfile.TemporaryDirectory(prefix="accllm-main-job-") as tmp:
        out = Path(tmp) / "build"
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-m", "accllm.cli", "compile", "-q",
                               "-o", str(out), *extra], cwd=ROOT, capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - start
        report = json.loads((out / "report.json").read_text())
        timings = json.loads((out / "timings.json").read_text())
    return {
        "command": "accllm compile " + " ".join(extra), "seconds": round(seconds, 1),
        "peak_rss_mib": round(int(proc.stderr.strip().splitlines()[-1]) / 1024), "stages": timings,
        "csim_bit_exact": report["csim"]["bit_exact"], "perplexity": report["perplexity"],
        "decode_tokens_per_s_2048_estimate": report["engine"]["decode"]["2048"]["tokens_per_s"],
        "llama_2_7b_decode_tokens_per_s_estimate": (report["llama_2_7b"] or {}).get("decode_tokens_per_s"),
        "generated": report["csim"]["continuation"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="also run with --data FILE (perplexity stage)")
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    args = parser.parse_args()
    runs = [run([])]
    if args.data:
        runs.append(run(["--data", str(Path(args.data).resolve())]))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "main_job.json").write_text(json.dumps(runs, indent=2) + "\n")
    for r in runs:
        stages = ", ".join(f"{k} {v}" for k, v in r["stages"].items() if isinstance(v, float) and k != "csim_build_seconds")
        print(f"{r['command']}: {r['seconds']} s (target 300 s), peak RSS {r['peak_rss_mib']} MiB; {stages}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
