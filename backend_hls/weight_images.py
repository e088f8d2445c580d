"""The HBM contents of an engine: one byte image per pseudo-channel and a JSON manifest.

Each image holds, at the offsets `engine-hbm-alloc` wrote into the program, what the
program's loads read (docs/engine.md §4): for a weight matrix, the chunk words
(passes/weight_chunks.py) of the rows the channel streams, row r on channel
`(r mod lanes) mod C`, tile by tile, the tile's lanes step-major, from the packed row records
(frontend/weight_packing.py: values, index and zero-point bytes, then the row's float16
scales; the int8 lm_head as int8 codes plus a float32 scale per row, quantized as the golden
model does); embeddings (row r on channel `r mod C`) and constant
vectors as float16; the KV rings and the logits area zero-filled. The manifest names every
region (name, kind, channel, offset, bytes, layout) so the host can load the images and the
C simulation can check them; `read_rows` / `read_matrix` read a matrix back through it.
The output depends only on the module and the model: equal inputs give identical bytes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from xdsl.dialects.builtin import ModuleOp

from accllm.compression.compressed_model import CompressedModel
from accllm.dialects import engine
from accllm.frontend.golden import quantize_symmetric
from accllm.frontend.weight_packing import PackedLayout, PackedWeight
from accllm.passes.engine_hbm_alloc import kv_heads_per_channel, kv_record_bytes
from accllm.passes.engine_tiling import BEAT_BYTES, row_bytes
from accllm.passes.weight_chunks import (
    WORDS_PER_BEAT,
    ChunkLayout,
    chunk_layout,
    chunk_int8,
    chunk_packed,
    tile_beats,
    unchunk_int8,
    unchunk_packed,
)

FORMAT = "accllm-engine-images"
VERSION = 1
RECORD_FIELDS = ("values", "index", "zeros", "scales")  # order of a packed row record


def _beats(nbytes: int) -> int:
    return -(-nbytes // BEAT_BYTES) * BEAT_BYTES


@dataclass(frozen=True)
class Region:
    """One manifest entry and its bytes (None: zero-filled)."""

    name: str
    kind: str
    channel: int
    offset: int
    nbytes: int
    layout: dict
    data: bytes | None = None

    def entry(self) -> dict:
        return {"name": self.name, "kind": self.kind, "channel": self.channel, "offset": self.offset,
                "bytes": self.nbytes, "layout": self.layout}


def channel_rows(count: int, lanes: int, channels: int, index: int) -> np.ndarray:
    """The rows of a `count`-row matrix that the `index`-th of `channels` channels holds."""
    return np.flatnonzero((np.arange(count) % lanes) % channels == index)


def packed_records(packed: PackedWeight) -> np.ndarray:
    """uint8 [out, record bytes]: each row's values, index, zeros, then float16 scales."""
    scales = np.ascontiguousarray(packed.scales.astype("<f2")).view(np.uint8)
    return np.concatenate([packed.values, packed.index, packed.zeros, scales], axis=1)


def int8_records(weight: np.ndarray) -> np.ndarray:
    """uint8 [out, in + 4]: the golden model's symmetric int8 codes, then the float32 scale."""
    codes, scale = quantize_symmetric(weight, 8)
    scale_bytes = np.ascontiguousarray(scale.astype("<f4")).view(np.uint8).reshape(len(scale), 4)
    return np.concatenate([codes.astype(np.int8).view(np.uint8), scale_bytes], axis=1)


def float16_records(weight: np.ndarray) -> np.ndarray:
    rows = np.asarray(weight, dtype=np.float32).reshape(len(weight), -1)
    return np.ascontiguousarray(rows.astype("<f2")).view(np.uint8)


def _packed_for(load: engine.LoadWeightsOp, packed: dict[str, PackedWeight]) -> PackedWeight:
    name, fmt = load.param.data, load.format
    weight = packed[name]
    layout = weight.layout
    wanted = (load.shape, fmt.bits.data, fmt.group.data, fmt.nm, False)
    have = ((layout.out_features, layout.in_features), layout.bits, layout.group, layout.nm, layout.symmetric)
    if wanted != have or (fmt.nm is not None and layout.index_encoding != fmt.encoding.data):
        raise ValueError(f"{name}: the program loads {fmt} {load.shape[0]}x{load.shape[1]}, "
                         f"the compressed model holds {layout}")
    return weight


def _weight_records(load: engine.LoadWeightsOp, packed: dict[str, PackedWeight], tensors) -> tuple[np.ndarray, dict]:
    """The row records of a loaded matrix and its manifest layout (before the row map)."""
    name, fmt = load.param.data, load.format
    out_f, in_f = load.shape
    if name in packed:
        weight = _packed_for(load, packed)
        records, layout = packed_records(weight), {"format": "packed", "packed": weight.layout.to_json()}
    elif fmt.bits.data == 8 and fmt.group.data == in_f and fmt.nm is None:
        records, layout = int8_records(np.asarray(tensors[name], dtype=np.float32)), {"format": "int8_rows"}
    elif fmt.bits.data == 16:
        records, layout = float16_records(tensors[name]), {"format": "float16_rows"}
    else:
        raise ValueError(f"{name}: the program loads it as {fmt}, but the compressed model has no packed weight")
    if records.shape != (out_f, row_bytes(fmt, in_f)):
        raise ValueError(f"{name}: row records are {records.shape}, the program expects "
                         f"{out_f} x {row_bytes(fmt, in_f)} bytes")
    return records, {**layout, "shape": [out_f, in_f], "row_bytes": records.shape[1]}


def _row_regions(kind: str, name: str, records: np.ndarray, layout: dict, lanes: int, channels: list[int],
                 offsets: list[int], sizes: list[int]) -> list[Region]:
    """Rows back to back, row r on channel (r mod lanes) mod C (embeddings: lanes = C)."""
    regions = []
    for i, (channel, offset, nbytes) in enumerate(zip(channels, offsets, sizes)):
        rows = channel_rows(len(records), lanes, len(channels), i)
        data = records[rows].tobytes()
        if len(data) > nbytes:
            raise ValueError(f"{name}: {len(data)} bytes do not fit the {nbytes} placed on channel {channel}")
        rows_layout = {"lanes": lanes, "channels": len(channels), "index": i, "count": len(rows)}
        regions.append(Region(name, kind, channel, offset, nbytes, {**layout, "rows": rows_layout}, data))
    return regions


def _row_words(records: np.ndarray, layout: dict, chunks: ChunkLayout) -> np.ndarray:
    if chunks.int8_rows:
        return chunk_int8(records, chunks)
    return chunk_packed(records, PackedLayout.from_json(layout["packed"]), chunks)


def _word_records(words: np.ndarray, layout: dict, chunks: ChunkLayout) -> np.ndarray:
    if chunks.int8_rows:
        return unchunk_int8(words, chunks, layout["shape"][1])
    return unchunk_packed(words, PackedLayout.from_json(layout["packed"]), chunks)


def _channel_tiles(count: int, lanes: int, channels: int, index: int) -> list[np.ndarray]:
    """The rows of each lane tile that channel `index` streams, in lane-slot order."""
    return [np.arange(r0 + index, min(r0 + lanes, count), channels) for r0 in range(0, count, lanes)]


def _chunk_regions(name: str, fmt: engine.WeightFormatAttr, records: np.ndarray, layout: dict, lanes: int,
                   kept_per_lane: int, channels: list[int], offsets: list[int], sizes: list[int]) -> list[Region]:
    """A matrix as chunk-word streams (passes/weight_chunks.py): per lane tile, the channel's
    lanes' words step-major, padded to a whole beat."""
    out_f, in_f = layout["shape"]
    chunks = chunk_layout(fmt, in_f, kept_per_lane)
    words = _row_words(records, layout, chunks)
    regions = []
    for i, (channel, offset, nbytes) in enumerate(zip(channels, offsets, sizes)):
        stream, count = [], 0
        for rows in _channel_tiles(out_f, lanes, len(channels), i):
            count += len(rows)
            if len(rows):
                tile = words[rows].T.reshape(-1)
                padded = np.zeros(tile_beats(len(rows), chunks.words) * WORDS_PER_BEAT, dtype="<u8")
                padded[:len(tile)] = tile
                stream.append(padded)
        data = np.concatenate(stream).tobytes() if stream else b""
        if len(data) > nbytes:
            raise ValueError(f"{name}: {len(data)} bytes do not fit the {nbytes} placed on channel {channel}")
        tiles = {"lanes": lanes, "channels": len(channels), "index": i, "count": count,
                 "kept_per_lane": kept_per_lane, "words": chunks.words}
        regions.append(Region(name, "weights", channel, offset, nbytes, {**layout, "tiles": tiles}, data))
    return regions


def _format_args(layout: dict) -> tuple:
    """engine.WeightFormatAttr's arguments for a manifest layout."""
    if layout["format"] == "int8_rows":
        return 8, layout["shape"][1], None
    packed = layout["packed"]
    return packed["bits"], packed["group"], None if packed["nm"] is None else tuple(packed["nm"]), \
        packed["index_encoding"]


def _ints(attr) -> list[int]:
    return [int(v) for v in attr.get_values()]


def _regions(module: ModuleOp, compressed: CompressedModel) -> list[Region]:
    attr = module.attributes.get("engine.config")
    if not isinstance(attr, engine.EngineConfigAttr):
        raise ValueError("the module has no engine.config (run convert-accllm-to-engine and engine-hbm-alloc)")
    config = attr.config
    packed, tensors = compressed.packed(), compressed.float_tensors()
    kv_bits = {op.layer.value.data: op.bits.value.data for op in module.walk() if isinstance(op, engine.KVAppendOp)}
    regions: list[Region] = []
    for op in module.walk():
        if isinstance(op, engine.LoadWeightsOp):
            records, layout = _weight_records(op, packed, tensors)
            if layout["format"] == "float16_rows":
                regions += _row_regions("weights", op.param.data, records, layout, config.lanes, _ints(op.channels),
                                        _ints(op.offsets), _ints(op.bytes_per_channel))
            else:
                regions += _chunk_regions(op.param.data, op.format, records, layout, config.lanes,
                                          config.kept_per_lane, _ints(op.channels), _ints(op.offsets),
                                          _ints(op.bytes_per_channel))
        elif isinstance(op, engine.EmbedOp):
            channels, name = _ints(op.channels), op.table.data
            records = float16_records(tensors[name])
            counts = [len(channel_rows(len(records), len(channels), len(channels), i)) for i in range(len(channels))]
            layout = {"format": "float16_rows", "shape": list(np.shape(tensors[name])), "row_bytes": records.shape[1]}
            regions += _row_regions("embedding", name, records, layout, len(channels), channels, _ints(op.offsets),
                                    [_beats(n * records.shape[1]) for n in counts])
        elif isinstance(op, engine.LoadVectorOp):
            data = float16_records(np.asarray(tensors[op.param.data]).reshape(1, -1)).tobytes()
            regions.append(Region(op.param.data, "vectors", config.misc_channel, op.offset.value.data,
                                  _beats(len(data)), {"format": "float16", "shape": [len(data) // 2]}, data))
        elif isinstance(op, engine.KVLoadOp):
            kv, layer = op.result.type, op.layer.value.data
            bits = kv_bits.get(layer, 4)
            token_bytes = kv_record_bytes(kv.head_dim.data, bits)
            heads = kv_heads_per_channel(kv.kv_heads.data, len(_ints(op.channels)))
            for channel, offset, count in zip(_ints(op.channels), _ints(op.offsets), heads):
                if count:
                    layout = {"format": "kv_ring", "layer": layer, "kv_heads": count, "head_dim": kv.head_dim.data,
                              "bits": bits, "slots": config.kv_slots, "token_bytes": token_bytes}
                    regions.append(Region(f"layer {layer}", "kv_cache", channel, offset,
                                          _beats(count * token_bytes * config.kv_slots), layout))
        elif isinstance(op, engine.StoreLogitsOp):
            vocab = engine.width(op.logits)
            regions.append(Region("logits", "logits", config.misc_channel, op.offset.value.data, _beats(4 * vocab),
                                  {"format": "float32", "shape": [vocab]}))
    return regions


def build_images(module: ModuleOp, compressed: CompressedModel) -> tuple[dict[int, bytes], dict]:
    """(channel -> image bytes, JSON-able manifest) for an allocated engine module."""
    unique: dict[tuple[str, str, int], Region] = {}
    for region in _regions(module, compressed):
        key = (region.kind, region.name, region.channel)
        known = unique.setdefault(key, region)
        if (known.offset, known.nbytes) != (region.offset, region.nbytes):
            raise ValueError(f"{region.kind} {region.name} is placed twice on channel {region.channel}")
    by_channel: dict[int, list[Region]] = {}
    for region in sorted(unique.values(), key=lambda r: (r.channel, r.offset, r.kind, r.name)):
        by_channel.setdefault(region.channel, []).append(region)
    images: dict[int, bytes] = {}
    for channel, regions in by_channel.items():
        image = bytearray(max(r.offset + r.nbytes for r in regions))
        end, last = 0, None
        for r in regions:
            if r.offset < end:
                raise ValueError(f"channel {channel}: {r.kind} {r.name} at {r.offset} overlaps {last.kind} "
                                 f"{last.name} (run engine-hbm-alloc first)")
            if r.data is not None:
                image[r.offset:r.offset + len(r.data)] = r.data
            end, last = r.offset + r.nbytes, r
        images[channel] = bytes(image)
    manifest = {
        "format": FORMAT, "version": VERSION,
        "channels": {str(c): {"bytes": len(img), "sha256": hashlib.sha256(img).hexdigest()}
                     for c, img in images.items()},
        "entries": [r.entry() for regions in by_channel.values() for r in regions],
    }
    return images, manifest


def read_rows(images: dict[int, bytes], manifest: dict, name: str, kind: str = "weights") -> np.ndarray:
    """uint8 [rows, row bytes]: the row records of a matrix, gathered from its channels
    (from its chunk-word streams for the array's formats)."""
    entries = [e for e in manifest["entries"] if e["name"] == name and e["kind"] == kind]
    if not entries or not ({"rows", "tiles"} & set(entries[0]["layout"])):
        raise ValueError(f"the manifest has no {kind} matrix {name!r}")
    layout = entries[0]["layout"]
    out = np.zeros((layout["shape"][0], layout["row_bytes"]), dtype=np.uint8)
    covered = np.zeros(len(out), dtype=bool)
    for e in entries:
        image = images[e["channel"]]
        if "tiles" in e["layout"]:
            tiles = e["layout"]["tiles"]
            fmt = engine.WeightFormatAttr(*_format_args(layout))
            chunks = chunk_layout(fmt, layout["shape"][1], tiles["kept_per_lane"])
            at = e["offset"]
            for rows in _channel_tiles(len(out), tiles["lanes"], tiles["channels"], tiles["index"]):
                if not len(rows):
                    continue
                count = len(rows) * chunks.words
                words = np.frombuffer(image, dtype="<u8", count=count, offset=at).reshape(chunks.words, len(rows))
                out[rows] = _word_records(np.ascontiguousarray(words.T), layout, chunks)
                covered[rows] = True
                at += tile_beats(len(rows), chunks.words) * BEAT_BYTES
            continue
        rows_layout = e["layout"]["rows"]
        rows = channel_rows(len(out), rows_layout["lanes"], rows_layout["channels"], rows_layout["index"])
        data = image[e["offset"]:e["offset"] + len(rows) * out.shape[1]]
        out[rows] = np.frombuffer(data, dtype=np.uint8).reshape(len(rows), out.shape[1])
        covered[rows] = True
    if not covered.all():
        raise ValueError(f"{kind} {name!r}: the manifest misses rows {np.flatnonzero(~covered)[:8].tolist()}")
    return out


def read_matrix(images: dict[int, bytes], manifest: dict, name: str) -> PackedWeight:
    """A packed weight matrix read back from the images (the inverse of the packing)."""
    records = read_rows(images, manifest, name)
    entry = next(e for e in manifest["entries"] if e["name"] == name and e["kind"] == "weights")
    if entry["layout"]["format"] != "packed":
        raise ValueError(f"{name} is stored as {entry['layout']['format']}, not as packed weights")
    layout = PackedLayout.from_json(entry["layout"]["packed"])
    shapes, arrays, start = layout.shapes(), {}, 0
    for field in RECORD_FIELDS:
        (_, width), dtype = shapes[field]
        size = width * dtype.itemsize
        arrays[field] = np.ascontiguousarray(records[:, start:start + size]).view(dtype.newbyteorder("<"))
        start += size
    weight = PackedWeight(layout, arrays["values"], arrays["index"], arrays["scales"].astype(np.float16),
                          arrays["zeros"])
    weight.check()
    return weight
