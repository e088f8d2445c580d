"""The chunk-word stream of a weight matrix: how a row's packed record reaches its lane.

The linear array takes one 64-bit *chunk word* per lane per cycle: the codes of the kept
weights it multiplies in that cycle and their 2:4 index fields. A beat of a weight channel
carries eight chunk words, and the channel's beats hold its lanes' words step-major (the
first word of every lane of the tile, then the second, ...), so each lane's tile buffer is
written at most one word a cycle and read one word a cycle: a 64-bit bank per lane, never a
byte memory asked for a record's worth of bytes at once (docs/engine.md §4, docs/hls.md).

A row's words:
- *chunks*: kept weight `k0 .. k0 + kept_per_chunk - 1` of one quantization group: their
  codes (bits each, LSB first), then their index fields (code3: one 3-bit field per 2:4
  slice; pair2: one field per kept weight), then spare bits;
- the group's metadata (zero point, `bits` bits, then the float16 scale): in the spare bits
  of the group's chunks when they hold it (the zero point in the first chunk, so the array
  has it before it needs it), otherwise in *meta words* that precede the chunks, as many
  groups' entries a word as fit;
- LM_HEAD's int8 rows: eight codes a chunk, and one meta word holding the float32 scale.

A tile's words on a channel are padded to a whole beat, so every tile starts on a beat.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from accllm.dialects import engine
from accllm.frontend.weight_packing import INDEX_ENCODINGS, PackedLayout

WORD_BITS = 64
BEAT_BYTES = 64
WORDS_PER_BEAT = BEAT_BYTES * 8 // WORD_BITS
SCALE_BITS = 16  # a packed group's float16 scale


@dataclass(frozen=True)
class ChunkLayout:
    """One row's chunk words for a weight format, input width and array."""

    int8_rows: bool
    bits: int
    kept_per_chunk: int
    chunks_per_group: int
    groups: int
    index_bits: int  # index bits of one chunk (0: dense or int8 rows)
    meta_bits: int  # one group's metadata (int8 rows: the float32 scale)
    meta_in_chunks: bool
    meta_per_word: int  # groups' metadata a meta word holds (meta words only)
    meta_words: int

    @property
    def chunks(self) -> int:
        return self.groups * self.chunks_per_group

    @property
    def words(self) -> int:
        return self.meta_words + self.chunks

    @property
    def data_bits(self) -> int:
        return self.kept_per_chunk * self.bits + self.index_bits

    @property
    def spare_bits(self) -> int:
        return WORD_BITS - self.data_bits


def is_int8_rows(fmt: engine.WeightFormatAttr, in_features: int) -> bool:
    """LM_HEAD's format: symmetric int8 codes, one group per row, dense."""
    return fmt.bits.data == 8 and fmt.group.data == in_features and fmt.nm is None


def head_kept_per_chunk(kept_per_lane: int) -> int:
    """LM_HEAD's int8 codes a chunk word: a word's bytes, at most the array's MACs per lane."""
    return min(kept_per_lane, WORD_BITS // 8)


@functools.lru_cache(maxsize=4096)
def chunk_layout(fmt: engine.WeightFormatAttr, in_features: int, kept_per_lane: int) -> ChunkLayout:
    """The chunk words of a row of `in_features` inputs on an array of `kept_per_lane` MACs
    per lane; ValueError when the format has no chunk layout (float16 rows, or an index
    field wider than a word)."""
    bits, group = fmt.bits.data, fmt.group.data
    if is_int8_rows(fmt, in_features):
        kept = head_kept_per_chunk(kept_per_lane)
        return ChunkLayout(True, 8, kept, -(-in_features // kept), 1, 0, 32, False, 2, 1)
    if bits > 8:
        raise ValueError(f"{bits}-bit weights have no chunk layout (the array takes codes of at most 8 bits)")
    n, m = fmt.nm if fmt.nm is not None else (1, 1)
    kept_per_group = group * n // m
    pair = fmt.nm is not None and INDEX_ENCODINGS[fmt.encoding.data] == "pair"
    layout = PackedLayout(1, in_features, bits, group, False, fmt.nm, fmt.encoding.data)
    _, field_bits = layout.index_fields()

    def index_bits(kept: int) -> int:
        if fmt.nm is None:
            return 0
        return kept * field_bits if pair else kept // n * field_bits

    def fits(kept: int) -> bool:
        whole_slices = pair or kept % n == 0
        return kept * bits + index_bits(kept) <= WORD_BITS and kept_per_group % kept == 0 and whole_slices

    kept = 1 << (min(kept_per_lane, kept_per_group).bit_length() - 1)  # a power of two: aligned windows
    while kept > 1 and not fits(kept):
        kept //= 2
    if not fits(kept):
        raise ValueError(f"{fmt}: no chunk of whole N:M slices fits a {WORD_BITS}-bit word")
    chunks_per_group = kept_per_group // kept
    groups = in_features // group
    meta_bits = bits + SCALE_BITS
    spare = WORD_BITS - kept * bits - index_bits(kept)
    in_chunks = spare >= bits and chunks_per_group * spare >= meta_bits
    per_word = WORD_BITS // meta_bits
    meta_words = 0 if in_chunks else -(-groups // per_word)
    return ChunkLayout(False, bits, kept, chunks_per_group, groups, index_bits(kept), meta_bits, in_chunks,
                       per_word, meta_words)


def lanes_of_channel(lanes_in_tile: int, channels: int, channel: int) -> int:
    """Lanes of a tile that `channel` feeds (lane l from channel l mod C)."""
    return max(0, -(-(lanes_in_tile - channel) // channels))


def tile_beats(lanes: int, words: int) -> int:
    """Beats of one tile on one channel: its lanes' words, padded to a whole beat."""
    return -(-lanes * words // WORDS_PER_BEAT)


# -- records <-> words --------------------------------------------------------------------


def _bits(data: np.ndarray, count: int) -> np.ndarray:
    """uint8 [rows, bytes] -> uint8 [rows, count] bits, LSB first."""
    return np.unpackbits(data, axis=1, count=count, bitorder="little")


def _to_words(bits: np.ndarray) -> np.ndarray:
    """uint8 [rows, words, <= 64] bits -> uint64 [rows, words] (zero-padded to 64 bits)."""
    rows, words, width = bits.shape
    full = np.zeros((rows, words, WORD_BITS), dtype=np.uint8)
    full[..., :width] = bits
    return np.packbits(full, axis=2, bitorder="little").reshape(rows, words * 8).view("<u8")


def _from_words(words: np.ndarray) -> np.ndarray:
    """uint64 [rows, words] -> uint8 [rows, words, 64] bits."""
    rows, count = words.shape
    data = np.ascontiguousarray(words.astype("<u8")).view(np.uint8).reshape(rows, count, 8)
    return np.unpackbits(data, axis=2, bitorder="little")


def _meta_bits(zeros: np.ndarray, scales: np.ndarray, layout: ChunkLayout) -> np.ndarray:
    """uint8 [rows, groups, meta_bits]: each group's zero point, then its float16 scale."""
    rows = len(scales)
    zero_bits = _bits(zeros, layout.groups * layout.bits).reshape(rows, layout.groups, layout.bits)
    scale_bits = _bits(np.ascontiguousarray(scales.astype("<f2")).view(np.uint8), layout.groups * SCALE_BITS)
    return np.concatenate([zero_bits, scale_bits.reshape(rows, layout.groups, SCALE_BITS)], axis=2)


def _meta_word_bits(meta: np.ndarray, layout: ChunkLayout) -> np.ndarray:
    rows = len(meta)
    padded = np.zeros((rows, layout.meta_words * layout.meta_per_word, layout.meta_bits), dtype=np.uint8)
    padded[:, :meta.shape[1]] = meta
    return padded.reshape(rows, layout.meta_words, layout.meta_per_word * layout.meta_bits)


def chunk_packed(records: np.ndarray, packed: PackedLayout, layout: ChunkLayout) -> np.ndarray:
    """uint64 [rows, words] from packed row records (values, index, zeros, float16 scales)."""
    rows, shapes, parts, start = len(records), packed.shapes(), {}, 0
    for name in ("values", "index", "zeros", "scales"):
        (_, width), dtype = shapes[name]
        parts[name] = np.ascontiguousarray(records[:, start:start + width * dtype.itemsize])
        start += width * dtype.itemsize
    chunks = layout.chunks
    values = _bits(parts["values"], packed.kept_per_row * layout.bits).reshape(rows, chunks, -1)
    index = _bits(parts["index"], chunks * layout.index_bits).reshape(rows, chunks, layout.index_bits)
    meta = _meta_bits(parts["zeros"], parts["scales"].view("<f2"), layout)
    pieces = [values, index]
    if layout.meta_in_chunks:
        spare = layout.chunks_per_group * layout.spare_bits
        padded = np.zeros((rows, layout.groups, spare), dtype=np.uint8)
        padded[..., :layout.meta_bits] = meta
        pieces.append(padded.reshape(rows, chunks, layout.spare_bits))
    chunk_words = _to_words(np.concatenate(pieces, axis=2))
    if layout.meta_in_chunks:
        return chunk_words
    return np.concatenate([_to_words(_meta_word_bits(meta, layout)), chunk_words], axis=1)


def chunk_int8(records: np.ndarray, layout: ChunkLayout) -> np.ndarray:
    """uint64 [rows, words] from int8 rows (codes, then the float32 scale)."""
    rows, in_f = records.shape[0], records.shape[1] - 4
    codes = np.zeros((rows, layout.chunks * 8), dtype=np.uint8)
    for c in range(layout.chunks):
        span = records[:, c * layout.kept_per_chunk:min(in_f, (c + 1) * layout.kept_per_chunk)]
        codes[:, 8 * c:8 * c + span.shape[1]] = span
    meta = np.zeros((rows, 8), dtype=np.uint8)
    meta[:, :4] = records[:, in_f:]
    return np.concatenate([meta, codes], axis=1).view("<u8")


def unchunk_packed(words: np.ndarray, packed: PackedLayout, layout: ChunkLayout) -> np.ndarray:
    """The inverse of `chunk_packed`: uint8 [rows, record bytes]."""
    rows, chunks = len(words), layout.chunks
    bits = _from_words(words)
    meta_words, chunk_bits = bits[:, :layout.meta_words], bits[:, layout.meta_words:]
    values = chunk_bits[..., :layout.kept_per_chunk * layout.bits].reshape(rows, -1)
    index = chunk_bits[..., layout.kept_per_chunk * layout.bits:layout.data_bits].reshape(rows, -1)
    if layout.meta_in_chunks:
        spare = chunk_bits[..., layout.data_bits:].reshape(rows, layout.groups, -1)
        meta = spare[..., :layout.meta_bits]
    else:
        meta = meta_words[..., :layout.meta_per_word * layout.meta_bits].reshape(rows, -1, layout.meta_bits)
        meta = meta[:, :layout.groups]
    shapes = packed.shapes()

    def field(bit_rows: np.ndarray, name: str) -> np.ndarray:
        (_, width), dtype = shapes[name]
        out = np.zeros((rows, width * dtype.itemsize * 8), dtype=np.uint8)
        out[:, :bit_rows.shape[1]] = bit_rows
        return np.packbits(out, axis=1, bitorder="little")

    zeros = field(np.ascontiguousarray(meta[..., :layout.bits]).reshape(rows, -1), "zeros")
    scales = field(np.ascontiguousarray(meta[..., layout.bits:]).reshape(rows, -1), "scales")
    return np.concatenate([field(values, "values"), field(index, "index"), zeros, scales], axis=1)


def unchunk_int8(words: np.ndarray, layout: ChunkLayout, in_features: int) -> np.ndarray:
    """The inverse of `chunk_int8`: uint8 [rows, in + 4]."""
    data = np.ascontiguousarray(words.astype("<u8")).view(np.uint8).reshape(len(words), -1)
    codes = data[:, 8:].reshape(len(words), layout.chunks, 8)[:, :, :layout.kept_per_chunk]
    return np.concatenate([codes.reshape(len(words), -1)[:, :in_features], data[:, :4]], axis=1)

