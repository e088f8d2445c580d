"""The compressed-weight format the engine consumes: group-wise integer codes, float16 scales,
integer zero points and the N:M keep mask.

The weight at (row r, input i) lies in group g = i // group and is stored as an unsigned
`bits`-bit code c; it dequantizes to (c - zero[r, g]) * scale[r, g]. Scales are float16 values
(the engine stores them as float16) held in float32 so host code computes with them exactly.
Zero points are integer codes, so every group's grid contains 0 exactly: a pruned weight is
stored as code == zero and the dequantization formula yields 0 with no special case, which
keeps the engine's decoder the same for dense and sparse weights.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

import numpy as np
import torch

from accllm.frontend.weight_packing import PackedLayout, PackedWeight, pack, unpack


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class WeightQuantSpec:
    """How weights are quantized: the fields of `accllm.wq`, plus `clip_search`, a choice of the
    compression algorithm rather than of the format. With `clip_search`, each group's range is
    shrunk by the factor in 1.0 .. 0.5 that minimizes its (Hessian-diagonal weighted, when a
    Hessian is known) squared error: at 2 bits clipping a few outliers beats a coarse grid.

    Symmetric groups fix the zero point at the mid code 2^(bits-1) (the engine then needs no
    zero-point storage); their grid is the GPTQ one, scale = 2 * max|w| / (2^bits - 1)."""

    bits: int = 2
    group: int = 128
    symmetric: bool = False
    clip_search: bool = True

    def __post_init__(self) -> None:
        if not _is_int(self.bits) or not 1 <= self.bits <= 8:
            raise ValueError(f"weight bits must be an integer in [1, 8], got {self.bits!r}")
        if not _is_int(self.group) or self.group < 1:
            raise ValueError(f"quantization group must be a positive integer, got {self.group!r}")

    @property
    def maxq(self) -> int:
        """The largest code."""
        return (1 << self.bits) - 1

    @property
    def symmetric_zero(self) -> int:
        """The fixed zero point of symmetric groups."""
        return 1 << (self.bits - 1)

    def groups(self, in_features: int) -> int:
        """Groups per row; the engine reads whole groups, so they must tile the row."""
        if in_features % self.group:
            raise ValueError(
                f"in_features ({in_features}) must be a multiple of the quantization group "
                f"({self.group})"
            )
        return in_features // self.group


def as_spec(spec: object) -> WeightQuantSpec:
    """Validate a quantization spec argument."""
    if not isinstance(spec, WeightQuantSpec):
        raise ValueError(f"quantization spec must be a WeightQuantSpec, got {_describe(spec)}")
    return spec


def as_weight(W: torch.Tensor) -> torch.Tensor:
    """Validate a [out, in] floating-point weight matrix and return it as float32 (possibly
    the same tensor: callers copy before writing)."""
    if not isinstance(W, torch.Tensor) or W.dim() != 2 or not W.is_floating_point():
        raise ValueError(f"weight must be a 2-D floating-point tensor, got {_describe(W)}")
    if W.numel() == 0:
        raise ValueError(f"weight must be non-empty, got shape {tuple(W.shape)}")
    W = W.float()
    if not torch.isfinite(W).all():
        raise ValueError("weight contains NaN or infinite values")
    return W


def as_mask(mask: torch.Tensor, W: torch.Tensor) -> torch.Tensor:
    """Validate a keep mask (True = kept) for `W`."""
    if not isinstance(mask, torch.Tensor) or mask.dtype != torch.bool:
        raise ValueError(f"mask must be a bool tensor, got {_describe(mask)}")
    if mask.shape != W.shape:
        raise ValueError(f"mask shape {tuple(mask.shape)} does not match weight {tuple(W.shape)}")
    if mask.device != W.device:
        raise ValueError(f"mask is on {mask.device} but weight is on {W.device}")
    return mask


def _describe(value: object) -> str:
    if isinstance(value, torch.Tensor):
        return f"{value.dtype} tensor of shape {tuple(value.shape)}"
    return type(value).__name__


@dataclass
class QuantizedWeight:
    """One quantized (and possibly pruned) [out, in] weight matrix.

    - `codes`: uint8 [out, in], each in [0, 2^bits - 1];
    - `scales`: float32 [out, in / group], float16-exact and strictly positive;
    - `zeros`: uint8 [out, in / group] in [0, 2^bits - 1] (2^(bits-1) when symmetric);
    - `mask`: bool [out, in], True = kept (all True when unpruned); pruned positions hold
      code == zero point."""

    codes: torch.Tensor
    scales: torch.Tensor
    zeros: torch.Tensor
    mask: torch.Tensor
    spec: WeightQuantSpec

    def dequantize(self) -> torch.Tensor:
        """float32 [out, in]: (code - zero) * scale, exactly 0 at pruned positions."""
        scales = self.scales.repeat_interleave(self.spec.group, dim=1)
        zeros = self.zeros.repeat_interleave(self.spec.group, dim=1).float()
        return (self.codes.float() - zeros) * scales

    def pack(self, nm: tuple[int, int] | None, index_encoding: str = "pair2") -> PackedWeight:
        """The engine's packed storage (see frontend.weight_packing); `nm` None = dense."""
        out_f, in_f = self.codes.shape
        layout = PackedLayout(out_f, in_f, self.spec.bits, self.spec.group, self.spec.symmetric,
                              nm, index_encoding)
        return pack(self.codes.cpu().numpy(), self.scales.cpu().numpy(), self.zeros.cpu().numpy(),
                    self.mask.cpu().numpy(), layout)

    @staticmethod
    def from_packed(packed: PackedWeight) -> QuantizedWeight:
        codes, scales, zeros, mask = unpack(packed)
        layout = packed.layout
        spec = WeightQuantSpec(layout.bits, layout.group, layout.symmetric)
        weight = QuantizedWeight(*(torch.from_numpy(np.ascontiguousarray(a))
                                   for a in (codes, scales, zeros, mask)), spec)
        weight.check()
        return weight

    def check(self) -> None:
        """Raise ValueError unless every invariant of the format holds."""
        spec = self.spec
        if not isinstance(spec, WeightQuantSpec):
            _invalid(f"spec must be a WeightQuantSpec, got {_describe(spec)}")
        codes, scales, zeros, mask = self.codes, self.scales, self.zeros, self.mask
        if codes.dtype != torch.uint8 or codes.dim() != 2:
            _invalid(f"codes must be 2-D uint8, got {_describe(codes)}")
        out_f, in_f = codes.shape
        shape = (out_f, spec.groups(in_f))
        if scales.dtype != torch.float32 or tuple(scales.shape) != shape:
            _invalid(f"scales must be float32 {shape}, got {_describe(scales)}")
        if zeros.dtype != torch.uint8 or tuple(zeros.shape) != shape:
            _invalid(f"zeros must be uint8 {shape}, got {_describe(zeros)}")
        if mask.dtype != torch.bool or mask.shape != codes.shape:
            _invalid(f"mask must be bool {tuple(codes.shape)}, got {_describe(mask)}")
        if len({t.device for t in (codes, scales, zeros, mask)}) != 1:
            _invalid("codes, scales, zeros and mask are on different devices")
        if not (torch.isfinite(scales).all() and (scales > 0).all()):
            _invalid("scales must be finite and strictly positive")
        if not torch.equal(scales.half().float(), scales):
            _invalid("scales are not exactly representable in float16")
        if codes.numel() and (int(codes.max()) > spec.maxq or int(zeros.max()) > spec.maxq):
            _invalid(f"codes and zeros must lie in [0, {spec.maxq}]")
        if spec.symmetric and not (zeros == spec.symmetric_zero).all():
            _invalid(f"symmetric zero points must all be {spec.symmetric_zero}")
        zero_at = zeros.repeat_interleave(spec.group, dim=1)
        if not torch.equal(codes[~mask], zero_at[~mask]):
            _invalid("pruned positions must hold code == zero point")


def _invalid(message: str) -> NoReturn:
    raise ValueError(f"QuantizedWeight: {message}")
