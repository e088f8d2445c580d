"""Benchmark: the compression ablation and long-context tables on the built-in model.

Reproduces issue 3's accuracy figures on the pydocs test split (context = the model's
training context), checks the golden model against the fast fake-quant path on the same
compressed weights, and times `compress` with and without recovery. Prints everything and
writes bench/results/accuracy.json (+ .md).

    .venv/bin/python bench/accuracy.py [--model DIR] [--data FILE] [--recovery-steps N]

Needs ../shared/data/pydocs (the corpus); says so and exits 2 when it is absent.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
PYDOCS = ROOT.parent / "shared" / "data" / "pydocs"


def main() -> int:
    from accllm.cli import BUILTIN_MODEL

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=str(BUILTIN_MODEL))
    parser.add_argument("--data", default=str(PYDOCS / "test.txt"))
    parser.add_argument("--calib", default=str(PYDOCS / "train.txt"))
    parser.add_argument("--recovery-steps", type=int, default=600)
    parser.add_argument("--calibration-tokens", type=int, default=65536)
    parser.add_argument("--max-windows", type=int, help="limit the evaluation windows")
    parser.add_argument("--streaming-tokens", type=int, default=65536,
                        help="tokens of the test split scored at each long context")
    parser.add_argument("--golden-windows", type=int, default=4,
                        help="windows scored by the (slow) golden model")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    args = parser.parse_args()
    if not Path(args.data).is_file() or not Path(args.calib).is_file():
        print(f"accuracy bench: corpus not found ({args.data}); it needs ../shared/data/pydocs",
              file=sys.stderr)
        return 2

    from accllm.compression.calibration import load_tokenizer, read_text, tokenize
    from accllm.compression.compress import compress
    from accllm.compression.config import CompressionConfig
    from accllm.compression.evaluate import perplexity
    from accllm.compression.evaluation_job import run_evaluation

    full = CompressionConfig(recovery_steps=args.recovery_steps,
                             calibration_tokens=args.calibration_tokens)
    results = run_evaluation(
        model_dir=args.model, data=args.data, config=full, calib=args.calib, context=None,
        stride=None, out=str(Path(args.out) / "accuracy-eval"), max_windows=args.max_windows,
        streaming=True, streaming_tokens=args.streaming_tokens, ablation=True, device="cpu",
        progress=False,
    )

    # The engine's co-design knobs (docs/engine.md §8), training-free: what a larger group or
    # a shorter window costs in perplexity (the code3 index encoding stores the same weights).
    training_free = full.with_(recovery_steps=0)
    knobs = {
        "default (group 64, window 252)": training_free,
        "group 128": training_free.with_(weight_group=128),
        "window 124": training_free.with_(window=124),
        "group 128 + window 124": training_free.with_(weight_group=128, window=124),
    }
    results["codesign_knobs"] = {}
    for name, config in knobs.items():
        with tempfile.TemporaryDirectory(prefix="accllm-knob-") as tmp:
            rows = run_evaluation(
                model_dir=args.model, data=args.data, config=config, calib=args.calib, context=None,
                stride=None, out=tmp, max_windows=args.max_windows, ablation=False, device="cpu",
                progress=False,
            )["ablation"]
        results["codesign_knobs"][name] = {"perplexity": rows[1]["perplexity"], "ratio_to_fp": rows[1]["ratio_to_fp"],
                                           "bits_per_weight": rows[1]["bits_per_weight"]}

    # The user-facing pipeline, timed, and golden vs fake-quant on its output.
    start = time.perf_counter()
    compressed = compress(args.model, full.with_(recovery_steps=0), args.calib, device="cpu",
                          progress=False)
    timings = {"compress_without_recovery_s": round(time.perf_counter() - start, 1)}
    tokens = tokenize(load_tokenizer(args.model), read_text(args.data))
    context = results["context"]
    golden = compressed.golden_model()
    fake = compressed.fake_quant_model().eval()
    sample = tokens[: args.golden_windows * context]
    golden_ppl = perplexity(
        lambda ids: torch.from_numpy(np.stack([golden.prefill(row.numpy()) for row in ids])),
        sample, context, batch_size=1,
    )
    fake_ppl = perplexity(fake, sample, context)
    results["golden_vs_fake_quant"] = {
        "tokens": int(len(sample)), "golden_ppl": golden_ppl, "fake_quant_ppl": fake_ppl,
        "relative_difference": abs(golden_ppl - fake_ppl) / fake_ppl,
    }
    results["timings"] = timings
    results["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "accuracy.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({k: results[k] for k in ("codesign_knobs", "golden_vs_fake_quant", "timings", "peak_rss_mib")},
                     indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
