"""The header library's units on their own, each against the golden model bit for bit.

A unit header (backend_hls/include/accllm_<unit>.h) compiles after a generated project's
configuration (src/accllm_config.h, src/accllm_isa.h): its harness (backend_hls/tests/
<unit>_harness.cpp) is built against the built-in project's, the small configuration every
test here shares, and runs the unit's functions on EX's state as the kernel does.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from accllm.backend_hls.project import ap_types_dir
from accllm.frontend.golden import GoldenModel, quantize_symmetric

from test_hls_math import assert_bits_equal, f32_words, i32_words, random_row

F32 = np.float32
HARNESS_DIR = Path(__file__).resolve().parents[2] / "backend_hls" / "tests"
CXXFLAGS = ["-std=c++17", "-O2", "-ffp-contract=off", "-Wall", "-Wextra", "-pthread", "-DACCLLM_SIM"]

pytestmark = [
    pytest.mark.skipif(shutil.which("g++") is None, reason="g++ is needed to build the unit harnesses"),
    pytest.mark.skipif(ap_types_dir() is None, reason="the hls4ml wheel (ap_types headers) is not installed"),
]


@pytest.fixture(scope="module")
def sfu(builtin_project, tmp_path_factory) -> SimpleNamespace:
    """The SFU harness and the configuration it was built for."""
    out = tmp_path_factory.mktemp("sfu") / "sfu_harness"
    includes = [f"-I{builtin_project / d}" for d in ("include/sim", "include", "src")]
    cmd = ["g++", *CXXFLAGS, *includes, "-isystem", str(ap_types_dir()), str(HARNESS_DIR / "sfu_harness.cpp"),
           "-o", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    config = (builtin_project / "src/accllm_config.h").read_text()
    limits = {name: int(config.split(f"constexpr int {name} = ")[1].split(";")[0])
              for name in ("MAX_WIDTH", "MAX_VECTOR", "ACT_ROW_WORDS")}
    return SimpleNamespace(binary=out, **{k.lower(): v for k, v in limits.items()})


def _run(harness: Path, op: str, words: np.ndarray) -> np.ndarray:
    inp, outp = harness.parent / f"{op}.in", harness.parent / f"{op}.out"
    np.ascontiguousarray(words, dtype="<u4").tofile(inp)
    proc = subprocess.run([str(harness), op, str(inp), str(outp)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return np.fromfile(outp, dtype="<u4")


def _rows(rng, lengths: list[int]) -> list[np.ndarray]:
    rows = [random_row(rng, n) * F32(rng.choice([1e-3, 1.0, 50.0])) for n in lengths]
    return rows + [np.zeros(8, F32), (np.ones(7) * 1e-20).astype(F32)]


def test_quant_streams_a8_codes_and_scale(sfu):
    rng = np.random.default_rng(40)
    widest = min(sfu.max_width, (sfu.act_row_words - 1) // 2)
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
    rng = np.random.default_rng(41)
    eps = 1e-5
    xs = _rows(rng, [1, 2, 17, 64, 100, 128, sfu.max_vector] + list(rng.integers(1, sfu.max_vector + 1, 20)))
    ws = [rng.normal(1, 0.2, len(x)).astype(np.float16).astype(F32) for x in xs]
    parts = [f32_words([eps]), i32_words(len(xs))]
    for x, w in zip(xs, ws):
        parts += [i32_words(len(x)), f32_words(x), f32_words(w)]
    out = _run(sfu.binary, "rmsnorm", np.concatenate(parts))
    model = SimpleNamespace(spec=SimpleNamespace(rms_eps=eps))
    i = 0
    for x, w in zip(xs, ws):
        n = len(x)
        assert_bits_equal(out[i:i + n].copy(), GoldenModel._rmsnorm(model, x[None, :], w)[0], f"rmsnorm n={n}")
        i += n
    assert i == out.size


def test_harness_refuses_a_row_wider_than_the_configuration(sfu):
    words = np.concatenate([i32_words(1), i32_words(sfu.max_width + 1), f32_words(np.zeros(sfu.max_width + 1))])
    inp = sfu.binary.parent / "wide.in"
    words.astype("<u4").tofile(inp)
    proc = subprocess.run([str(sfu.binary), "quant", str(inp), str(inp) + ".out"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr == "sfu_harness: row width out of this configuration's range\n"
