"""Accuracy and exactness properties of the engine's float32 building blocks."""

from __future__ import annotations

import numpy as np
import torch

from accllm.frontend.golden_math import (
    exp_f32, gelu_erf_f32, gelu_tanh_f32, interleaved_sum, rsqrt_f32, silu_f32, sincos_f32, softcap_f32,
    tanh_f32, tree_sum,
)

F32 = np.float32


def test_exp_is_accurate_over_the_softmax_and_silu_range():
    x = np.linspace(-87, 88, 200_001, dtype=F32)
    got = exp_f32(x).astype(np.float64)
    want = np.exp(x.astype(np.float64))
    assert np.max(np.abs(got - want) / want) < 4e-7


def test_exp_edges():
    assert exp_f32(np.array([0.0], F32))[0] == F32(1.0)
    assert exp_f32(np.array([-200.0, -np.inf], F32)).tolist() == [0.0, 0.0]
    assert np.isfinite(exp_f32(np.array([1000.0], F32))).all()


def test_sincos_is_accurate_for_rope_angles():
    a = (np.arange(0, 32768, dtype=F32)[:, None] * np.array([1.0, 0.1, 1e-3, 1e-4], F32)).ravel()
    sin, cos = sincos_f32(a)
    a64 = a.astype(np.float64)
    assert np.max(np.abs(sin - np.sin(a64))) < 2e-6
    assert np.max(np.abs(cos - np.cos(a64))) < 2e-6
    assert sin.dtype == cos.dtype == F32


def test_tree_sum_is_a_fixed_adder_tree():
    x = np.array([1e8, 1.0, -1e8, 1.0, 3.0], F32)
    # Padded to 8 and halved: [1e8+3, 1+0, -1e8+0, 1+0] -> [1e8 + -1e8, 1 + 1] -> 2: the 3 is
    # absorbed by 1e8 in float32. numpy's pairwise sum orders the additions differently.
    assert tree_sum(x) == F32(2.0)
    rows = np.random.default_rng(0).standard_normal((3, 37)).astype(F32)
    assert np.array_equal(tree_sum(rows, axis=1), np.array([tree_sum(r) for r in rows]))
    assert tree_sum(np.zeros((2, 0), F32), axis=1).shape == (2,)


def test_interleaved_sum_is_the_streamed_order():
    x = np.array([1e8, 1.0, -1e8, 1.0], F32)
    # Two running sums [1e8 + -1e8, 1 + 1] -> 2; one running sum absorbs the first 1 into 1e8.
    assert interleaved_sum(x, partials=2) == F32(2.0)
    assert interleaved_sum(x, partials=1) == F32(1.0)
    rows = np.random.default_rng(1).random((3, 37)).astype(F32)
    want = [tree_sum(np.array([_running(r[k::8]) for k in range(8)], F32)) for r in rows]
    assert np.array_equal(interleaved_sum(rows, axis=1), np.array(want, F32))


def _running(values: np.ndarray) -> np.float32:
    total = F32(0.0)
    for v in values:
        total = F32(total + v)
    return total


def test_rsqrt_and_silu():
    x = np.array([4.0, 0.25, 2.0], F32)
    assert rsqrt_f32(x).tolist() == [0.5, 2.0, F32(1.0) / np.sqrt(F32(2.0))]
    g = np.linspace(-20, 20, 1001, dtype=F32)
    want = g.astype(np.float64) / (1 + np.exp(-g.astype(np.float64)))
    assert np.max(np.abs(silu_f32(g) - want)) < 1e-5


def test_gelu_forms_match_torch():
    """Both GELU forms within float32 noise of torch's, on the range activations take."""
    g = np.linspace(-12, 12, 4001, dtype=F32)
    x = torch.from_numpy(g).double()
    tanh = torch.nn.functional.gelu(x, approximate="tanh").numpy()
    erf = torch.nn.functional.gelu(x).numpy()
    assert np.max(np.abs(gelu_tanh_f32(g) - tanh)) < 2e-6
    assert np.max(np.abs(gelu_erf_f32(g) - erf)) < 2e-6
    assert gelu_erf_f32(np.array([0.0, -0.0], F32)).tolist() == [0.0, 0.0]


def test_tanh_matches_numpy_and_caps_logits():
    x = np.linspace(-20, 20, 4001, dtype=F32)
    assert np.max(np.abs(tanh_f32(x) - np.tanh(x.astype(np.float64)))) < 1e-6
    capped = softcap_f32(np.array([-1e4, -30.0, 0.0, 30.0, 1e4], F32), 50.0)
    assert np.all(np.abs(capped) <= 50.0) and capped[2] == 0.0
