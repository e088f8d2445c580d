"""N:M semi-structured sparsity masks: exactly `n` kept weights in every `m` consecutive input
positions of each row.

The engine's sparse mode stores each m-slice as n values plus their in-slice indices, a
fixed-size record, so masks keep exactly n (never fewer, even where more weights are zero).
"""

from __future__ import annotations

import torch


def check_nm(n: int, m: int, in_features: int | None = None) -> None:
    """Raise ValueError unless 0 < n < m (as `accllm.nm` requires) and slices tile the row."""
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (n, m)) or not 0 < n < m:
        raise ValueError(f"N:M sparsity needs integers 0 < N < M, got {n!r}:{m!r}")
    if in_features is not None and in_features % m:
        raise ValueError(
            f"in_features ({in_features}) must be a multiple of M ({m}) for {n}:{m} sparsity"
        )


def nm_mask_from_scores(scores: torch.Tensor, n: int, m: int) -> torch.Tensor:
    """bool mask, True = kept: the n largest `scores` of every m consecutive input positions of
    each row; equal scores keep the lower input position (a stable sort), so the mask is
    deterministic on every device."""
    if not isinstance(scores, torch.Tensor) or scores.dim() != 2:
        raise ValueError(f"scores must be a 2-D tensor, got {type(scores).__name__}")
    out_f, in_f = scores.shape
    check_nm(n, m, in_f)
    if torch.isnan(scores).any():
        raise ValueError("scores contain NaN")
    slices = scores.reshape(out_f, in_f // m, m)
    top = torch.sort(slices, dim=-1, descending=True, stable=True).indices[..., :n]
    mask = torch.zeros(slices.shape, dtype=torch.bool, device=scores.device)
    return mask.scatter_(-1, top, True).reshape(out_f, in_f)


def is_exact_nm(mask: torch.Tensor, n: int, m: int) -> bool:
    """Whether `mask` keeps exactly n of every m consecutive positions of each row."""
    check_nm(n, m, mask.shape[-1])
    return bool((mask.reshape(*mask.shape[:-1], -1, m).sum(dim=-1) == n).all())
