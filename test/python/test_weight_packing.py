"""The engine's packed weight storage: exact round trips, the bit layout, its size, and
rejection of corrupt packed arrays."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch

from accllm.compression.ablation import bits_per_weight
from accllm.compression.config import CompressionConfig
from accllm.compression.nm import nm_mask_from_scores
from accllm.compression.quantizer import quantize_rtn
from accllm.compression.weight_format import QuantizedWeight, WeightQuantSpec
from accllm.frontend.weight_packing import PackedLayout, PackedWeight, keep_patterns, pack, unpack


def _quantized(out_f, in_f, bits, group, symmetric, nm, seed=0) -> QuantizedWeight:
    gen = torch.Generator().manual_seed(seed)
    W = torch.randn(out_f, in_f, generator=gen)
    mask = None if nm is None else nm_mask_from_scores(torch.rand(out_f, in_f, generator=gen), *nm)
    return quantize_rtn(W, WeightQuantSpec(bits, group, symmetric), mask=mask)


@pytest.mark.parametrize(
    "bits, group, symmetric, nm, encoding",
    [
        (2, 64, False, (2, 4), "pair2"),
        (2, 64, False, (2, 4), "code3"),
        (2, 32, False, None, "pair2"),
        (3, 16, False, (2, 4), "pair2"),
        (4, 32, True, (2, 4), "code3"),
        (2, 16, False, (1, 4), "pair2"),
        (2, 16, False, (2, 8), "code3"),
    ],
)
def test_pack_unpack_round_trip_is_exact(bits, group, symmetric, nm, encoding):
    weight = _quantized(24, 128, bits, group, symmetric, nm)
    restored = QuantizedWeight.from_packed(weight.pack(nm, encoding))
    for field in ("codes", "scales", "zeros", "mask"):
        assert torch.equal(getattr(restored, field), getattr(weight, field)), field
    assert torch.equal(restored.dequantize(), weight.dequantize())


def test_bit_layout_is_lsb_first_per_row():
    # One row, one 2:4 slice keeping inputs 0 and 2 with codes 1 and 3.
    codes = np.array([[1, 2, 3, 2]], dtype=np.uint8)
    mask = np.array([[True, False, True, False]])
    scales, zeros = np.array([[0.5]], dtype=np.float32), np.array([[2]], dtype=np.uint8)
    layout = PackedLayout(1, 4, 2, 4, False, (2, 4), "pair2")
    packed = pack(codes, scales, zeros, mask, layout)
    assert packed.values.tolist() == [[1 | 3 << 2]]
    assert packed.index.tolist() == [[0 | 2 << 2]]
    assert packed.zeros.tolist() == [[2]]
    code3 = pack(codes, scales, zeros, mask, dataclasses.replace(layout, index_encoding="code3"))
    # Patterns in lexicographic order: (0,1), (0,2), ... so keeping {0, 2} is pattern 1.
    assert code3.index.tolist() == [[1]]
    assert keep_patterns(2, 4)[1].tolist() == [True, False, True, False]


@pytest.mark.parametrize("encoding", ["pair2", "code3"])
def test_packed_size_matches_the_bits_per_weight_accounting(encoding):
    config = CompressionConfig(index_encoding=encoding)
    weight = _quantized(64, 256, config.weight_bits, config.weight_group, False, config.sparsity)
    packed = weight.pack(config.sparsity, encoding)
    assert packed.nbytes * 8 / weight.codes.numel() == pytest.approx(bits_per_weight(config))


def _packed_2_4(encoding="code3") -> PackedWeight:
    return _quantized(8, 64, 2, 32, False, (2, 4)).pack((2, 4), encoding)


def test_unpack_rejects_an_out_of_range_pattern_code():
    packed = _packed_2_4("code3")
    index = packed.index.copy()
    index[0, 0] |= 0b111  # pattern 7 of 6
    with pytest.raises(ValueError, match="field >= 6"):
        unpack(dataclasses.replace(packed, index=index))


def test_unpack_rejects_repeated_pair_positions():
    packed = _packed_2_4("pair2")
    index = packed.index.copy()
    index[0, 0] = 0  # both kept weights of slice 0 at position 0
    with pytest.raises(ValueError, match="increase within each slice"):
        unpack(dataclasses.replace(packed, index=index))


def test_unpack_rejects_truncated_arrays():
    packed = _packed_2_4()
    with pytest.raises(ValueError, match="packed values must be uint8"):
        unpack(dataclasses.replace(packed, values=packed.values[:, :-1]))


def test_pack_rejects_a_mask_that_is_not_n_of_m():
    weight = _quantized(4, 32, 2, 32, False, None)
    with pytest.raises(ValueError, match="exactly 2 of every 4"):
        weight.pack((2, 4))
