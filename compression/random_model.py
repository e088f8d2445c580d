"""A compressed model with random weights in the compressed format, for an architecture
compiled without a checkpoint.

The engine, the HLS kernel and the golden model only see packed codes, 2:4 indices, scales
and zero points, so a kernel at a big model's widths (Llama-2-7B: hidden 4096, FFN 11008)
can be simulated, timed and checked bit for bit against the golden model without a
checkpoint or a compression run:

    design = compile(config, target="u280", compression=CompressionConfig())
    model = random_compressed_model(DecoderSpec.from_ir(design.accllm_ir), CompressionConfig())

Weights are uniform codes with a random N:M keep pattern per slice, zero points uniform,
float16 scales sized so that a linear roughly preserves the scale of a normalized input;
embedding and lm_head rows are N(0, 1/hidden); norms are ones.
"""

from __future__ import annotations

import numpy as np
import torch

from accllm.compression.compressed_model import CompressedModel
from accllm.compression.config import CompressionConfig
from accllm.compression.weight_format import QuantizedWeight, WeightQuantSpec
from accllm.frontend.decoder_spec import DecoderSpec, LinearSpec
from accllm.frontend.weight_packing import keep_patterns


def random_quantized(linear: LinearSpec, config: CompressionConfig, rng: np.random.Generator) -> QuantizedWeight:
    """A random [out, in] weight in the configuration's format (bits, group, N:M)."""
    out_f, in_f = linear.out_features, linear.in_features
    bits, group = config.weight_bits, config.weight_group
    levels = 1 << bits
    if config.sparsity is None:
        mask = np.ones((out_f, in_f), dtype=bool)
    else:
        n, m = config.sparsity
        patterns = keep_patterns(n, m)  # [choices, m]: the keep masks of a slice
        mask = patterns[rng.integers(0, len(patterns), size=(out_f, in_f // m))].reshape(out_f, in_f)
    zeros = rng.integers(0, levels, size=(out_f, in_f // group), dtype=np.uint8)
    codes = rng.integers(0, levels, size=(out_f, in_f), dtype=np.uint8)
    codes = np.where(mask, codes, np.repeat(zeros, group, axis=1))
    kept = mask.sum(axis=1, keepdims=True).clip(min=1)
    scale = (1.0 / np.sqrt(kept * (levels * levels - 1) / 6.0)).astype(np.float16)
    scales = np.repeat(scale, in_f // group, axis=1).astype(np.float32)
    weight = QuantizedWeight(torch.from_numpy(codes), torch.from_numpy(scales), torch.from_numpy(zeros),
                             torch.from_numpy(mask), WeightQuantSpec(bits, group))
    weight.check()
    return weight


def random_compressed_model(spec: DecoderSpec, config: CompressionConfig, *, seed: int = 0) -> CompressedModel:
    """Every linear of `spec` random in `config`'s format; float tensors for the rest."""
    if config.weight_bits is None:
        raise ValueError("a random compressed model needs quantized weights (weight_bits)")
    rng = np.random.default_rng(seed)
    hidden, vocab = spec.hidden_size, spec.vocab_size
    tensors: dict[str, np.ndarray] = {
        spec.embedding: rng.standard_normal((vocab, hidden), dtype=np.float32) / np.float32(np.sqrt(hidden)),
        spec.final_norm: np.ones(hidden, dtype=np.float32),
    }
    if spec.lm_head not in tensors:
        tensors[spec.lm_head] = rng.standard_normal((vocab, hidden), dtype=np.float32) / np.float32(np.sqrt(hidden))
    weights: dict[str, QuantizedWeight | torch.Tensor] = {}
    for layer in spec.layers:
        for norm in layer.norms.values():
            tensors[norm] = np.ones(hidden, dtype=np.float32)
        for norm, linear in ((layer.q_norm, layer.q), (layer.k_norm, layer.k)):
            if norm is not None:
                tensors[norm.weight] = np.ones(linear.out_features // norm.groups, dtype=np.float32)
        for linear in layer.linears.values():
            weights[linear.weight] = random_quantized(linear, config, rng)
            if linear.bias is not None:
                tensors[linear.bias] = np.zeros(linear.out_features, dtype=np.float32)
    return CompressedModel(spec, config, tensors, weights)
