"""The HLS numerics header (backend_hls/include/accllm_math.h) against the golden model.

The header is compiled with g++ into a small harness (backend_hls/tests/math_harness.cpp),
run on many inputs, and every output must equal the Python golden functions bit for bit
(compared as uint32 words). g++ here stands in for Vitis HLS C simulation: both evaluate the
same IEEE float32 operations in the same order once contraction to FMA is off.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from accllm.frontend.golden import GoldenModel, quantize_asymmetric, quantize_symmetric
from accllm.frontend.golden_math import (
    exp_f32, gelu_erf_f32, gelu_tanh_f32, rsqrt_f32, silu_f32, sincos_f32, tanh_f32, tree_sum,
)

F32 = np.float32
U32 = np.uint32
ROOT = Path(__file__).resolve().parents[2]
HEADER_DIR = ROOT / "backend_hls" / "include"
HARNESS = ROOT / "backend_hls" / "tests" / "math_harness.cpp"
CXXFLAGS = ["-std=c++17", "-O2", "-ffp-contract=off", "-Wall", "-Wextra", "-Werror"]
# Sizes the harness instantiates the template<int N> variants for (ACCLLM_FIXED_SIZES).
FIXED_SIZES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128,
               129, 255, 256, 257, 300, 4096}


@pytest.fixture(scope="module")
def harness(tmp_path_factory) -> Path:
    cxx = shutil.which("g++")
    if cxx is None:
        pytest.skip("g++ not found: cannot compile the HLS math header for a bit-exact check")
    out = tmp_path_factory.mktemp("hls_math") / "math_harness"
    cmd = [cxx, *CXXFLAGS, f"-I{HEADER_DIR}", str(HARNESS), "-o", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"compile failed:\n{' '.join(cmd)}\n{proc.stderr}"
    return out


def run(harness: Path, op: str, words: np.ndarray) -> np.ndarray:
    """Run one harness op on a flat array of 32-bit words; returns the output words."""
    work = harness.parent
    inp, outp = work / f"{op}.in", work / f"{op}.out"
    np.ascontiguousarray(words, dtype="<u4").tofile(inp)
    proc = subprocess.run([str(harness), op, str(inp), str(outp)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return np.fromfile(outp, dtype="<u4")


def f32_words(x) -> np.ndarray:
    return np.asarray(x, dtype=F32).reshape(-1).view(U32)


def i32_words(*values: int) -> np.ndarray:
    return np.asarray(values, dtype=np.int32).view(U32)


def rows_words(rows: list[np.ndarray]) -> np.ndarray:
    parts = [i32_words(len(rows))]
    for row in rows:
        parts += [i32_words(len(row)), f32_words(row)]
    return np.concatenate(parts)


def assert_bits_equal(got_words: np.ndarray, want: np.ndarray, what: str, inputs=None) -> None:
    want_words = np.asarray(want, dtype=F32).reshape(-1).view(U32)
    assert got_words.shape == want_words.shape, what
    bad = np.flatnonzero(got_words != want_words)
    if bad.size:
        i = bad[0]
        got = got_words[i : i + 1].view(F32)[0]
        at = "" if inputs is None else f" for input {np.asarray(inputs).reshape(-1)[i]!r}"
        pytest.fail(f"{what}: {bad.size} of {want_words.size} differ; first at {i}{at}: "
                    f"C++ {got!r} vs golden {want_words[i:i + 1].view(F32)[0]!r}")


def neighbours(x: float, count: int) -> np.ndarray:
    """float32(x) and the `count` consecutive float32 values on each side of it (+0.0 and
    -0.0 count as one value)."""
    bits = int(np.asarray(F32(x)).view(np.int32))
    key = bits if bits >= 0 else -(bits & 0x7FFFFFFF)  # monotonic in the float's value
    keys = key + np.arange(-count, count + 1, dtype=np.int64)
    out = np.where(keys >= 0, keys, (-keys) | 0x80000000).astype(np.uint32).view(F32)
    assert not np.isnan(out).any()
    return out


def log_uniform(rng, lo: float, hi: float, size: int) -> np.ndarray:
    return np.exp(rng.uniform(np.log(lo), np.log(hi), size)).astype(F32)


def specials() -> np.ndarray:
    return np.array([0.0, -0.0, 1.0, -1.0, 0.5, -0.5, np.inf, -np.inf,
                     np.finfo(F32).tiny, -np.finfo(F32).tiny, 1e-45, -1e-45,
                     np.finfo(F32).max, -np.finfo(F32).max], dtype=F32)


# ---------------------------------------------------------------------------------------
# Elementwise functions
# ---------------------------------------------------------------------------------------


def test_exp_bit_exact(harness):
    rng = np.random.default_rng(1)
    x = np.concatenate([
        rng.uniform(-100, 90, 300_000).astype(F32),
        rng.uniform(-1, 1, 20_000).astype(F32),
        neighbours(-87.33654, 2000),  # the underflow edge
        np.linspace(-87.7, -86.9, 20_001, dtype=F32),  # n = -126: results near 2**-126
        neighbours(88.0, 2000),  # the overflow clamp
        np.linspace(87.5, 89.0, 5_001, dtype=F32),
        neighbours(0.0, 1000), neighbours(-0.0, 1000),
        np.arange(-126, 128, dtype=F32) * F32(np.log(2)),  # half-way points of rint(x log2e)
        (np.arange(-126, 128, dtype=F32) + F32(0.5)) * F32(np.log(2)),
        specials(),
    ])
    assert_bits_equal(run(harness, "exp", f32_words(x)), exp_f32(x), "exp_f32", x)


@pytest.mark.parametrize("name, golden", [("silu", silu_f32), ("gelu_tanh", gelu_tanh_f32), ("gelu_erf", gelu_erf_f32),
                                          ("tanh", tanh_f32)])
def test_gate_activation_bit_exact(harness, name, golden):
    rng = np.random.default_rng(2)
    x = np.concatenate([
        rng.uniform(-100, 100, 200_000).astype(F32),
        rng.normal(0, 3, 50_000).astype(F32),
        neighbours(87.33654, 500), neighbours(-88.0, 500), neighbours(0.0, 500),
        specials()[:-2],  # +-max would be inf / inf in both: fine but pointless
    ])
    assert_bits_equal(run(harness, name, f32_words(x)), golden(x), name, x)


def test_rsqrt_bit_exact(harness):
    rng = np.random.default_rng(3)
    x = np.concatenate([
        log_uniform(rng, 1e-30, 1e30, 200_000),
        log_uniform(rng, 0.5, 8.0, 50_000),  # RMSNorm's usual range
        (F32(2.0) ** np.arange(-99, 100, dtype=F32)).astype(F32),
        neighbours(1.0, 1000), neighbours(1e-30, 100), neighbours(1e30, 100),
        np.array([0.0, np.inf, 1e-40, np.finfo(F32).tiny], dtype=F32),
    ])
    with np.errstate(divide="ignore"):  # rsqrt(0) = inf on both sides
        want = rsqrt_f32(x)
    assert_bits_equal(run(harness, "rsqrt", f32_words(x)), want, "rsqrt_f32", x)


def rope_inv_freq(d: int, base: float = 10000.0) -> np.ndarray:
    return (1.0 / (base ** (np.arange(0, d, 2, dtype=np.float64) / d))).astype(F32)


def test_sincos_bit_exact(harness):
    rng = np.random.default_rng(4)
    positions = rng.integers(0, 32768, 1500).astype(F32)
    rope_angles = (positions[:, None] * rope_inv_freq(128)[None, :]).reshape(-1)
    k = np.arange(-66_000, 66_000, 7, dtype=np.float64)
    a = np.concatenate([
        rope_angles,  # 96k angles of real RoPE tables, up to 32767 rad
        np.arange(0, 32768, dtype=F32),  # inv_freq = 1.0 exactly
        rng.uniform(-32768, 32768, 100_000).astype(F32),
        rng.uniform(-4, 4, 50_000).astype(F32),
        log_uniform(rng, 1e-30, 1.0, 20_000) * rng.choice(np.array([-1, 1], F32), 20_000),
        neighbours(0.0, 500), specials()[:6],
        (k * np.pi / 2).astype(F32),  # quadrant boundaries, up to 2**16 pi/2
        ((k + 0.5) * np.pi / 2).astype(F32),  # rint ties of a * 2/pi
        rng.uniform(-1e5, 1e5, 20_000).astype(F32),
    ])
    out = run(harness, "sincos", f32_words(a))
    sin, cos = sincos_f32(a)
    assert_bits_equal(out[: a.size], sin, "sincos_f32 sin", a)
    assert_bits_equal(out[a.size :], cos, "sincos_f32 cos", a)


# ---------------------------------------------------------------------------------------
# Reductions
# ---------------------------------------------------------------------------------------


def random_row(rng, n: int) -> np.ndarray:
    kind = rng.integers(0, 5)
    if kind == 0:
        return rng.normal(0, 1, n).astype(F32)
    if kind == 1:  # mixed magnitudes: rounding in every adder
        return (rng.normal(0, 1, n) * 10.0 ** rng.uniform(-8, 8, n)).astype(F32)
    if kind == 2:  # cancellation
        v = rng.normal(0, 1e4, n).astype(F32)
        return np.concatenate([v[: n // 2], -v[: n // 2], v[n // 2 * 2 :]]).astype(F32)
    if kind == 3:
        return rng.uniform(0, 1, n).astype(F32)
    return (rng.normal(0, 1, n) * 1e-39).astype(F32)  # subnormals


def test_tree_sum_bit_exact(harness):
    rng = np.random.default_rng(5)
    rows = [random_row(rng, n) for n in range(1, 301) for _ in range(4)]
    rows += [random_row(rng, n) for n in (511, 512, 513, 1000, 4096, 8192)]
    zeros = [np.array(z, dtype=F32) for z in
             ([-0.0], [-0.0, -0.0], [-0.0, -0.0, -0.0], [-0.0] * 5, [0.0, -0.0], [-0.0] * 4)]
    rows += zeros + [np.array([1e38, 1e38, -1e38], F32), np.array([np.inf, 1.0, -2.0], F32)]
    out = run(harness, "tree_sum", rows_words(rows)).reshape(-1, 3)
    want = np.array([tree_sum(r) for r in rows], dtype=F32)
    assert_bits_equal(out[:, 0].copy(), want, "tree_sum_n")
    fixed = out[:, 1] == 1
    assert fixed.sum() == sum(len(r) in FIXED_SIZES for r in rows)
    assert_bits_equal(out[fixed, 2].copy(), want[fixed], "tree_sum<N>")
    # the signed-zero cases really exercise the padding: -0.0 stays -0.0 only without it
    assert np.signbit(want[len(rows) - len(zeros) - 2 : len(rows) - 2]).tolist() == [
        True, True, False, False, False, True]


# ---------------------------------------------------------------------------------------
# Quantizers
# ---------------------------------------------------------------------------------------


def quant_rows(rng, qmax: int) -> list[np.ndarray]:
    lengths = list(range(1, 70)) + [100, 127, 128, 129, 255, 256, 257, 300] + list(
        rng.integers(1, 301, 150))
    rows = [random_row(rng, int(n)) for n in lengths for _ in range(2)]
    for e in (-140, -20, -3, 0, 5, 30):  # exact ties: x / scale = k + 0.5
        s = np.ldexp(1.0, e)
        ties = np.arange(-qmax, qmax, dtype=np.float64) + 0.5
        rows.append(np.concatenate([[qmax * s], ties * s]).astype(F32))
        rows.append(np.concatenate([ties * s, [-qmax * s]]).astype(F32))
    rows += [np.zeros(n, F32) for n in (1, 3, 64)] + [np.full(5, -0.0, F32),
                                                       np.array([0.0, -0.0, 0.0], F32)]
    rows += [np.array([1e-45], F32), np.array([3e-45, -1e-45, 2e-45], F32),
             (rng.normal(0, 1, 40) * 1e-43).astype(F32)]
    rows.append(rng.normal(0, 1, 4096).astype(F32))
    return rows


def parse_rows(out: np.ndarray, rows: list[np.ndarray], header: int) -> list[tuple]:
    """Split per-row records of `header` words + n codes, twice (runtime, has_fixed, fixed)."""
    records, i = [], 0
    for row in rows:
        n = len(row)
        runtime = out[i : i + header + n]
        i += header + n
        has_fixed = int(out[i])
        fixed = out[i + 1 : i + 1 + header + n]
        i += 1 + header + n
        records.append((runtime, has_fixed, fixed))
    assert i == out.size
    return records


@pytest.mark.parametrize("bits", [8, 4])
def test_quantize_symmetric_bit_exact(harness, bits):
    rng = np.random.default_rng(6 + bits)
    qmax = 2 ** (bits - 1) - 1
    rows = quant_rows(rng, qmax)
    out = run(harness, "quant_sym", np.concatenate([i32_words(bits), rows_words(rows)]))
    checked_fixed = ties = 0
    for row, (runtime, has_fixed, fixed) in zip(rows, parse_rows(out, rows, 1)):
        q, scale = quantize_symmetric(row[None, :], bits)
        want = np.concatenate([f32_words(scale), q[0].astype(np.int32).view(U32)])
        variants = [runtime] + ([fixed] if has_fixed else [])
        for got in variants:
            if not np.array_equal(got, want):
                pytest.fail(f"quantize_symmetric bits={bits} n={len(row)} differs: row {row!r}")
        checked_fixed += has_fixed
        if scale[0] > 0:
            ties += int(np.sum(np.abs(row / scale[0]) % 1 == 0.5))
    assert checked_fixed > 50
    assert ties > 50  # the round-half-to-even cases were really exercised


@pytest.mark.parametrize("bits", [4, 2, 8])
def test_quantize_asymmetric_bit_exact(harness, bits):
    rng = np.random.default_rng(20 + bits)
    levels = 2**bits - 1
    rows = quant_rows(rng, levels // 2)
    for e in (-130, -10, 0, 12):  # exact ties in zero point and codes
        s = np.ldexp(1.0, e)
        for lo in (levels / 2, 0.5, 1.5, 2.5):  # zero = rint(lo): 8, 0, 2, 2 for KV4
            grid = np.arange(-lo, levels - lo + 0.25, 0.5)
            rows.append((grid * s).astype(F32))
    rows += [np.abs(random_row(rng, 33)), -np.abs(random_row(rng, 33))]
    out = run(harness, "quant_asym", np.concatenate([i32_words(bits), rows_words(rows)]))
    checked_fixed = 0
    for row, (runtime, has_fixed, fixed) in zip(rows, parse_rows(out, rows, 2)):
        codes = quantize_asymmetric(row[None, :], bits)
        want = np.concatenate([
            f32_words(codes.scale), codes.zero.astype(np.int32).view(U32),
            codes.codes[0].astype(np.int32).view(U32),
        ])
        for got in [runtime] + ([fixed] if has_fixed else []):
            if not np.array_equal(got, want):
                pytest.fail(f"quantize_asymmetric bits={bits} n={len(row)} differs: row {row!r}")
        checked_fixed += has_fixed
    assert checked_fixed > 50


# ---------------------------------------------------------------------------------------
# Decoder rows: RMSNorm and RoPE through the golden model's own methods
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("eps", [1e-5, 1e-6])
def test_rmsnorm_row_bit_exact(harness, eps):
    rng = np.random.default_rng(30)
    lengths = [1, 2, 3, 5, 17, 64, 100, 128, 255, 257, 300, 1000, 4096] + list(
        rng.integers(1, 301, 60))
    xs = [random_row(rng, int(n)) * F32(rng.choice([1e-3, 1.0, 50.0])) for n in lengths]
    xs += [np.zeros(8, F32), (np.ones(7) * 1e-20).astype(F32)]
    ws = [rng.normal(1, 0.2, len(x)).astype(np.float16).astype(F32) for x in xs]
    parts = [f32_words([eps]), i32_words(len(xs))]
    for x, w in zip(xs, ws):
        parts += [i32_words(len(x)), f32_words(x), f32_words(w)]
    out = run(harness, "rmsnorm", np.concatenate(parts))
    model = SimpleNamespace(spec=SimpleNamespace(rms_eps=eps))
    i = 0
    for x, w in zip(xs, ws):
        n = len(x)
        want = GoldenModel._rmsnorm(model, x[None, :].astype(F32), w)[0]
        assert_bits_equal(out[i : i + n].copy(), want, f"rmsnorm_row_n n={n}")
        if out[i + n]:
            assert_bits_equal(out[i + n + 1 : i + 2 * n + 1].copy(), want, f"rmsnorm_row n={n}")
        i += 2 * n + 1
    assert i == out.size


@pytest.mark.parametrize(("d", "scaling", "base"), [(128, 1.0, 10000.0), (64, 1.25, 500000.0),
                                                     (2, 1.0, 10000.0)])
def test_rope_row_bit_exact(harness, d, scaling, base):
    rng = np.random.default_rng(40 + d)
    inv_freq = rope_inv_freq(d, base)
    positions = np.concatenate([np.arange(0, 64), rng.integers(0, 32768, 400), [32767]])
    x = rng.normal(0, 2, (len(positions), d)).astype(F32)
    parts = [i32_words(d), f32_words([scaling]), f32_words(inv_freq)]
    for p, row in zip(positions, x):
        parts += [i32_words(int(p)), f32_words(row)]
    out = run(harness, "rope", np.concatenate(parts))
    model = SimpleNamespace(rope_scaling=F32(scaling), spec=SimpleNamespace(head_dim=d))
    want = GoldenModel._rope(model, x, positions, 1, inv_freq)
    assert_bits_equal(out, want, f"rope_row d={d}")
