"""Mapping weights onto the group-wise integer grid: the per-group scale / zero-point search
shared by every algorithm, and round-to-nearest (RTN), the baseline that uses nothing else.

Ranges are taken over the kept weights only, so a pruned outlier does not coarsen the grid of
the weights that survive, and are extended to include 0: the grid (code - zero) * scale always
contains 0 because the zero point is itself a code, so a range that excludes 0 could not be
covered anyway (this is also what the GPTQ reference does).
"""

from __future__ import annotations

import torch

from accllm.compression.weight_format import (
    QuantizedWeight,
    WeightQuantSpec,
    as_mask,
    as_spec,
    as_weight,
)

# Clip search: shrink factors of the range, 1.0 down to 0.5 in 20 steps (1.0 first, so a tie
# keeps the full range).
CLIP_SHRINKS = tuple(1.0 - 0.5 * k / 19 for k in range(20))
# Scales are float16 on the engine: the smallest positive (subnormal) and largest finite one.
_MIN_SCALE = 2.0**-24
_MAX_SCALE = 65504.0


def _grid(
    lo: torch.Tensor, hi: torch.Tensor, spec: WeightQuantSpec
) -> tuple[torch.Tensor, torch.Tensor]:
    """Scale and zero point covering [lo, hi] (lo <= 0 <= hi). A zero-width range (an all-zero
    group) gets the smallest float16 scale: every weight then maps to the zero point exactly."""
    if spec.symmetric:
        scale = 2 * torch.maximum(-lo, hi) / spec.maxq
    else:
        scale = (hi - lo) / spec.maxq
    scale = scale.clamp(_MIN_SCALE, _MAX_SCALE).half().float()
    if spec.symmetric:
        zero = torch.full_like(scale, float(spec.symmetric_zero))
    else:
        zero = torch.round(-lo / scale).clamp(0, spec.maxq)
    return scale, zero


def quantize_codes(
    w: torch.Tensor, scale: torch.Tensor, zero: torch.Tensor, spec: WeightQuantSpec
) -> torch.Tensor:
    """Nearest code (as float32) of each weight; `scale` and `zero` broadcast against `w`."""
    return torch.clamp(torch.round(w / scale) + zero, 0, spec.maxq)


def group_params(
    w: torch.Tensor,
    spec: WeightQuantSpec,
    kept: torch.Tensor | None = None,
    importance: torch.Tensor | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Scale and zero point (float32 [rows], the zero integer-valued) of each row of the
    float32 groups `w` [rows, group].

    `kept` (bool, like `w`) restricts the range and the clip-search error to kept weights;
    `importance` ([group], e.g. diag of the Hessian) weights the clip-search error per input."""
    kept_w = w if kept is None else torch.where(kept, w, 0.0)
    lo = kept_w.amin(dim=1).clamp(max=0)
    hi = kept_w.amax(dim=1).clamp(min=0)
    if not spec.clip_search:
        return _grid(lo, hi, spec)
    best_err = best_scale = best_zero = None
    for shrink in CLIP_SHRINKS:
        scale, zero = _grid(lo * shrink, hi * shrink, spec)
        s, z = scale[:, None], zero[:, None]
        err = (quantize_codes(kept_w, s, z, spec) - z) * s - kept_w
        err = err.square()
        if importance is not None:
            err = err * importance
        err = err.sum(dim=1)
        if best_err is None:
            best_err, best_scale, best_zero = err, scale, zero
        else:
            better = err < best_err
            best_err = torch.where(better, err, best_err)
            best_scale = torch.where(better, scale, best_scale)
            best_zero = torch.where(better, zero, best_zero)
    return best_scale, best_zero


def quantize_rtn(
    W: torch.Tensor, spec: WeightQuantSpec, mask: torch.Tensor | None = None
) -> QuantizedWeight:
    """Round-to-nearest: each group's grid from its kept weights (with the clip search when
    `spec.clip_search`, unweighted: RTN knows no activations), each weight to its nearest code,
    pruned positions (mask False) to the zero point."""
    W = as_weight(W)
    spec = as_spec(spec)
    out_f, in_f = W.shape
    n_groups = spec.groups(in_f)
    kept = torch.ones_like(W, dtype=torch.bool) if mask is None else as_mask(mask, W).clone()
    rows = W.reshape(out_f * n_groups, spec.group)
    kept_rows = kept.reshape(rows.shape)
    scale, zero = group_params(rows, spec, kept_rows)
    codes = quantize_codes(rows, scale[:, None], zero[:, None], spec)
    codes = torch.where(kept_rows, codes, zero[:, None])
    return QuantizedWeight(
        codes=codes.reshape(out_f, in_f).to(torch.uint8),
        scales=scale.reshape(out_f, n_groups),
        zeros=zero.reshape(out_f, n_groups).to(torch.uint8),
        mask=kept,
        spec=spec,
    )
