"""The header library's units on their own, each against the golden model bit for bit.

A unit header (backend_hls/include/accllm_<unit>.h) is a set of templates on a configuration
struct (accllm_defaults.h). Each unit's harness (backend_hls/tests/<unit>_harness.cpp)
declares a small configuration of its own and compiles against the header library alone
(plus the generated ISA header), no project; it reports that configuration's constants, and
runs the unit's functions on EX's state as the kernel does.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from accllm.backend_hls.kernel_source import isa_header
from accllm.backend_hls.project import ap_types_dir
from accllm.dialects import engine
from accllm.frontend.golden import (
    CompressedLinear,
    GoldenModel,
    LayerAttention,
    LayerCache,
    integer_linear,
    quantize_asymmetric,
    quantize_symmetric,
)
from accllm.frontend.weight_packing import PackedLayout, pack
from accllm.passes.weight_chunks import chunk_layout, chunk_packed

from test_hls_math import assert_bits_equal, f32_words, i32_words, random_row

F32 = np.float32
HARNESS_DIR = Path(__file__).resolve().parents[2] / "backend_hls" / "tests"
LIBRARY_DIR = HARNESS_DIR.parent / "include"
CXXFLAGS = ["-std=c++17", "-O2", "-ffp-contract=off", "-Wall", "-Wextra", "-pthread", "-DACCLLM_SIM"]

pytestmark = [
    pytest.mark.skipif(shutil.which("g++") is None, reason="g++ is needed to build the unit harnesses"),
    pytest.mark.skipif(ap_types_dir() is None, reason="the hls4ml wheel (ap_types headers) is not installed"),
]


def _compile(source: Path, includes: list[Path], out: Path) -> None:
    cmd = ["g++", *CXXFLAGS, *(f"-I{d}" for d in includes), "-isystem", str(ap_types_dir()), str(source),
           "-o", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr


def _build(tmp_path_factory, unit: str) -> SimpleNamespace:
    """The unit's harness on its own configuration (the header library and the ISA header
    only), and that configuration's constants as the harness reports them."""
    work = tmp_path_factory.mktemp(unit)
    (work / "accllm_isa.h").write_text(isa_header())
    out = work / f"{unit}_harness"
    _compile(HARNESS_DIR / f"{unit}_harness.cpp", [LIBRARY_DIR / "sim", LIBRARY_DIR, work], out)
    subprocess.run([str(out), "config", str(work / "config.txt")], check=True, timeout=60)
    constants = {name: int(float(value)) for name, value in
                 (line.split("=") for line in (work / "config.txt").read_text().split())}
    return SimpleNamespace(binary=out, config=constants)


def _harness(unit: str):
    """A module-scoped fixture: the unit's harness, built once."""
    return pytest.fixture(scope="module", name=unit)(lambda tmp_path_factory: _build(tmp_path_factory, unit))


sfu, array, attention, hbm = (_harness(unit) for unit in ("sfu", "array", "attention", "hbm"))


def _run(harness: Path, op: str | None, words: np.ndarray) -> np.ndarray:
    inp, outp = harness.parent / f"{op}.in", harness.parent / f"{op}.out"
    np.ascontiguousarray(words, dtype="<u4").tofile(inp)
    args = [str(harness), *([op] if op else []), str(inp), str(outp)]
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return np.fromfile(outp, dtype="<u4")


def _rows(rng, lengths: list[int]) -> list[np.ndarray]:
    rows = [random_row(rng, n) * F32(rng.choice([1e-3, 1.0, 50.0])) for n in lengths]
    return rows + [np.zeros(8, F32), (np.ones(7) * 1e-20).astype(F32)]


def test_quant_streams_a8_codes_and_scale(sfu):
    rng = np.random.default_rng(40)
    widest = min(sfu.config["MAX_WIDTH"], (sfu.config["ACT_ROW_WORDS"] - 1) // 2)
    xs = _rows(rng, [1, 3, 64, 127, 128, 129, 255, 1000, widest] + list(rng.integers(1, 300, 20)))
    parts = [i32_words(len(xs))]
    for x in xs:
        parts += [i32_words(len(x)), f32_words(x)]
    out = _run(sfu.binary, "quant", np.concatenate(parts))
    i = 0
    for x in xs:
        n = len(x)
        q, scale = quantize_symmetric(x[None, :], 8)
        assert_bits_equal(out[i:i + 1].copy(), scale, f"A8 scale n={n}")
        assert np.array_equal(out[i + 1:i + 1 + n].view(np.int32), q[0].astype(np.int32)), f"A8 codes n={n}"
        i += 1 + n
    assert i == out.size


def test_rmsnorm_normalizes_the_activation_row(sfu):
    """Whole rows, and rows in groups (a query's heads) sharing one part-wide weight."""
    rng = np.random.default_rng(41)
    eps = 1e-5
    widest = sfu.config["MAX_VECTOR"]
    xs = _rows(rng, [1, 2, 17, 64, 100, 128, widest] + list(rng.integers(1, widest + 1, 20)))
    xs += [random_row(rng, n) for n in (64, 96, 128)]
    groups = [1] * (len(xs) - 3) + [4, 3, min(8, sfu.config["MAX_HEADS"])]
    ws = [rng.normal(1, 0.2, len(x) // g).astype(np.float16).astype(F32) for x, g in zip(xs, groups)]
    parts = [f32_words([eps]), i32_words(len(xs))]
    for x, g, w in zip(xs, groups, ws):
        parts += [i32_words(len(x)), f32_words(x), i32_words(g), f32_words(w)]
    out = _run(sfu.binary, "rmsnorm", np.concatenate(parts))
    model = SimpleNamespace(spec=SimpleNamespace(rms_eps=eps))
    model._rmsnorm = lambda x, w: GoldenModel._rmsnorm(model, x, w)
    i = 0
    for x, g, w in zip(xs, groups, ws):
        n = len(x)
        want = GoldenModel._qk_norm(model, x[None, :], (w, g))[0]
        assert_bits_equal(out[i:i + n].copy(), want, f"rmsnorm n={n} groups={g}")
        i += n
    assert i == out.size


def test_harness_refuses_a_row_wider_than_the_configuration(sfu):
    wide = sfu.config["MAX_WIDTH"] + 1
    words = np.concatenate([i32_words(1), i32_words(wide), f32_words(np.zeros(wide))])
    inp = sfu.binary.parent / "wide.in"
    words.astype("<u4").tofile(inp)
    proc = subprocess.run([str(sfu.binary), "quant", str(inp), str(inp) + ".out"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr == "sfu_harness: row width out of this configuration's range\n"


@pytest.mark.parametrize("tokens", [1, 2], ids=["MV", "MM-pair"])
def test_array_pass_equals_integer_linear(array, tokens):
    """One lane tile of packed rows in the harness configuration's format (C::LIN_*), as chunk words
    (passes/weight_chunks.py), through array_pass and
    its epilogue: golden.integer_linear bit for bit, one token (MV: the DSP pair's high
    field) or a pair (MM: both fields)."""
    c = array.config
    bits, group, n, m = c["LIN_BITS"], c["LIN_GROUP"], c["LIN_N"], c["LIN_M"]
    out_f, in_f = min(c["LANES"], 40), group * max(1, c["MAX_IN"] // group)
    rng = np.random.default_rng(42 + tokens)
    layout = PackedLayout(out_f, in_f, bits, group, False, None if n == m else (n, m),
                          "code3" if c["LIN_CODE3"] else "pair2")
    keep = np.ones((out_f, in_f), dtype=bool)
    if n != m:
        keep = np.zeros((out_f, in_f // m, m), dtype=bool)
        for r, s_ in np.ndindex(out_f, in_f // m):
            keep[r, s_, rng.choice(m, n, replace=False)] = True
        keep = keep.reshape(out_f, in_f)
    levels = 1 << bits
    packed = pack(rng.integers(0, levels, (out_f, in_f)).astype(np.uint8),
                  rng.uniform(1e-3, 2e-2, (out_f, in_f // group)).astype(np.float16),
                  rng.integers(0, levels, (out_f, in_f // group)).astype(np.uint8), keep, layout)
    records = np.concatenate([packed.values, packed.index, packed.zeros, packed.scales.view(np.uint8)], axis=1)
    fmt = engine.WeightFormatAttr(bits, group, layout.nm, layout.index_encoding)
    words = chunk_packed(records, layout, chunk_layout(fmt, in_f, c["KEPT_PER_LANE"]))
    x = rng.normal(0, 1, (tokens, in_f)).astype(F32)
    xq, sx = quantize_symmetric(x, 8)
    parts = [i32_words(out_f, in_f, tokens), np.ascontiguousarray(words).view("<u4").reshape(-1)]
    for t in range(tokens):
        parts += [xq[t].astype(np.int32).view(np.uint32), f32_words(sx[t:t + 1])]
    got = _run(array.binary, None, np.concatenate(parts))
    linear = CompressedLinear.from_packed(packed)
    want = integer_linear(xq, sx, linear.centered, linear.scales, group)
    assert_bits_equal(got, want.reshape(-1), f"array, {tokens} token(s), {out_f} x {in_f}")


def _golden_attention(c: dict, heads: int, kv_heads: int, scale: float) -> GoldenModel:
    """The golden model's attention alone, for the harness configuration's shape."""
    golden = GoldenModel.__new__(GoldenModel)
    golden.spec = SimpleNamespace(num_heads=heads, num_kv_heads=kv_heads, head_dim=c["HEAD_DIM"],
                                  attention_scale=scale, attention_softcap=None)
    golden.config = SimpleNamespace(act_bits=8, kv_bits=c["KV_BITS"], kv_keys="per_token", rope_positions="cache")
    golden.rope_scaling = F32(1.0)
    return golden


def _half_words(codes: np.ndarray, zero: float, scale: float) -> list[np.ndarray]:
    return [codes.astype(np.int32).view(np.uint32), f32_words([scale, zero])]


@pytest.mark.parametrize("position, tokens, rope", [(0, 1, True), (3, 2, True), (9, 2, True), (30, 1, True),
                                                   (30, 1, False)],
                         ids=["first", "window-filling", "window-full", "far", "far-without-rope"])
def test_attention_equals_the_golden_model(attention, position, tokens, rope):
    """ATT on the ring's view of the cache (the sinks and the window before `position`) and
    the call's own tokens: golden _attention bit for bit (KV4 x A8 scores, float32 softmax,
    A8 weights x KV4 values; sink keys see the query at the last window slot once full)."""
    c = attention.config
    heads, kv_heads, d = c["MAX_HEADS"], c["MAX_KV_HEADS"], c["HEAD_DIM"]
    rng = np.random.default_rng(50 + position)
    scale = float(F32(1 / np.sqrt(d)))
    inv_freq = (1.0 / 10000 ** (np.arange(0, d, 2) / d)).astype(F32)
    golden = _golden_attention(c, heads, kv_heads, scale)
    lam = LayerAttention(c["SINKS"], c["WINDOW"] or None, inv_freq if rope else None)
    # The cache before the call, after Λ's eviction: what LOAD_KV gives the ring.
    seen = np.arange(position)
    cached = seen[(seen < c["SINKS"]) | (seen > position - c["WINDOW"])] if c["WINDOW"] else seen
    cache = LayerCache()
    parts = [i32_words(heads, kv_heads, tokens, position, len(cached)), f32_words([scale])]
    parts += [i32_words(len(inv_freq)), f32_words(inv_freq)] if rope else [i32_words(0)]
    if len(cached):
        keys = quantize_asymmetric(rng.normal(0, 1, (len(cached), kv_heads, d)).astype(F32), c["KV_BITS"])
        values = quantize_asymmetric(rng.normal(0, 1, (len(cached), kv_heads, d)).astype(F32), c["KV_BITS"])
        cache.append(keys, values, cached)
        for j, pos in enumerate(cached):
            parts.append(i32_words(int(pos)))
            for g in range(kv_heads):
                parts += _half_words(keys.codes[j, g], keys.zero[j, g], keys.scale[j, g])
                parts += _half_words(values.codes[j, g], values.zero[j, g], values.scale[j, g])
    q = rng.normal(0, 1, (tokens, heads * d)).astype(F32)
    positions = np.arange(position, position + tokens)
    k = golden._rope(rng.normal(0, 1, (tokens, kv_heads * d)).astype(F32), positions, kv_heads, lam.inv_freq)
    v = rng.normal(0, 1, (tokens, kv_heads * d)).astype(F32)
    for t in range(tokens):
        parts += [f32_words(q[t]), f32_words(k[t]), f32_words(v[t])]
    got = _run(attention.binary, None, np.concatenate(parts))
    cache.append(*golden._store_kv(k, v), positions)
    want = golden._attention(q, positions, cache, lam)
    assert_bits_equal(got, want.reshape(-1), f"attention at {position}, {tokens} token(s)")


def _byte_words(data: bytes) -> np.ndarray:
    return np.frombuffer(data + bytes(-len(data) % 4), dtype="<u4")


def test_hbm_reads_and_writes_through_bounded_fifos(hbm):
    """LD's bursts through two read ports (4-beat FIFOs) into EX's byte view, reads at any
    byte offset and length in program order across both ports, and EX's stores through ST to
    the write port: every byte where it belongs, writes padded to whole beats with zeros, the
    ports' byte counters, and a run no shorter than its busiest port's latency and beats."""
    c = hbm.config
    rng = np.random.default_rng(60)
    beats, beat = 160, 64
    mems = [rng.integers(0, 256, beats * beat, dtype=np.uint8).tobytes() for _ in range(2)]
    channels = [0, 5]
    reads = [(int(rng.choice(channels)), int(rng.integers(0, 40 * beat)), int(rng.integers(1, 300))) for _ in range(24)]
    reads += [(0, beat - 1, 1), (5, 3 * beat, beat), (0, 10, 2 * c["MAX_WIDTH"])]
    writes = [(0, 70), (2 * beat, 1), (5 * beat, 3 * beat), (20 * beat, 200)]
    parts = [i32_words(beats), _byte_words(mems[0]), _byte_words(mems[1]), i32_words(len(reads))]
    parts += [i32_words(*r) for r in reads] + [i32_words(len(writes))]
    payloads = [rng.integers(0, 256, n, dtype=np.uint8).tobytes() for _, n in writes]
    for (offset, n), data in zip(writes, payloads):
        parts += [i32_words(offset, n), _byte_words(data)]
    out = _run(hbm.binary, None, np.concatenate(parts)).tobytes()
    at = 0
    for channel, offset, n in reads:
        assert out[at:at + n] == mems[channels.index(channel)][offset:offset + n], (channel, offset, n)
        at += n + -n % 4
    want = bytearray(beats * beat)
    for (offset, n), data in zip(writes, payloads):
        want[offset:offset + n + -n % beat] = data + bytes(-n % beat)
    assert out[at:at + beats * beat] == bytes(want)
    counters = np.frombuffer(out[at + beats * beat:], dtype="<u4")
    per_port = [sum(n for ch, _, n in reads if ch == channel) for channel in channels]
    assert list(counters[:3]) == [*per_port, sum(n for _, n in writes)]
    port_beats = max(sum((o % beat + n + beat - 1) // beat for ch, o, n in reads if ch == channel) for channel in channels)
    assert counters[3] >= c["HBM_LATENCY"] + port_beats


def _static_constants(text: str) -> list[str]:
    return re.findall(r"static constexpr [\w:]+ ([A-Z][A-Z0-9_]*)(?:\[\w+\])? = ", text)


def test_generated_config_sets_every_default_and_only_those(builtin_project):
    """A generated Config gives each constant of engine_config its build's value, so a unit
    never reads a default by accident, and declares nothing the library does not know (the
    C simulation reads directive values through the defaults' list of names)."""
    defaults = (LIBRARY_DIR / "accllm_defaults.h").read_text()
    generated = (builtin_project / "src/accllm_config.h").read_text()
    assert _static_constants(generated) == _static_constants(defaults)
    listed = re.search(r"#define ACCLLM_ENGINE_CONSTANTS\(X\)((?:.*\\\n)*.*)", defaults).group(1)
    scalars = [n for n in _static_constants(defaults) if not re.search(rf"constexpr [\w:]+ {n}\[", defaults)]
    assert re.findall(r"X\((\w+)\)", listed) == scalars
