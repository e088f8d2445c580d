"""Benchmark: the perplexity cost of the streamed softmax denominator.

The golden model (and the kernel) sum a head's softmax numerators as the attention unit
streams them: 8 interleaved running sums, then their adder tree (golden_math.interleaved_sum).
This scores the built-in model's compressed golden model on real text with that order and,
for comparison, with one balanced adder tree over all keys (golden_math.tree_sum), and
reports both perplexities and the largest logit difference. Writes
bench/results/softmax_order.json.

    .venv/bin/python bench/softmax_order.py [--model DIR] [--data FILE] [--windows N]

Needs ../shared/data/pydocs (the corpus) unless --data and --calib are given; says so and
exits 2 when it is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from unittest import mock

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
PYDOCS = ROOT.parent / "shared" / "data" / "pydocs"


def main() -> int:
    from accllm.cli import BUILTIN_MODEL
    from accllm.compression.calibration import load_tokenizer, tokenize
    from accllm.compression.calibration import read_text
    from accllm.compression.compress import compress, load_decoder
    from accllm.compression.evaluate import perplexity
    from accllm.frontend import golden, golden_math

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default=str(BUILTIN_MODEL))
    parser.add_argument("--data", default=str(PYDOCS / "test.txt"))
    parser.add_argument("--calib", default=str(PYDOCS / "train.txt"))
    parser.add_argument("--windows", type=int, default=4, help="windows of the model's context scored")
    parser.add_argument("--out", default=str(ROOT / "bench/results/softmax_order.json"))
    args = parser.parse_args()
    for path in (args.data, args.calib):
        if not Path(path).exists():
            print(f"softmax_order: {path} not found (the pydocs corpus in ../shared/data)", file=sys.stderr)
            return 2

    _, _, hf_config = load_decoder(args.model, None)
    compressed = compress(args.model, None, args.calib, device="cpu", progress=False)
    model = compressed.golden_model()
    tokens = tokenize(load_tokenizer(args.model), read_text(args.data))
    context = int(getattr(hf_config, "max_position_embeddings", 2048))
    sample = tokens[: args.windows * context]

    def score() -> tuple[float, np.ndarray]:
        logits: list[np.ndarray] = []

        def window_logits(ids: torch.Tensor) -> torch.Tensor:
            logits.extend(model.prefill(row.numpy()) for row in ids)
            return torch.from_numpy(np.stack(logits[-len(ids):]))

        return perplexity(window_logits, sample, context, batch_size=1), np.concatenate(logits)

    streamed_ppl, streamed = score()
    with mock.patch.object(golden, "interleaved_sum", golden_math.tree_sum):
        tree_ppl, tree = score()
    result = {
        "model": args.model, "data": args.data, "tokens": int(len(sample)), "context": context,
        "perplexity_interleaved_sum": streamed_ppl, "perplexity_tree_sum": tree_ppl,
        "relative_difference": abs(streamed_ppl - tree_ppl) / tree_ppl,
        "max_abs_logit_difference": float(np.max(np.abs(streamed - tree))),
        "max_abs_logit": float(np.max(np.abs(tree))),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
