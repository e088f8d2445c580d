"""Benchmark: calibration text the model writes itself, when a checkpoint comes without text.

`accllm compress` without `--calib` and without a bundled calibration.txt samples its
calibration windows from the FP model (compression/calibration.self_generated_windows): the
default 64 windows of 512 tokens, a token a step through the model's KV cache. This times
that on a random LLaMA checkpoint of about 10M parameters (built here with transformers, no
download) and on the built-in model's shape, prints the figures and writes
bench/results/calibration.json.

    .venv/bin/python bench/calibration.py [--calibration-tokens 32768]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import torch
from transformers import LlamaConfig, LlamaForCausalLM

ROOT = Path(__file__).resolve().parents[1]

SHAPES = {
    # hidden 384, FFN 1024, 4 layers, vocabulary 8192 (tied): 10.2M parameters.
    "llama-10m": dict(vocab_size=8192, hidden_size=384, intermediate_size=1024, num_hidden_layers=4,
                      num_attention_heads=6, num_key_value_heads=2, max_position_embeddings=1024,
                      tie_word_embeddings=True),
    "builtin-shape": dict(vocab_size=4096, hidden_size=256, intermediate_size=640, num_hidden_layers=4,
                          num_attention_heads=8, num_key_value_heads=4, max_position_embeddings=512,
                          tie_word_embeddings=True),
}


def measure(shape: dict, tokens: int, work: Path) -> dict:
    from accllm.compression.compress import calibration_windows, load_decoder
    from accllm.compression.config import CompressionConfig

    torch.manual_seed(0)
    model = LlamaForCausalLM(LlamaConfig(**shape))
    model.save_pretrained(work)
    parameters = sum(p.numel() for p in model.parameters())
    config = CompressionConfig(calibration_tokens=tokens)
    spec, tensors, _ = load_decoder(work, config)
    start = time.perf_counter()
    windows = calibration_windows(work, spec, tensors, config, None)
    seconds = time.perf_counter() - start
    return {"parameters": parameters, "windows": list(windows.shape), "seconds": round(seconds, 1),
            "tokens_per_s": round(windows.numel() / seconds)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calibration-tokens", type=int, default=32768)
    parser.add_argument("--out", default=str(ROOT / "bench/results/calibration.json"))
    args = parser.parse_args()
    results = {"torch_threads": torch.get_num_threads(), "calibration_tokens": args.calibration_tokens}
    for name, shape in SHAPES.items():
        with tempfile.TemporaryDirectory(prefix="accllm-bench-calibration-") as tmp:
            results[name] = figures = measure(shape, args.calibration_tokens, Path(tmp))
        print(f"{name}: {figures['parameters'] / 1e6:.1f}M parameters, {figures['windows'][0]} x "
              f"{figures['windows'][1]} tokens generated in {figures['seconds']} s ({figures['tokens_per_s']} tok/s)")
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
