"""Pruning-aware tiling: how a packed matrix is cut into lane tiles and spread over the HBM
weight channels (docs/engine.md §4), and the `engine-tile` pass that (re)computes every
load's bytes per channel for the module's engine configuration.

A lane tile is `lanes` consecutive output rows; row r of a matrix is computed by lane
`r mod lanes` and streamed from weight channel `(r mod lanes) mod C`. A row is the packed
record of frontend/weight_packing.py (kept codes, 2:4 index, zero points, float16 scales),
streamed as chunk words, one per lane per array step (passes/weight_chunks.py), so tiles
always hold whole 2:4 slices and whole quantization groups: the alignment the array needs
comes from never splitting a row. The tile's K-chunking (kept
weights per lane per cycle) must divide the kept weights of a group, or be a multiple of
them, so a group ends on a cycle boundary; the verifier of engine.linear checks that.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass
from xdsl.utils.exceptions import PassFailedException

from accllm.boards import board_or_none
from accllm.dialects import engine
from accllm.frontend.weight_packing import PackedLayout
from accllm.passes.weight_chunks import BEAT_BYTES, chunk_layout, is_int8_rows, lanes_of_channel, tile_beats



@functools.lru_cache(maxsize=None)
def row_bytes(fmt: engine.WeightFormatAttr, in_features: int) -> int:
    """Bytes of one packed row record, scales included."""
    bits, group = fmt.bits.data, fmt.group.data
    if bits == 16:
        return 2 * in_features
    if is_int8_rows(fmt, in_features):
        return in_features + 4  # int8 codes + one float32 scale
    layout = PackedLayout(1, in_features, bits, group, False, fmt.nm, fmt.encoding.data)
    shapes = layout.shapes()
    return sum(shape[1] * dtype.itemsize for shape, dtype in shapes.values())


@functools.lru_cache(maxsize=None)
def rows_per_channel(out_features: int, lanes: int, channels: int) -> tuple[int, ...]:
    """How many rows of the matrix each of `channels` weight channels holds."""
    counts = [0] * channels
    full_tiles, rest = divmod(out_features, lanes)
    for lane in range(lanes):
        counts[lane % channels] += full_tiles + (1 if lane < rest else 0)
    return tuple(counts)


@functools.lru_cache(maxsize=4096)
def channel_bytes(fmt: engine.WeightFormatAttr, out_features: int, in_features: int,
                  lanes: int, channels: int, kept_per_lane: int) -> tuple[int, ...]:
    """Bytes each channel streams for the matrix: tile by tile, its lanes' chunk words
    (passes/weight_chunks.py) padded to a whole beat; float16 rows, which the array does not
    take, back to back. A channel without rows streams one beat, so every channel takes part
    in every load and the queues stay in step."""
    if fmt.bits.data == 16:
        record = row_bytes(fmt, in_features)
        return tuple(max(1, -(-rows * record // BEAT_BYTES)) * BEAT_BYTES
                     for rows in rows_per_channel(out_features, lanes, channels))
    words = chunk_layout(fmt, in_features, kept_per_lane).words
    full, rest = divmod(out_features, lanes)
    return tuple(max(1, full * tile_beats(lanes_of_channel(lanes, channels, c), words)
                     + tile_beats(lanes_of_channel(rest, channels, c), words)) * BEAT_BYTES
                 for c in range(channels))


def weight_channel_ids(config: engine.EngineConfig) -> list[int]:
    return list(range(config.weight_channels))


def kv_channel_ids(config: engine.EngineConfig) -> list[int]:
    """The last `kv_channels` channels of the board (or of the weight channels when the
    board is unknown; the HBM allocation reports that)."""
    known = board_or_none(config.board)
    total = known.hbm_channels if known else config.weight_channels
    return list(range(max(0, total - config.kv_channels), total))


def module_engine_config(module: ModuleOp, pass_name: str) -> engine.EngineConfig:
    attr = module.attributes.get("engine.config")
    if not isinstance(attr, engine.EngineConfigAttr):
        raise PassFailedException(f"{pass_name}: the module has no engine.config (run convert-accllm-to-engine first)")
    return attr.config


@dataclass(frozen=True)
class EngineTilePass(ModulePass):
    """Recompute the per-channel bytes of every weight load for the module's configuration."""

    name = "engine-tile"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        config = module_engine_config(op, self.name)
        channels = weight_channel_ids(config)
        for load in op.walk():
            if isinstance(load, engine.LoadWeightsOp):
                out_f, in_f = load.shape
                sizes = channel_bytes(load.format, out_f, in_f, config.lanes, len(channels), config.kept_per_lane)
                load.channels = engine.int_array(channels)
                load.bytes_per_channel = engine.int_array(sizes)
                if len(load.offsets.get_values()) != len(channels):
                    load.offsets = engine.int_array([0] * len(channels))
