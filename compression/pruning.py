"""Choosing which weights an N:M mask prunes: by magnitude, by Wanda's activation-aware score,
or by SparseGPT, which also updates the kept weights to compensate.

All return exactly-N:M masks (see `nm`), True = kept.
"""

from __future__ import annotations

import torch

from accllm.compression.nm import nm_mask_from_scores
from accllm.compression.obs import obs_compress
from accllm.compression.weight_format import QuantizedWeight, WeightQuantSpec, as_spec, as_weight

__all__ = ["magnitude_mask", "nm_mask_from_scores", "sparsegpt", "wanda_mask"]


def magnitude_mask(W: torch.Tensor, n: int = 2, m: int = 4) -> torch.Tensor:
    """Keep the n largest |w| of every m inputs."""
    return nm_mask_from_scores(as_weight(W).abs(), n, m)


def wanda_mask(W: torch.Tensor, input_norms: torch.Tensor, n: int = 2, m: int = 4) -> torch.Tensor:
    """Wanda (Sun et al. 2023): keep the n largest |w_ij| * ||X_j||_2 of every m inputs, where
    `input_norms` [in] holds the L2 norm of each input feature over the calibration tokens.
    A small weight on an outlier feature moves the output more than a large one on a quiet
    feature, which magnitude pruning cannot see."""
    W = as_weight(W)
    if not isinstance(input_norms, torch.Tensor) or tuple(input_norms.shape) != (W.shape[1],):
        raise ValueError(
            f"input_norms must be a [{W.shape[1]}] tensor (one L2 norm per input feature)"
        )
    if input_norms.device != W.device:
        raise ValueError(f"input_norms is on {input_norms.device} but weight is on {W.device}")
    norms = input_norms.float()
    if not (torch.isfinite(norms).all() and (norms >= 0).all()):
        raise ValueError("input_norms must be finite and non-negative")
    return nm_mask_from_scores(W.abs() * norms, n, m)


def sparsegpt(
    W: torch.Tensor,
    H: torch.Tensor,
    n: int = 2,
    m: int = 4,
    quant: WeightQuantSpec | None = None,
    blocksize: int = 128,
    percdamp: float = 0.01,
) -> QuantizedWeight | tuple[torch.Tensor, torch.Tensor]:
    """SparseGPT (Frantar & Alistarh 2023) with an N:M mask, given H = 2 X^T X [in, in].

    Each m-slice's mask keeps the n largest w^2 / U[j, j]^2 of the slice's current weights
    (U the inverse-Hessian Cholesky factor), chosen when the sweep reaches the slice as in the
    reference; pruned weights' errors are compensated by the kept columns not yet processed.

    Without `quant`, returns (W_pruned float32 [out, in], mask). With `quant`, prunes and
    quantizes jointly and returns a QuantizedWeight: each group's grid is fixed when the sweep
    reaches the group, over its kept weights only, so the masks of the slices the group
    touches are chosen at that moment (slightly earlier than the reference would, from the
    same criterion) — the grid must know which weights survive."""
    if quant is not None:
        quant = as_spec(quant)
    result = obs_compress(W, H, spec=quant, nm=(n, m), blocksize=blocksize, percdamp=percdamp)
    if quant is None:
        return result.values, result.mask
    return result.quantized(quant)
