"""Perplexity of a model on a token stream, at a fixed context and stride."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch
from tqdm import tqdm


@torch.no_grad()
def perplexity(
    logits_fn: Callable[[torch.Tensor], torch.Tensor],
    tokens: np.ndarray,
    context: int,
    stride: int | None = None,
    *,
    batch_size: int = 4,
    max_windows: int | None = None,
    progress: bool = False,
    desc: str = "ppl",
) -> float:
    """exp(mean NLL) over full windows of `context` tokens starting every `stride` tokens
    (default `context`: non-overlapping). Each window scores its tokens but the first;
    with overlapping windows (stride < context) later windows score only their last
    `stride` tokens, each with at least `context - stride` tokens of history."""
    stride = stride or context
    if not 0 < stride <= context:
        raise ValueError(f"stride must be in [1, context], got {stride}")
    context = min(context, len(tokens))
    starts = list(range(0, len(tokens) - context + 1, stride))
    if max_windows is not None:
        starts = starts[:max_windows]
    nll, count = 0.0, 0
    batches = [starts[i : i + batch_size] for i in range(0, len(starts), batch_size)]
    for batch in tqdm(batches, desc=desc, disable=not progress, unit="batch"):
        ids = torch.from_numpy(np.stack([tokens[s : s + context] for s in batch]))
        logp = torch.log_softmax(logits_fn(ids).float(), dim=-1)
        for row, start in enumerate(batch):
            first = 1 if start == 0 else max(1, context - stride)
            targets = ids[row, first:]
            picked = logp[row, first - 1 : context - 1].gather(-1, targets[:, None])
            nll -= float(picked.sum())
            count += len(targets)
    return math.exp(nll / max(count, 1))
