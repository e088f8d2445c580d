"""Bit-exact float32 building blocks of the engine's numerics.

Every function here uses only IEEE float32 `+ - * /`, `sqrt`, comparisons, `rint`
(round-half-to-even) and exact power-of-two scaling, each rounded separately, in a fixed
order. numpy's float32 elementwise arithmetic is exactly that, and so is C++ `float` compiled
with `-ffp-contract=off` (no fused multiply-add) on SSE, so the generated HLS C++ can reproduce
these results bit for bit. Library `exp`/`sin`/`cos` and numpy's pairwise `sum` are avoided:
their results differ between implementations.

- `tree_sum`: reductions add adjacent halves (padded with zeros to a power of two), the
  adder tree an FPGA builds anyway;
- `interleaved_sum`: a reduction streamed an element a cycle (the softmax denominator):
  SOFTMAX_PARTIALS running sums, element i into sum i mod SOFTMAX_PARTIALS, then their tree;
- `exp_f32`: Cody-Waite range reduction to r in [-ln2/2, ln2/2] and a degree-6 polynomial;
- `silu_f32`, `gelu_tanh_f32`, `gelu_erf_f32`: the gated MLP's activations, from `exp_f32`;
- `tanh_f32`, `softcap_f32`: logit soft-capping, from `exp_f32`;
- `sincos_f32`: reduction by pi/2 in three parts and degree-7/8 polynomials per quadrant.
"""

from __future__ import annotations

import numpy as np

F32 = np.float32

# exp: x = n ln2 + r. LN2_HI has 12 trailing zero bits, so n * LN2_HI is exact for |n| < 2^12.
_LOG2E = F32(1.44269504088896341)
_LN2_HI = F32(0.693145751953125)
_LN2_LO = F32(1.42860682030941723212e-6)
_EXP_MIN, _EXP_MAX = F32(-87.33654), F32(88.0)
# Taylor coefficients 1/k! (k = 6 .. 2) for Horner evaluation; error < 2 ulp on the range.
_EXP_POLY = tuple(F32(c) for c in (1 / 720, 1 / 120, 1 / 24, 1 / 6, 1 / 2, 1.0, 1.0))
# GELU: the tanh form's 2 sqrt(2/pi) and cubic coefficient; the erf form's 1/sqrt(2) and
# Abramowitz-Stegun 7.1.26's p and a5 .. a1 (Horner order).
_GELU_TANH_2K = F32(1.5957691216057308)
_GELU_TANH_CUBIC = F32(0.044715)
_INV_SQRT2 = F32(0.7071067811865476)
_ERFC_P = F32(0.3275911)
_ERFC_POLY = tuple(F32(c) for c in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592))

# sin/cos: a = k pi/2 + r, pi/2 split into three float32 parts (Cody-Waite).
_TWO_OVER_PI = F32(0.636619772367581343)
_PIO2_1 = F32(1.5703125)  # 8 significant bits: k * _PIO2_1 exact for |k| < 2^16
_PIO2_2 = F32(4.837512969970703125e-4)
_PIO2_3 = F32(7.54978995489188216e-8)
_SIN_POLY = tuple(F32(c) for c in (-1 / 5040, 1 / 120, -1 / 6))
_COS_POLY = tuple(F32(c) for c in (1 / 40320, -1 / 720, 1 / 24, -1 / 2))


def tree_sum(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Sum along `axis` by a balanced adder tree: pad with +0.0 to a power of two, then
    repeatedly add the first half to the second half, element by element."""
    x = np.moveaxis(np.asarray(x, dtype=F32), axis, -1)
    n = x.shape[-1]
    if n == 0:
        return np.zeros(x.shape[:-1], dtype=F32)
    width = 1 << (n - 1).bit_length()
    if width != n:
        x = np.concatenate([x, np.zeros((*x.shape[:-1], width - n), dtype=F32)], axis=-1)
    while x.shape[-1] > 1:
        half = x.shape[-1] // 2
        x = x[..., :half] + x[..., half:]
    return x[..., 0]


# Running sums of a streamed reduction: at least the float32 adder's latency in cycles, so
# that each sum's next addition finds the previous one done (one element a cycle, II = 1).
SOFTMAX_PARTIALS = 8


def interleaved_sum(x: np.ndarray, partials: int = SOFTMAX_PARTIALS, axis: int = -1) -> np.ndarray:
    """Sum along `axis` as a stream adds it: element i onto running sum i mod `partials`
    (each from +0.0, in order), then tree_sum of the running sums."""
    x = np.moveaxis(np.asarray(x, dtype=F32), axis, -1)
    n = x.shape[-1]
    if n % partials:  # +0.0 added to a sum that starts at +0.0 never changes it
        x = np.concatenate([x, np.zeros((*x.shape[:-1], partials - n % partials), dtype=F32)], axis=-1)
    rows = x.reshape(*x.shape[:-1], -1, partials)
    sums = np.zeros((*x.shape[:-1], partials), dtype=F32)
    for k in range(rows.shape[-2]):
        sums = sums + rows[..., k, :]
    return tree_sum(sums, axis=-1)


def _pow2(n: np.ndarray) -> np.ndarray:
    """2**n as float32 for integer n in [-126, 127], built from the exponent bits (exact)."""
    bits = (n.astype(np.int32) + 127) << 23
    return bits.astype(np.int32).view(F32)


def exp_f32(x: np.ndarray) -> np.ndarray:
    """e**x in float32 (relative error below 3e-7); 0 below about -87.3, clamped above 88."""
    x = np.asarray(x, dtype=F32)
    underflow = x < _EXP_MIN
    x = np.minimum(np.maximum(x, _EXP_MIN), _EXP_MAX)
    n = np.rint(x * _LOG2E)
    r = (x - n * _LN2_HI) - n * _LN2_LO
    p = np.full_like(r, _EXP_POLY[0])
    for c in _EXP_POLY[1:]:
        p = p * r + c
    # n may reach -126 .. 127; split the scaling in two so 2**n never leaves the normal range.
    half = np.floor_divide(n, F32(2))
    result = (p * _pow2(half)) * _pow2(n - half)
    return np.where(underflow, F32(0.0), result).astype(F32)


def sincos_f32(angle: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sin, cos) of float32 angles |a| < 2**16 * pi/2 (RoPE positions x frequencies)."""
    a = np.asarray(angle, dtype=F32)
    k = np.rint(a * _TWO_OVER_PI)
    r = ((a - k * _PIO2_1) - k * _PIO2_2) - k * _PIO2_3
    r2 = r * r
    s = np.full_like(r, _SIN_POLY[0])
    for c in _SIN_POLY[1:]:
        s = s * r2 + c
    sin_r = r + (r * r2) * s
    c_ = np.full_like(r, _COS_POLY[0])
    for c in _COS_POLY[1:]:
        c_ = c_ * r2 + c
    cos_r = F32(1.0) + r2 * c_
    quadrant = k.astype(np.int64) & 3
    sin = np.select([quadrant == 0, quadrant == 1, quadrant == 2], [sin_r, cos_r, -sin_r], -cos_r)
    cos = np.select([quadrant == 0, quadrant == 1, quadrant == 2], [cos_r, -sin_r, -cos_r], sin_r)
    return sin.astype(F32), cos.astype(F32)


def rsqrt_f32(x: np.ndarray) -> np.ndarray:
    """1 / sqrt(x): both IEEE correctly rounded operations."""
    x = np.asarray(x, dtype=F32)
    return (F32(1.0) / np.sqrt(x)).astype(F32)


def silu_f32(x: np.ndarray) -> np.ndarray:
    """x / (1 + e**-x)."""
    x = np.asarray(x, dtype=F32)
    return (x / (F32(1.0) + exp_f32(-x))).astype(F32)


def tanh_f32(x: np.ndarray) -> np.ndarray:
    """tanh from `exp_f32`: (1 - t) / (1 + t) with t = e**-2|x|, signed like x (the logit
    soft-capping `cap * tanh(s / cap)` of Gemma 2)."""
    x = np.asarray(x, dtype=F32)
    t = exp_f32(-(F32(2.0) * np.abs(x)))
    magnitude = ((F32(1.0) - t) / (F32(1.0) + t)).astype(F32)
    return np.where(x < 0, -magnitude, magnitude).astype(F32)


def softcap_f32(x: np.ndarray, cap: float) -> np.ndarray:
    """`cap * tanh(x / cap)`, as transformers computes it: divide, tanh, multiply."""
    c = F32(cap)
    return (tanh_f32(np.asarray(x, dtype=F32) / c) * c).astype(F32)


def gate_activation(name: str):
    """The float32 activation of a gated MLP, by `accllm.activation` name."""
    return {"silu": silu_f32, "gelu_tanh": gelu_tanh_f32, "gelu_erf": gelu_erf_f32}[name]


def gelu_tanh_f32(x: np.ndarray) -> np.ndarray:
    """GELU, tanh form: 0.5 x (1 + tanh(u)) with u = sqrt(2/pi) (x + 0.044715 x^3), written
    as x / (1 + e**-2u) (the same identity), so it needs only `exp_f32`."""
    x = np.asarray(x, dtype=F32)
    inner = x + _GELU_TANH_CUBIC * ((x * x) * x)
    return (x / (F32(1.0) + exp_f32(-(_GELU_TANH_2K * inner)))).astype(F32)


def gelu_erf_f32(x: np.ndarray) -> np.ndarray:
    """GELU, erf form: 0.5 x (1 + erf(x / sqrt 2)). erfc(a) for a = |x| / sqrt 2 is
    Abramowitz-Stegun 7.1.26, `t (a1 + t (a2 + ...)) e**-a^2` with t = 1 / (1 + p a)
    (|error| < 1.5e-7); then 1 + erf(x/sqrt 2) is 2 - erfc(a) for x >= 0 and erfc(a)
    below, which keeps the negative tail's relative accuracy."""
    x = np.asarray(x, dtype=F32)
    a = np.abs(x) * _INV_SQRT2
    t = F32(1.0) / (F32(1.0) + _ERFC_P * a)
    poly = np.full_like(t, _ERFC_POLY[0])
    for c in _ERFC_POLY[1:]:
        poly = poly * t + c
    erfc = (poly * t) * exp_f32(-(a * a))
    half_x = F32(0.5) * x
    with np.errstate(invalid="ignore"):  # inf * 0 in the branch np.where discards
        return np.where(x >= 0, half_x * (F32(2.0) - erfc), half_x * erfc).astype(F32)
