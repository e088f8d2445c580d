"""`engine-hbm-alloc`: place every weight, the embedding, the constant vectors, the KV cache
and the logits in HBM, writing the offsets into the program's loads and stores.

Weights stream from all weight channels at once (engine_tiling), so each matrix takes a
slice of every weight channel and the channels fill evenly. The KV cache of each layer is a
ring of `kv_slots` slots spread over the KV channels by KV head; constant vectors (norm
weights, biases, float16) and the logits sit on the misc channel. A name loaded by both
programs has one placement. Everything is 64-byte (beat) aligned; a channel that overflows
the board's pseudo-channel capacity is a one-line error.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, i64
from xdsl.ir import Operation
from xdsl.passes import ModulePass
from xdsl.utils.exceptions import PassFailedException

from accllm.boards import UnknownBoard, board
from accllm.dialects import engine
from accllm.passes.engine_tiling import (
    BEAT_BYTES,
    kv_channel_ids,
    module_engine_config,
    weight_channel_ids,
)


def _beats(nbytes: int) -> int:
    return -(-nbytes // BEAT_BYTES) * BEAT_BYTES


def kv_head_token_bytes(head_dim: int, bits: int) -> int:
    """One token of one KV head: key and value codes plus float32 scale and zero of each."""
    return 2 * (head_dim * bits // 8) + 16


def kv_record_bytes(head_dim: int, bits: int) -> int:
    """One token of one KV head in HBM: `kv_head_token_bytes` padded to whole beats, so that
    ST writes a decode step's record as full beats (a partial beat would need a
    read-modify-write on the write port: two HBM round trips per record)."""
    return _beats(kv_head_token_bytes(head_dim, bits))


def kv_heads_per_channel(kv_heads: int, channels: int) -> list[int]:
    return [kv_heads // channels + (1 if c < kv_heads % channels else 0) for c in range(channels)]


@dataclass
class HBMMap:
    """What each channel holds: (kind, name, offset, bytes) records and the fill level."""

    capacity: int
    used: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    records: list[tuple[int, str, str, int, int]] = field(default_factory=list)

    def place(self, channel: int, kind: str, name: str, nbytes: int) -> int:
        offset = self.used[channel]
        self.used[channel] = offset + _beats(nbytes)
        self.records.append((channel, kind, name, offset, _beats(nbytes)))
        return offset

    def by_kind(self) -> dict[str, int]:
        totals: dict[str, int] = defaultdict(int)
        for _, kind, _, _, nbytes in self.records:
            totals[kind] += nbytes
        return dict(totals)


def allocate(module: ModuleOp, pass_name: str = "engine-hbm-alloc") -> HBMMap:
    """Assign offsets in place and return the map."""
    config = module_engine_config(module, pass_name)
    try:
        capacity = board(config.board).hbm_channel_mib * 2**20
        channels_on_board = board(config.board).hbm_channels
    except UnknownBoard as err:
        raise PassFailedException(f"{pass_name}: {err}") from None
    for what, count in (("weight", config.weight_channels), ("KV", config.kv_channels)):
        if count > channels_on_board:
            raise PassFailedException(
                f"{pass_name}: {count} {what} channels requested, {config.board} has {channels_on_board}"
            )
    if config.misc_channel >= channels_on_board:
        raise PassFailedException(
            f"{pass_name}: misc channel {config.misc_channel} does not exist on {config.board} "
            f"({channels_on_board} channels)"
        )
    hbm = HBMMap(capacity)
    kv_formats = {
        op.layer.value.data: op.bits.value.data for op in module.walk() if isinstance(op, engine.KVAppendOp)
    }
    weight_channels, kv_channels = weight_channel_ids(config), kv_channel_ids(config)
    placed: dict[tuple[str, str], list[int]] = {}

    def place_spread(kind: str, name: str, sizes: list[int], channels: list[int]) -> list[int]:
        key = (kind, name)
        if key not in placed:
            placed[key] = [hbm.place(c, kind, name, b) for c, b in zip(channels, sizes)]
        return placed[key]

    def set_offsets(op: Operation, offsets: list[int]) -> None:
        op.offsets = engine.int_array(offsets)

    for op in module.walk():
        if isinstance(op, engine.LoadWeightsOp):
            sizes = [int(b) for b in op.bytes_per_channel.get_values()]
            set_offsets(op, place_spread("weights", op.param.data, sizes, weight_channels))
        elif isinstance(op, engine.EmbedOp):
            hidden, vocab = engine.width(op.result), op.rows.value.data
            n = len(weight_channels)
            sizes = [(vocab // n + (1 if c < vocab % n else 0)) * hidden * 2 for c in range(n)]
            set_offsets(op, place_spread("embedding", op.table.data, sizes, weight_channels))
        elif isinstance(op, engine.LoadVectorOp):
            (offset,) = place_spread("vectors", op.param.data, [2 * engine.width(op.result)], [config.misc_channel])
            op.offset = engine.IntegerAttr(offset, i64)
        elif isinstance(op, (engine.KVLoadOp, engine.KVAppendOp)):
            layer = op.layer.value.data
            if isinstance(op, engine.KVAppendOp):
                continue  # placed with the layer's kv_load, which knows the head layout
            kv = op.result.type
            per_token = kv_record_bytes(kv.head_dim.data, kv_formats.get(layer, 4))
            sizes = [h * per_token * config.kv_slots for h in kv_heads_per_channel(kv.kv_heads.data, len(kv_channels))]
            set_offsets(op, place_spread("kv_cache", f"layer {layer}", sizes, kv_channels))
        elif isinstance(op, engine.StoreLogitsOp):
            (offset,) = place_spread("logits", "logits", [4 * engine.width(op.logits)], [config.misc_channel])
            op.offset = engine.IntegerAttr(offset, i64)
    for op in module.walk():
        if isinstance(op, engine.KVAppendOp):
            set_offsets(op, placed[("kv_cache", f"layer {op.layer.value.data}")])
    for channel, used in sorted(hbm.used.items()):
        if used > capacity:
            raise PassFailedException(
                f"{pass_name}: HBM channel {channel} needs {used / 2**20:.1f} MiB, "
                f"{config.board} channels hold {capacity // 2**20} MiB"
            )
    return hbm


@dataclass(frozen=True)
class EngineHBMAllocPass(ModulePass):
    name = "engine-hbm-alloc"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        allocate(op, self.name)
