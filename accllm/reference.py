"""Check raised accllm IR numerically against Hugging Face transformers.

The interpreter runs the accllm IR on the checkpoint's weights (read from safetensors by
name); transformers runs the same checkpoint; their logits must agree to float32 rounding.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModelForCausalLM

from accllm.compiler import compile as compile_model
from accllm.frontend.importer import with_supported_attention
from accllm.interpreter import run_forward


@dataclass(frozen=True)
class Comparison:
    seq_len: int
    max_abs: float
    max_rel: float


def relative_error(got: np.ndarray, want: np.ndarray) -> float:
    """max |got - want| / max |want|: the error relative to the logits' scale."""
    return float(np.max(np.abs(got - want)) / max(float(np.max(np.abs(want))), 1e-30))


def compare_with_transformers(model_dir: str | Path, *, seq_len: int = 16, seed: int = 0) -> Comparison:
    design = compile_model(model_dir)
    vocab = int(design.config.vocab_size)
    ids = np.random.default_rng(seed).integers(0, vocab, size=(1, seq_len), dtype=np.int64)
    got = run_forward(design.accllm_ir, design.weights, ids)
    model = with_supported_attention(lambda attention: AutoModelForCausalLM.from_pretrained(
        str(model_dir), dtype=torch.float32, attn_implementation=attention, local_files_only=True
    )).eval()
    with torch.no_grad():
        want = model(input_ids=torch.from_numpy(ids), use_cache=False).logits.numpy()
    return Comparison(seq_len, float(np.max(np.abs(got - want))), relative_error(got, want))
