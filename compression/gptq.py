"""GPTQ (Frantar et al. 2022): quantize one weight matrix column by column, feeding each
column's rounding error back into the columns not yet quantized through the inverse-Hessian
Cholesky factor (see `obs`).

Differences from the reference implementation, all deliberate:
- a group's scale and zero point are fixed when its first column is reached, from the
  up-to-date (error-corrected) values of all its columns; the reference reads stale values
  for columns later in the same block;
- with a `mask` (pruning-aware), ranges cover kept weights only and pruned weights are forced
  to exactly 0 (code == zero point), their error propagated like any rounding error;
- the clip search weights each group's squared error by diag(H);
- `act_order` processes columns by descending diag(H) but keeps groups on the ORIGINAL input
  positions, as the engine needs contiguous groups: a group's grid is fixed when the first of
  its (now scattered) columns is reached.
"""

from __future__ import annotations

import torch

from accllm.compression.obs import obs_compress
from accllm.compression.weight_format import QuantizedWeight, WeightQuantSpec, as_spec


def gptq(
    W: torch.Tensor,
    H: torch.Tensor,
    spec: WeightQuantSpec,
    mask: torch.Tensor | None = None,
    blocksize: int = 128,
    percdamp: float = 0.01,
    act_order: bool = False,
) -> QuantizedWeight:
    """Quantize W [out, in] with `spec`, given the calibration Hessian H = 2 X^T X [in, in];
    `mask` (bool, True = kept) fixes pruned positions to 0."""
    spec = as_spec(spec)
    result = obs_compress(
        W, H, spec=spec, mask=mask, act_order=bool(act_order), blocksize=blocksize,
        percdamp=percdamp,
    )
    return result.quantized(spec)
