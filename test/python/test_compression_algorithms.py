"""Layer-level compression algorithms on a synthetic layer: exact N:M masks, the
QuantizedWeight invariants, and the accuracy ordering the papers report, measured as the
relative output error ||X W^T - X Ŵ^T||_F / ||X W^T||_F on correlated calibration activations
with a few large-norm outlier features (as real LLM activations have).
Run with `-s` to see the measured error ratios."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from accllm.compression.gptq import gptq
from accllm.compression.nm import is_exact_nm, nm_mask_from_scores
from accllm.compression.obs import obs_compress
from accllm.compression.pruning import magnitude_mask, sparsegpt, wanda_mask
from accllm.compression.quantizer import quantize_rtn
from accllm.compression.weight_format import QuantizedWeight, WeightQuantSpec

OUT, IN, TOKENS = 64, 256, 2048
W2G64 = WeightQuantSpec(bits=2, group=64)


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """These layers are tiny: on a busy machine, intra-op threads cost more than they save."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def layer():
    """W [64, 256], X = Z A (mixed features) with 6 outlier features 20x larger, H = 2 X^T X."""
    g = torch.Generator().manual_seed(0)
    Z = torch.randn(TOKENS, IN, generator=g)
    A = torch.eye(IN) + torch.randn(IN, IN, generator=g) / IN**0.5
    gain = torch.ones(IN)
    gain[torch.randperm(IN, generator=g)[:6]] = 20.0
    X = (Z @ A) * gain
    W = torch.randn(OUT, IN, generator=g) * 0.05
    return W, X, 2 * X.T @ X


def output_error(layer, W_hat: torch.Tensor) -> float:
    W, X, _ = layer
    return (torch.linalg.norm(X @ W.T - X @ W_hat.T) / torch.linalg.norm(X @ W.T)).item()


# ---- N:M masks ---------------------------------------------------------------------------


def test_masks_are_exactly_n_m(layer):
    W, X, H = layer
    for n, m in ((2, 4), (4, 8)):
        masks = {
            "magnitude": magnitude_mask(W, n, m),
            "wanda": wanda_mask(W, X.norm(dim=0), n, m),
            "sparsegpt": sparsegpt(W, H, n, m)[1],
            "sparsegpt+W2": sparsegpt(W, H, n, m, quant=W2G64).mask,
        }
        for name, mask in masks.items():
            assert mask.dtype == torch.bool and mask.shape == W.shape, name
            assert is_exact_nm(mask, n, m), f"{name} {n}:{m}"


def test_mask_ties_keep_the_lower_position():
    scores = torch.tensor([[1.0, 1.0, 1.0, 1.0, 0.0, 2.0, 2.0, 2.0], [0.0] * 8])
    mask = nm_mask_from_scores(scores, 2, 4)
    assert mask.tolist() == [[True, True, False, False, False, True, True, False]] + [
        [True, True, False, False] * 2
    ]
    # An all-zero weight still keeps exactly n per slice: the packed format is fixed-size.
    assert is_exact_nm(magnitude_mask(torch.zeros(3, 8)), 2, 4)


def test_pruned_weights_are_exactly_zero(layer):
    W, _, H = layer
    W_pruned, mask = sparsegpt(W, H)
    assert (W_pruned[~mask] == 0).all()
    assert W_pruned.dtype == torch.float32


# ---- accuracy ordering -------------------------------------------------------------------


def test_pruning_error_sparsegpt_below_wanda_below_magnitude(layer):
    W, X, H = layer
    mag = output_error(layer, W * magnitude_mask(W))
    wanda = output_error(layer, W * wanda_mask(W, X.norm(dim=0)))
    sgpt = output_error(layer, sparsegpt(W, H)[0])
    print(f"\n2:4 output error: magnitude {mag:.3f}, wanda {wanda:.3f} ({wanda / mag:.2f}x), "
          f"sparsegpt {sgpt:.3f} ({sgpt / mag:.2f}x)")
    assert sgpt < wanda < mag


def test_gptq_beats_rtn(layer):
    W, _, H = layer
    rtn = output_error(layer, quantize_rtn(W, W2G64).dequantize())
    q = output_error(layer, gptq(W, H, W2G64).dequantize())
    q_act = output_error(layer, gptq(W, H, W2G64, act_order=True).dequantize())
    print(f"\nW2 g64 output error: rtn {rtn:.3f}, gptq {q:.3f} ({q / rtn:.2f}x), "
          f"gptq act_order {q_act:.3f} ({q_act / rtn:.2f}x)")
    assert q < 0.8 * rtn
    assert q_act < 0.8 * rtn


def test_pruning_aware_gptq_beats_rtn_with_the_same_mask(layer):
    W, _, H = layer
    mask = magnitude_mask(W)
    rtn = output_error(layer, quantize_rtn(W, W2G64, mask).dequantize())
    q = output_error(layer, gptq(W, H, W2G64, mask).dequantize())
    print(f"\nW2 g64 + magnitude 2:4 output error: rtn {rtn:.3f}, gptq {q:.3f} ({q / rtn:.2f}x)")
    assert q < 0.9 * rtn


def test_joint_sparsegpt_quantization_beats_magnitude_then_rtn(layer):
    W, _, H = layer
    baseline = output_error(layer, quantize_rtn(W, W2G64, magnitude_mask(W)).dequantize())
    joint = output_error(layer, sparsegpt(W, H, quant=W2G64).dequantize())
    print(f"\n2:4 + W2 g64 output error: magnitude+rtn {baseline:.3f}, "
          f"sparsegpt+quant {joint:.3f} ({joint / baseline:.2f}x)")
    assert joint < 0.7 * baseline


# ---- the OBS sweep -----------------------------------------------------------------------


def _naive_obs(W: torch.Tensor, H: torch.Tensor, mask: torch.Tensor, percdamp: float):
    """Prune column by column, each time updating the remaining columns with the explicit
    inverse of the Hessian restricted to them (the OBS formula, no Cholesky, no blocks)."""
    W, H = W.double().clone(), H.double()
    H = H + percdamp * H.diagonal().mean() * torch.eye(H.shape[0], dtype=H.dtype)
    for j in range(W.shape[1]):
        Hinv = torch.linalg.inv(H[j:, j:])
        err = (W[:, j] - W[:, j] * mask[:, j]) / Hinv[0, 0]
        W[:, j:] -= err[:, None] * Hinv[0][None, :]
    return W.float()


def test_sweep_matches_the_obs_formula_for_any_block_size():
    g = torch.Generator().manual_seed(1)
    X = torch.randn(256, 24, generator=g) @ torch.randn(24, 24, generator=g)
    W, H = torch.randn(8, 24, generator=g), 2 * X.T @ X
    mask = magnitude_mask(W)
    want = _naive_obs(W, H, mask, 0.01)
    for blocksize in (1, 5, 24, 128):
        got = obs_compress(W, H, mask=mask, blocksize=blocksize).values
        torch.testing.assert_close(got, want, rtol=1e-4, atol=1e-4)


def test_groups_spanning_blocks_and_dead_inputs(layer):
    W, X, _ = layer
    X = X.clone()
    X[:, [3, 100]] = 0  # inputs never active in calibration
    H = 2 * X.T @ X
    small = gptq(W, H, WeightQuantSpec(bits=3, group=128), blocksize=32)
    large = gptq(W, H, WeightQuantSpec(bits=3, group=128), blocksize=128)
    for q in (small, large):
        q.check()
        assert (q.dequantize()[:, [3, 100]] == 0).all()
    # Group grids come from up-to-date values, so the block size changes only float rounding.
    assert (small.codes == large.codes).float().mean() > 0.99
    W_pruned, mask = sparsegpt(W, H, blocksize=32)
    assert torch.isfinite(W_pruned).all() and is_exact_nm(mask, 2, 4)


# ---- the QuantizedWeight format ----------------------------------------------------------


def _all_results(layer) -> dict[str, QuantizedWeight]:
    W, _, H = layer
    mask = magnitude_mask(W)
    sym = WeightQuantSpec(bits=3, group=32, symmetric=True)
    return {
        "rtn": quantize_rtn(W, W2G64),
        "rtn masked": quantize_rtn(W, W2G64, mask),
        "rtn sym": quantize_rtn(W, sym, mask),
        "gptq": gptq(W, H, W2G64),
        "gptq masked": gptq(W, H, W2G64, mask),
        "gptq sym act_order": gptq(W, H, sym, mask, act_order=True),
        "sparsegpt 4:8 W4": sparsegpt(W, H, 4, 8, quant=WeightQuantSpec(bits=4, group=64)),
        "gptq W8 no clip": gptq(W, H, WeightQuantSpec(bits=8, group=256, clip_search=False)),
        "rtn W1": quantize_rtn(W, WeightQuantSpec(bits=1, group=16)),
    }


def test_quantized_weight_invariants(layer):
    for name, q in _all_results(layer).items():
        q.check()
        spec = q.spec
        assert q.codes.dtype == q.zeros.dtype == torch.uint8, name
        assert q.scales.dtype == torch.float32 and (q.scales > 0).all(), name
        assert torch.equal(q.scales.half().float(), q.scales), name
        assert int(q.codes.max()) <= spec.maxq and int(q.zeros.max()) <= spec.maxq, name
        if spec.symmetric:
            assert (q.zeros == 1 << (spec.bits - 1)).all(), name
        W_hat = q.dequantize()
        assert W_hat.dtype == torch.float32 and W_hat.shape == (OUT, IN), name
        assert (W_hat[~q.mask] == 0).all(), name


def test_check_rejects_broken_weights(layer):
    W, _, _ = layer
    good = quantize_rtn(W, W2G64, magnitude_mask(W))
    broken = {
        "float16": dataclasses.replace(good, scales=good.scales + 1e-7),
        "strictly positive": dataclasses.replace(good, scales=good.scales * 0),
        r"\[0, 3\]": dataclasses.replace(good, codes=good.codes + 4),
        "pruned positions": dataclasses.replace(good, mask=~good.mask),
        "zeros must be uint8": dataclasses.replace(good, zeros=good.zeros[:, :2]),
        "symmetric zero": dataclasses.replace(good, spec=WeightQuantSpec(2, 64, symmetric=True)),
    }
    for message, q in broken.items():
        with pytest.raises(ValueError, match=message):
            q.check()


def test_ranges_ignore_pruned_weights():
    g = torch.Generator().manual_seed(2)
    W = torch.randn(4, 16, generator=g) * 0.1
    W[0, 5] = 3.0  # an outlier that the mask prunes
    mask = torch.ones_like(W, dtype=torch.bool)
    mask[0, 5] = False
    for spec in (WeightQuantSpec(2, 8, clip_search=False), WeightQuantSpec(2, 8)):
        dense, pruned = quantize_rtn(W, spec), quantize_rtn(W, spec, mask)
        assert pruned.scales[0, 0] < 0.5 * dense.scales[0, 0]
        assert torch.equal(pruned.scales[1:], dense.scales[1:])
    X = torch.randn(64, 16, generator=g)
    H = 2 * X.T @ X
    spec = WeightQuantSpec(2, 8, clip_search=False)
    assert gptq(W, H, spec, mask).scales[0, 0] < 0.5 * gptq(W, H, spec).scales[0, 0]


def test_constant_and_zero_groups():
    W = torch.zeros(3, 8)
    W[1, :4] = 0.37  # constant group
    W[2, 4:] = -1e-9  # below float16's smallest scale
    q = quantize_rtn(W, WeightQuantSpec(2, 4))
    q.check()
    W_hat = q.dequantize()
    assert (W_hat[0] == 0).all() and (W_hat[1, 4:] == 0).all()
    torch.testing.assert_close(W_hat[1, :4], W[1, :4], rtol=1e-3, atol=0)
    assert (W_hat[2].abs() <= 1e-7).all()


# ---- API contract ------------------------------------------------------------------------


def test_inputs_are_not_modified_and_results_are_deterministic(layer):
    W, X, H = layer
    W = W.clone()
    norms, mask = X.norm(dim=0), magnitude_mask(W)
    before = [t.clone() for t in (W, H, norms, mask)]
    calls = [
        lambda: wanda_mask(W, norms),
        lambda: quantize_rtn(W, W2G64, mask).codes,
        lambda: gptq(W, H, W2G64, mask, act_order=True).codes,
        lambda: sparsegpt(W, H)[0],
        lambda: sparsegpt(W, H, quant=W2G64).codes,
    ]
    for call in calls:
        assert torch.equal(call(), call())
    for old, new in zip(before, (W, H, norms, mask)):
        assert torch.equal(old, new)


def test_invalid_specs():
    with pytest.raises(ValueError, match=r"bits must be an integer in \[1, 8\], got 0"):
        WeightQuantSpec(bits=0)
    with pytest.raises(ValueError, match="got 9"):
        WeightQuantSpec(bits=9)
    with pytest.raises(ValueError, match="group must be a positive integer, got 0"):
        WeightQuantSpec(group=0)
    with pytest.raises(ValueError, match="0 < N < M, got 4:4"):
        magnitude_mask(torch.ones(2, 8), 4, 4)


def test_invalid_shapes(layer):
    W, _, H = layer
    message = r"in_features \(256\) must be a multiple of the quantization group \(96\)"
    with pytest.raises(ValueError, match=message):
        quantize_rtn(W, WeightQuantSpec(group=96))
    with pytest.raises(ValueError, match="quantization group"):
        gptq(W, H, WeightQuantSpec(group=96))
    with pytest.raises(ValueError, match=r"in_features \(10\) must be a multiple of M \(4\)"):
        magnitude_mask(torch.ones(2, 10))
    with pytest.raises(ValueError, match=r"Hessian must be a floating-point \[256, 256\]"):
        sparsegpt(W, H[:128, :128])
    with pytest.raises(ValueError, match="mask shape"):
        gptq(W, H, W2G64, mask=torch.ones(OUT, 128, dtype=torch.bool))
    with pytest.raises(ValueError, match="mask must be a bool tensor"):
        quantize_rtn(W, W2G64, mask=torch.ones_like(W))
    with pytest.raises(ValueError, match="weight must be a 2-D floating-point tensor"):
        quantize_rtn(W[0], W2G64)
    with pytest.raises(ValueError, match=r"input_norms must be a \[256\] tensor"):
        wanda_mask(W, torch.ones(128))
    with pytest.raises(ValueError, match="blocksize must be a positive integer"):
        gptq(W, H, W2G64, blocksize=0)
    with pytest.raises(ValueError, match="spec must be a WeightQuantSpec"):
        gptq(W, H, 2)
