"""Benchmark: peak memory of layer-by-layer compression at Llama-2-7B layer widths.

Builds a 2-layer LLaMA with hidden 4096, FFN 11008, 32 heads (random weights, float16
safetensors in a temporary folder, in a separate process), then compresses it with the full
default configuration (SparseGPT 2:4 + GPTQ W2 + A8/KV4/Λ activations) on random calibration
windows, and reports wall time and peak RSS next to the size of one decoder layer in float32
and the Hessian workspace of its widest linear.
Writes bench/results/compress_memory.json.

    .venv/bin/python bench/compress_memory.py [--layers 2] [--tokens 2048]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HIDDEN, FFN, HEADS, VOCAB = 4096, 11008, 32, 1024


def make_checkpoint(directory: str, layers: int) -> None:
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=VOCAB, hidden_size=HIDDEN, intermediate_size=FFN,
                         num_hidden_layers=layers, num_attention_heads=HEADS,
                         num_key_value_heads=HEADS, max_position_embeddings=4096)
    LlamaForCausalLM(config).half().save_pretrained(directory)


def compress_checkpoint(directory: str, tokens: int, seq_len: int) -> dict:
    import torch

    from accllm.compression.compress import load_decoder
    from accllm.compression.config import CompressionConfig
    from accllm.compression.fake_quant import FakeQuantDecoder
    from accllm.compression.pipeline import compress_decoder

    start = time.perf_counter()
    spec, tensors, _ = load_decoder(directory)
    config = CompressionConfig(window=1020, calibration_tokens=tokens, calibration_seq_len=seq_len)
    windows = torch.randint(0, VOCAB, (max(1, tokens // seq_len), seq_len),
                            generator=torch.Generator().manual_seed(0))
    model = FakeQuantDecoder(spec, tensors, config, lazy_layers=True)
    weights = compress_decoder(model, windows, progress=True, release_layers=True)
    layer_params = sum(lin.in_features * lin.out_features for lin in spec.layers[0].linears.values())
    return {
        "layers": len(spec.layers), "hidden": HIDDEN, "ffn": FFN,
        "calibration_tokens": int(windows.numel()),
        "compressed_linears": len(weights),
        "seconds": round(time.perf_counter() - start, 1),
        "peak_rss_gib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2),
        "one_layer_float32_gib": round(layer_params * 4 / 2**30, 2),
        # The sweep's workspace: the widest Hessian plus its two factorization buffers.
        "hessian_workspace_gib": round(3 * FFN * FFN * 4 / 2**30, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--tokens", type=int, default=2048)
    parser.add_argument("--seq-len", type=int, default=512)
    parser.add_argument("--out", default=str(Path(__file__).parent / "results"))
    parser.add_argument("--_make", help=argparse.SUPPRESS)
    parser.add_argument("--_compress", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args._make:
        make_checkpoint(args._make, args.layers)
        return 0
    if args._compress:
        print(json.dumps(compress_checkpoint(args._compress, args.tokens, args.seq_len)))
        return 0
    with tempfile.TemporaryDirectory(prefix="accllm-7b-width-") as tmp:
        subprocess.run([sys.executable, __file__, "--layers", str(args.layers), "--_make", tmp], check=True)
        proc = subprocess.run(
            [sys.executable, __file__, "--tokens", str(args.tokens), "--seq-len", str(args.seq_len),
             "--_compress", tmp], check=True, stdout=subprocess.PIPE, text=True,
        )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "compress_memory.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"{result['layers']} layers at hidden {HIDDEN} / FFN {FFN}: compressed in {result['seconds']} s, "
          f"peak RSS {result['peak_rss_gib']} GiB (one layer in float32: {result['one_layer_float32_gib']} GiB, "
          f"Hessian workspace: {result['hessian_workspace_gib']} GiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
