"""The chunk-word stream of a weight matrix (passes/weight_chunks.py): which layout a format
gets, the fields of a word, and the exact round trip records -> words -> records."""

from __future__ import annotations

import numpy as np
import pytest

from accllm.backend_hls.weight_images import packed_records
from accllm.dialects import engine
from accllm.frontend.weight_packing import PackedLayout, keep_patterns, pack
from accllm.passes.engine_tiling import channel_bytes
from accllm.passes.weight_chunks import (
    chunk_int8,
    chunk_layout,
    chunk_packed,
    lanes_of_channel,
    tile_beats,
    unchunk_int8,
    unchunk_packed,
)


def _packed(out_f: int, in_f: int, bits: int, group: int, encoding: str, seed: int = 0):
    rng = np.random.default_rng(seed)
    layout = PackedLayout(out_f, in_f, bits, group, False, (2, 4), encoding)
    patterns = keep_patterns(2, 4)
    mask = patterns[rng.integers(0, len(patterns), size=(out_f, in_f // 4))].reshape(out_f, in_f)
    codes = rng.integers(0, 2**bits, size=(out_f, in_f)).astype(np.uint8)
    groups = in_f // group
    scales = rng.uniform(0.01, 2.0, size=(out_f, groups)).astype(np.float16)
    zeros = rng.integers(0, 2**bits, size=(out_f, groups)).astype(np.uint8)
    return pack(codes, scales, zeros, mask, layout)


def test_code3_groups_carry_their_metadata_in_spare_bits():
    """Llama-2-7B's format: 16 kept 2-bit codes and 8 code3 fields are 56 bits; a group's 4
    chunks' 8 spare bits each hold its zero point and float16 scale (18 bits)."""
    layout = chunk_layout(engine.WeightFormatAttr(2, 128, (2, 4), "code3"), 4096, 16)
    assert (layout.kept_per_chunk, layout.data_bits, layout.chunks_per_group) == (16, 56, 4)
    assert layout.meta_in_chunks and layout.meta_words == 0 and layout.words == 32 * 4


def test_full_words_put_metadata_in_meta_words():
    """pair2 at 16 kept is 64 bits of codes and indices: the metadata goes to meta words,
    three groups' 18 bits a word."""
    layout = chunk_layout(engine.WeightFormatAttr(2, 64, (2, 4), "pair2"), 640, 16)
    assert layout.data_bits == 64 and not layout.meta_in_chunks
    assert (layout.meta_per_word, layout.meta_words, layout.chunks) == (3, 4, 20)


def test_wide_arrays_get_the_chunks_that_fit_a_word():
    """32 kept code3 weights are 112 bits: the chunk takes 16 (the array uses 16 MACs a lane)."""
    assert chunk_layout(engine.WeightFormatAttr(2, 128, (2, 4), "code3"), 4096, 32).kept_per_chunk == 16
    assert chunk_layout(engine.WeightFormatAttr(8, 4096, None), 4096, 16).kept_per_chunk == 8
    with pytest.raises(ValueError, match="no chunk layout"):
        chunk_layout(engine.WeightFormatAttr(16, 64, None), 64, 16)


@pytest.mark.parametrize("encoding,group", [("code3", 128), ("pair2", 64), ("code3", 32)])
def test_packed_rows_round_trip_through_chunk_words(encoding, group):
    weight = _packed(6, 512, 2, group, encoding)
    fmt = engine.WeightFormatAttr(2, group, (2, 4), encoding)
    layout = chunk_layout(fmt, 512, 16)
    records = packed_records(weight)
    words = chunk_packed(records, weight.layout, layout)
    assert words.shape == (6, layout.words) and words.dtype == np.dtype("<u8")
    assert np.array_equal(unchunk_packed(words, weight.layout, layout), records)


def test_a_chunk_word_holds_its_codes_then_its_index_fields():
    weight = _packed(1, 128, 2, 128, "code3", seed=3)
    layout = chunk_layout(engine.WeightFormatAttr(2, 128, (2, 4), "code3"), 128, 16)
    word = int(chunk_packed(packed_records(weight), weight.layout, layout)[0, 1])
    values = np.unpackbits(weight.values[0], bitorder="little")
    index = np.unpackbits(weight.index[0], bitorder="little")
    bits = [(word >> i) & 1 for i in range(64)]
    assert bits[:32] == values[32:64].tolist()  # kept weights 16..31
    assert bits[32:56] == index[24:48].tolist()  # their 8 slices' code3 fields
    zero = int(weight.zeros[0, 0]) & 3
    scale = int(weight.scales[0, 0].view(np.uint16))
    assert bits[56:64] == [((scale << 2 | zero) >> i) & 1 for i in range(8, 16)]  # metadata bits 8..15


def test_int8_rows_round_trip_with_the_scale_first():
    rng = np.random.default_rng(1)
    records = rng.integers(0, 256, size=(5, 100 + 4)).astype(np.uint8)
    layout = chunk_layout(engine.WeightFormatAttr(8, 100, None), 100, 16)
    words = chunk_int8(records, layout)
    assert words.shape == (5, 1 + 13)
    assert np.array_equal(np.ascontiguousarray(words[:, :1]).view(np.uint8)[:, :4], records[:, 100:])
    assert np.array_equal(unchunk_int8(words, layout, 100), records)


def test_channel_bytes_pad_each_tile_to_a_beat():
    fmt = engine.WeightFormatAttr(2, 128, (2, 4), "code3")
    words = chunk_layout(fmt, 4096, 16).words
    sizes = channel_bytes(fmt, 12 * 320 + 8, 4096, 320, 32, 16)
    # 12 full tiles of 10 lanes a channel, then a tile of 8 lanes: lanes 0..7 on channels 0..7.
    assert lanes_of_channel(8, 32, 7) == 1 and lanes_of_channel(8, 32, 8) == 0
    assert sizes[0] == (12 * tile_beats(10, words) + tile_beats(1, words)) * 64
    assert sizes[31] == 12 * tile_beats(10, words) * 64
