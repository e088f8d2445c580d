"""The evaluation behind `accllm eval`: what each compression step costs in perplexity.

Rows add one step at a time (FP, +2:4, +W2, +A8, +KV4, +Λ), then the full configuration with
and without recovery, plus the naive baselines each method must beat (magnitude 2:4 for
SparseGPT, RTN for GPTQ). Every row is compressed with the same calibration windows and
evaluated on the same tokens with the fast fake-quant model, and reports the accelerator's
weight bytes so the accuracy/bandwidth trade-off is visible.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import numpy as np
import torch

from accllm.compression.compressed_model import CompressedModel
from accllm.compression.config import CompressionConfig
from accllm.compression.evaluate import perplexity
from accllm.compression.fake_quant import FakeQuantDecoder
from accllm.compression.pipeline import compress_decoder
from accllm.compression.recovery import recover
from accllm.frontend.decoder_spec import DecoderSpec


@dataclass
class AblationRow:
    name: str
    perplexity: float
    ratio_to_fp: float
    bits_per_weight: float
    seconds: float
    config: dict


def ablation_configs(full: CompressionConfig) -> list[tuple[str, CompressionConfig]]:
    """The ablation ladder around the `full` configuration."""
    fp = configured_only(full)[0][1]
    sparse = fp.with_(sparsity=full.sparsity, sparsity_method=full.sparsity_method)
    w2 = sparse.with_(weight_bits=full.weight_bits, weight_group=full.weight_group,
                      quant_method=full.quant_method)
    a8 = w2.with_(act_bits=full.act_bits, lm_head=full.lm_head)
    kv4 = a8.with_(kv_bits=full.kv_bits, kv_keys=full.kv_keys)
    lam = kv4.with_(window=full.window, sinks=full.sinks, rope_positions=full.rope_positions)
    rows = [
        ("FP", fp),
        (f"+{_nm(full)} ({full.sparsity_method})", sparse),
        (f"+{_nm(full)} magnitude (baseline)", sparse.with_(sparsity_method="magnitude")),
        (f"+W{full.weight_bits} g{full.weight_group} ({full.quant_method})", w2),
        (f"+W{full.weight_bits} RTN, magnitude (baselines)",
         w2.with_(quant_method="rtn", sparsity_method="magnitude")),
        (f"+A{full.act_bits}", a8),
        (f"+KV{full.kv_bits}", kv4),
        (f"+Λ sinks {full.sinks} window {full.window} (full, no recovery)", lam.with_(recovery_steps=0)),
        ("W-only RTN, no sparsity (baseline)", fp.with_(weight_bits=full.weight_bits,
                                                       weight_group=full.weight_group,
                                                       quant_method="rtn")),
        ("W-only GPTQ, no sparsity", fp.with_(weight_bits=full.weight_bits,
                                              weight_group=full.weight_group)),
    ]
    if full.recovery_steps > 0:
        rows.append((f"full + recovery ({full.recovery_steps} steps)", lam.with_(
            recovery_steps=full.recovery_steps, recovery_lr=full.recovery_lr)))
    return rows


def _nm(config: CompressionConfig) -> str:
    return "{}:{}".format(*config.sparsity) if config.sparsity else "dense"


def bits_per_weight(config: CompressionConfig) -> float:
    """Bits the engine streams per original decoder weight (codes + 2:4 indices + fp16
    scales and zero points per group)."""
    keep = config.sparsity[0] / config.sparsity[1] if config.sparsity else 1.0
    index_bits = 0.0
    if config.sparsity:
        # "code3": one 3-bit pattern code per group of 4; "pair2": a 2-bit index per kept weight.
        index_bits = 3 / 4 if config.index_encoding == "code3" else keep * 2
    if config.weight_bits is None:
        return 16.0 * keep + index_bits
    per_group = 16 + config.weight_bits  # fp16 scale + integer zero point
    return config.weight_bits * keep + index_bits + per_group / config.weight_group


def configured_only(full: CompressionConfig) -> list[tuple[str, CompressionConfig]]:
    """FP and the given configuration, without the ladder."""
    fp = CompressionConfig.fp().with_(calibration_tokens=full.calibration_tokens,
                                      calibration_seq_len=full.calibration_seq_len, seed=full.seed)
    return [("FP", fp), ("configured", full)]


def run_ablation(
    spec: DecoderSpec,
    tensors,
    full: CompressionConfig,
    calibration: torch.Tensor | None,
    eval_tokens: np.ndarray,
    *,
    context: int,
    stride: int | None = None,
    device: str | torch.device = "cpu",
    max_windows: int | None = None,
    progress: bool = True,
    ladder: bool = True,
    compressed: CompressedModel | None = None,
    log=print,
) -> list[AblationRow]:
    """Compress and evaluate each configuration of the ladder (or only FP and `full`; with
    `compressed`, FP and that already compressed model)."""
    rows: list[AblationRow] = []
    fp_ppl = None
    for name, config in ablation_configs(full) if ladder else configured_only(full):
        start = time.perf_counter()
        if config.is_uncompressed:
            model = FakeQuantDecoder(spec, tensors, config).to(device)
        elif compressed is not None and not ladder:
            model = compressed.fake_quant_model(device)
        else:
            torch.manual_seed(config.seed)
            model = FakeQuantDecoder(spec, tensors, config).to(device)
            weights = compress_decoder(model, calibration, progress=progress)
            compressed = CompressedModel(spec, config, tensors, weights)
            if config.recovery_steps > 0:
                compressed = recover(compressed, calibration, device=device, progress=progress)
            model = compressed.fake_quant_model(device)
        model.eval()
        ppl = perplexity(model, eval_tokens, context, stride, max_windows=max_windows,
                         progress=progress, desc=name[:20])
        fp_ppl = fp_ppl or ppl
        row = AblationRow(name, ppl, ppl / fp_ppl, bits_per_weight(config),
                          time.perf_counter() - start, json.loads(config.to_json()))
        rows.append(row)
        log(f"{name:<58} ppl {ppl:9.3f}  x{row.ratio_to_fp:6.3f}  {row.bits_per_weight:5.2f} bits/w")
    return rows


def rows_to_markdown(rows: list[AblationRow], title: str) -> str:
    lines = [f"### {title}", "", "| configuration | perplexity | x FP | bits / weight | time (s) |",
             "|---|---:|---:|---:|---:|"]
    lines += [f"| {r.name} | {r.perplexity:.3f} | {r.ratio_to_fp:.3f} | {r.bits_per_weight:.2f} | "
              f"{r.seconds:.0f} |" for r in rows]
    return "\n".join(lines) + "\n"
