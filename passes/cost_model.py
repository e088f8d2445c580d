"""The cost and resource model of the engine (docs/engine.md §5, §7), driven by the engine
configuration and the actual program.

Timing: the program is replayed on the three queues. LD streams loads in program order, one
lane tile at a time, at the channels' sustained rate, at most `weight_fifo_kib` ahead of the
linear array that consumes the tiles; EX runs in program order, each instruction starting
when its operands are ready; ST writes after its operands. Per-instruction cycles are the
formulas of docs/engine.md; run-time lengths (tokens in the call, context position) are the
replay's parameters, so one program gives prefill latency and decode tokens/s at every
context length. Traffic: bytes per HBM channel per call; the roofline is the board's peak
bandwidth over the same bytes.

Resources: DSP, LUT, FF, BRAM36 and URAM per configuration, from per-unit coefficients
(below, with their reasoning) checked against the published AccLLM design point in
bench/validate_engine.py.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from dataclasses import dataclass, field

from xdsl.dialects.builtin import ModuleOp

from accllm.boards import Board, Resources, board
from accllm.dialects import engine
from accllm.memory_blocks import place_bank
from accllm.passes.engine_buffer_alloc import act_row_bytes
from accllm.passes.engine_hbm_alloc import kv_heads_per_channel, kv_record_bytes
from accllm.passes.engine_tiling import (
    BEAT_BYTES,
    channel_bytes,
    kv_channel_ids,
    module_engine_config,
    weight_channel_ids,
)
from accllm.passes.weight_chunks import WORDS_PER_BEAT, chunk_layout, lanes_of_channel, tile_beats

# The emitted kernel runs each unit as pipelined loops (II = 1). A loop entered anew fills its
# pipeline first: PIPELINE_DEPTH cycles (a DSP multiply-add chain or a float32 core plus the
# loop's control; csynth's loop latency report gives the real figure per loop). The
# generated accllm_config.h carries the same value, the timed C simulation charges it, and
# the formulas below count iterations plus a fill per loop entry from the kernel's loops.
PIPELINE_DEPTH = 8
# The linear unit's latency beyond its tiles: the first tile's fetch ahead of the array.
LIN_DEPTH = 73
AXI_LATENCY = 150  # cycles from a read request to its first beat
# Loops over a token's vector per SFU op (accllm_sfu.h): RMSNorm reads, squares, scales and
# writes (plus its adder tree); QUANT reads with the maxima, then rounds and writes; SiLU x up
# and the residual add read both operands, then write (a bank serves two accesses a cycle);
# SOFTCAP caps the logits in place, one loop.
SFU_LOOPS = {engine.RMSNormOp: 4, engine.QuantizeOp: 2, engine.GatedMulOp: 2, engine.AddOp: 2, engine.SoftcapOp: 1}
SFU_OPS = (*SFU_LOOPS, engine.RopeOp)
# Passes over a query token's visible keys in the attention unit after the scores (which
# scan the candidates, with the running maximum): exp, normalize (with the weights'
# maximum), p . v.
ATT_KEY_PASSES = 3


def loop_cycles(iterations: int, per_cycle: int = 1) -> int:
    """A pipelined loop of `iterations` iterations, `per_cycle` of them per cycle (UNROLL
    factor), entered once: its fill plus one cycle per step; nothing if it does not run."""
    return math.ceil(iterations / per_cycle) + PIPELINE_DEPTH if iterations > 0 else 0


def tree_cycles(n: int, per_cycle: int) -> int:
    """The balanced adder tree of n values (tree_sum_n): its halving stages, each a loop of its
    own (ping-pong buffers), the first reading the row itself (the +0.0 padding as it goes),
    the others entered from a sequential loop (a cycle per iteration)."""
    width = 1 << max(0, n - 1).bit_length()
    stages = width.bit_length() - 1
    return sum(loop_cycles(width // 2**k, per_cycle) for k in range(1, stages + 1)) + max(0, stages - 1)


def tree_half(n: int) -> int:
    """Elements of each ping-pong buffer of an adder tree over at most n values (the linear
    epilogue's over the groups): half the tree's width."""
    return max(1, (1 << max(0, n - 1).bit_length()) // 2)


def channel_rate(hw: Board, config: engine.EngineConfig) -> float:
    """Sustained bytes per kernel cycle of one channel for sequential bursts: the board's
    measured sequential efficiency (refresh, row switches and burst gaps included), capped
    by the AXI port's width."""
    peak = hw.hbm_channel_gbps * 1e9 / (config.clock_mhz * 1e6)
    return min(config.port_bits / 8, peak * hw.sequential_efficiency)


def transfer_cycles(hw: Board, config: engine.EngineConfig, per_channel: list[int]) -> float:
    """Cycles to move `per_channel[i]` bytes (whole beats) on several channels in parallel
    (AXI_LATENCY, added where a result is waited for, covers the request round trip)."""
    rate = channel_rate(hw, config)
    return max((-(-b // BEAT_BYTES) * BEAT_BYTES / rate for b in per_channel if b), default=0.0)


def lin_steps(in_f: int, fmt: engine.WeightFormatAttr, kept_per_lane: int) -> int:
    """Steps of the array over one row: a chunk word a step (passes/weight_chunks.py);
    float16 rows, which the kernel does not take, KEPT_PER_LANE weights a step."""
    if fmt.bits.data == 16:
        return math.ceil(in_f / kept_per_lane)
    return chunk_layout(fmt, in_f, kept_per_lane).chunks


def fetch_cycles(out_f: int, in_f: int, fmt: engine.WeightFormatAttr, config: engine.EngineConfig) -> list[int]:
    """Cycles of the tile fetch (fetch_tile) per lane tile: a beat a cycle on every channel at
    once, split into rounds where a channel feeds fewer lanes than a beat has words."""
    tiles = math.ceil(out_f / config.lanes)
    if fmt.bits.data == 16:
        return [0] * tiles
    words = chunk_layout(fmt, in_f, config.kept_per_lane).words

    def tile(lanes: int) -> int:
        feeds = [lanes_of_channel(lanes, config.weight_channels, c) for c in range(config.weight_channels)]
        return max(tile_beats(k, words) * -(-WORDS_PER_BEAT // min(k, WORDS_PER_BEAT)) for k in feeds if k) \
            + PIPELINE_DEPTH

    full, rest = divmod(out_f, config.lanes)
    return [tile(config.lanes)] * full + ([tile(rest)] if rest else [])


def sfu_cycles(kind: type, width: int, heads: int, tokens: int, lanes: int) -> int:
    """An SFU op on `tokens` vectors of `width` (RoPE: of `heads` heads; RMSNorm: in `heads`
    groups) on `lanes` lanes."""
    if kind is engine.RopeOp:
        # Per head: read, rotate (pairs: half the head a step), write; the frequencies are
        # read once per call.
        dim = width // heads
        per_head = 2 * loop_cycles(dim, lanes) + loop_cycles(dim // 2, lanes)
        return loop_cycles(dim // 2) + tokens * heads * per_head
    if kind is engine.RMSNormOp:
        # The row read and written once; per group, its squares, adder tree and scaling.
        part = width // heads
        per_group = (SFU_LOOPS[kind] - 2) * loop_cycles(part, lanes) + tree_cycles(part, lanes)
        return tokens * (2 * loop_cycles(width, lanes) + heads * per_group)
    return tokens * SFU_LOOPS[kind] * loop_cycles(width, lanes)


def _sfu_heads(op) -> int:
    """The parts an SFU op works in: RoPE's heads, an RMSNorm's groups, else 1."""
    if isinstance(op, engine.RopeOp):
        return op.heads.value.data
    return op.group_count if isinstance(op, engine.RMSNormOp) else 1


def attention_passes(heads: int, kv_heads: int, att_lanes: int) -> int:
    """Cycles the attention unit spends on a key (ATT_PASSES): its KV heads split evenly so
    that one cycle's query heads (a KV head's GROUP each) are at most `att_lanes`."""
    group = max(1, heads // max(1, kv_heads))
    return next((p for p in range(1, kv_heads + 1) if kv_heads % p == 0 and kv_heads // p * group <= att_lanes),
                max(1, kv_heads))


def attention_cycles(heads: int, kv_heads: int, dim: int, queries: list[tuple[int, int]], passes: int = 1) -> int:
    """The attention unit (attention() in accllm_attention.h) on one query token per entry of
    `queries` (its candidate keys: the cached ones loaded and the call's own so far; and the
    visible ones among them): a key every `passes` cycles (attention_passes). Per call the
    frequencies and the call's own keys and values (KV4, a head a cycle); per query token
    the queries (a head a cycle), the scores over its candidates, ATT_KEY_PASSES more passes
    over its visible keys (the first streams the softmax's running sums), the sums' trees
    and the output (a head a cycle each)."""
    cycles = loop_cycles(dim // 2) + len(queries) * loop_cycles(kv_heads)
    for candidates, keys in queries:
        cycles += loop_cycles(candidates * passes) + ATT_KEY_PASSES * loop_cycles(keys * passes) + \
            3 * loop_cycles(heads)
    return cycles


@dataclass
class Replay:
    """The result of replaying one program for one call."""

    cycles: float
    ex_busy: float
    bytes_read: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    bytes_written: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    by_kind: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    instructions: int = 0

    @property
    def total_bytes(self) -> int:
        return sum(self.bytes_read.values()) + sum(self.bytes_written.values())


@dataclass(frozen=True)
class ProgramImage:
    """What the cost of a call's sequential stages depends on: the program image's size in
    beats, its configuration words and its constant table's entries (program_binary's
    header)."""

    beats: int
    config_ints: int
    constants: int

    def open_cycles(self, instructions: int, tokens: int, matrices: int = 0, weight_channels: int = 0) -> int:
        """open_call: the image's burst into the windows, the constant index, the token ids,
        the instruction checks (one an iteration; a matrix's placement, a channel a cycle)
        and EX's copy of the index."""
        return (AXI_LATENCY + loop_cycles(self.beats) + loop_cycles(self.config_ints) + 2 * loop_cycles(self.constants)
                + loop_cycles(tokens) + instructions + matrices * loop_cycles(weight_channels))

    @staticmethod
    def close_cycles(board_channels: int) -> int:
        """close_call: the counters (calls, instructions, bytes per channel read and written)."""
        return AXI_LATENCY + loop_cycles(2 + 2 * board_channels)


@dataclass(frozen=True)
class CallShape:
    """Run-time parameters of one call: `tokens` new tokens at positions `position` ...;
    with their `ids`, embedding rows are counted on the channels that hold them (without,
    spread evenly: the same total)."""

    tokens: int
    position: int
    ids: tuple[int, ...] | None = None


class _Replayer:
    def __init__(self, config: engine.EngineConfig, hw: Board, module: ModuleOp):
        from accllm.passes.floorplan import plan, slice_lanes  # made from this module's resources

        self.config, self.hw = config, hw
        self.weight_channels = weight_channel_ids(config)
        self.kv_channels = kv_channel_ids(config)
        floorplan = plan(BufferNeeds.of(module), config)
        # Words of row sums per token and tile: each slice's (its lanes / DRAIN_LANES), all slices'.
        lanes = slice_lanes(config.lanes, len(self.weight_channels), floorplan.slices)
        self.slice_words = lanes // floorplan.drain_lanes
        self.row_words = floorplan.slices * self.slice_words

    # -- instruction costs ---------------------------------------------------------------

    def lin_tile_cycles(self, out_f: int, in_f: int, fmt: engine.WeightFormatAttr, tokens: int, mode: str,
                        whole_rows: bool = False) -> tuple[int, float, float]:
        """(lane tiles, cycles per tile, lead) of a linear. Three stages overlap tile by tile
        (DATAFLOW, accllm_array.h): each slice's array pass (array_pass) takes KEPT_PER_LANE
        kept weights of every lane's row a step, group by group (LM_HEAD's int8 rows: the
        whole row as one group), once per token (MV) or pair of tokens (MM), its windows fed at
        the same rate; its adder tree (group_tree) sums the groups, every lane and both tokens
        of a pair in step, and sends a token's row sums DRAIN_LANES a word; the row writer
        (write_rows) takes every slice's words, a word a cycle. A tile costs its slowest stage;
        `lead` is the others, which the first (or last) tile adds once. The outer loops'
        iterations take a cycle each."""
        cfg = self.config
        steps = lin_steps(in_f, fmt, cfg.kept_per_lane)
        tiles = math.ceil(out_f / cfg.lanes)
        groups = 1 if whole_rows else in_f // fmt.group.data
        tree = tree_cycles(groups, 1)
        if mode == "mv":
            units = [1] * tokens
        else:
            blocks = [min(cfg.mm_token_block, tokens - s) for s in range(0, tokens, cfg.mm_token_block)]
            units = [min(2, b - s) for b in blocks for s in range(0, b, 2)]
        stages = [(steps + PIPELINE_DEPTH + 1, tree + n * loop_cycles(self.slice_words) + 1,
                   n * (1 + loop_cycles(self.row_words)) + 1) for n in units]
        per_tile = 1 + sum(max(unit) for unit in stages)
        return tiles, float(per_tile), float(sum(stages[-1]) - max(stages[-1]))

    def sfu_cycles(self, op, tokens: int) -> float:
        return sfu_cycles(type(op), engine.width(op.result), _sfu_heads(op), tokens, self.config.sfu_lanes)

    def visible_keys(self, op: engine.AttentionOp, position: int) -> int:
        sinks, window = op.sinks.value.data, op.window.value.data
        return position + 1 if window == 0 else min(position + 1, sinks + window)

    def attention_cycles(self, op: engine.AttentionOp, call: CallShape) -> float:
        heads, dim = op.heads.value.data, op.kv.type.head_dim.data
        window = op.window.value.data
        cached = min(call.position, op.sinks.value.data + window - 1) if window else call.position
        queries = [(cached + t + 1, self.visible_keys(op, call.position + t)) for t in range(call.tokens)]
        kv_heads = engine.width(op.keys) // dim
        return attention_cycles(heads, kv_heads, dim, queries, attention_passes(heads, kv_heads, self.config.att_lanes))

    # -- the replay ------------------------------------------------------------------------

    def run(self, program: engine.ProgramOp, call: CallShape, image: ProgramImage | None = None) -> Replay:
        """Replay one call. A weight load is replayed with its consumer, tile by tile: tile k
        is requested when the FIFO has room (the tile `fifo` bytes earlier has been
        consumed), arrives after its transfer, and is consumed when the array is free.
        With the program's `image`, the call's sequential stages around the queues (the
        fetch and checks of open_call, close_call's counters) are counted too."""
        cfg = self.config
        result = Replay(0.0, 0.0)
        ready: dict = {}
        tokens = call.tokens if program.entry == "prefill" else 1
        matrices = sum(isinstance(op, (engine.LinearOp, engine.LMHeadOp)) for op in program.body.block.ops)
        opening = (image.open_cycles(len(program.body.block.ops), tokens, matrices, len(self.weight_channels))
                   if image else 0)
        self.ld_free = self.ex_free = self.st_free = float(opening)
        # Weight tiles in order: cumulative bytes loaded, and when each was consumed.
        self.loaded: list[int] = []
        self.consumed: list[float] = []
        ops = list(program.body.block.ops)
        self.attention_of = {op.kv: op for op in ops if isinstance(op, engine.AttentionOp)}
        self.kv_bits = {op.layer.value.data: op.bits.value.data for op in ops if isinstance(op, engine.KVAppendOp)}
        self.head_dim = next((a.kv.type.head_dim.data for a in ops if isinstance(a, engine.AttentionOp)), 1)
        for op in ops:
            result.instructions += 1
            self.ex_free += 1  # EX walks every instruction, one an iteration
            start = max((ready.get(v, 0.0) for v in op.operands if not isinstance(v.type, engine.WeightsType)),
                        default=0.0)
            if isinstance(op, (engine.LinearOp, engine.LMHeadOp)):
                ready[op.result] = self.linear(op, start, tokens, program.entry, result)
            elif isinstance(op, engine.LoadWeightsOp):
                continue  # replayed with its consumer
            elif isinstance(op, engine.KVLoadOp):
                sizes = self.kv_read_sizes(op, call)
                ready[op.result] = self.receive(self.load(self.kv_channels, sizes, "kv_load", result), max(sizes))
            elif isinstance(op, engine.EmbedOp):
                channels = [int(c) for c in op.channels.get_values()]
                n = len(channels)
                if call.ids is None:
                    rows = [call.tokens // n + (1 if c < call.tokens % n else 0) for c in range(n)]
                else:
                    rows = [sum(1 for i in call.ids if i % n == c) for c in range(n)]
                sizes = [r * engine.width(op.result) * 2 for r in rows]
                ready[op.result] = self.receive(self.load(channels, sizes, "embed", result), sum(sizes))
            elif isinstance(op, engine.LoadVectorOp):
                size = 2 * engine.width(op.result)
                ready[op.result] = self.receive(self.load([cfg.misc_channel], [size], "vectors", result), size)
            elif isinstance(op, engine.AttentionOp):
                ready[op.result] = self.compute(self.attention_cycles(op, call), start, "attention", result)
            elif isinstance(op, SFU_OPS):
                ready[op.result] = self.compute(self.sfu_cycles(op, tokens), start, "sfu", result)
            elif isinstance(op, engine.KVAppendOp):
                kv_heads = engine.width(op.keys) // self.head_dim
                per_token = kv_record_bytes(self.head_dim, op.bits.value.data)
                sizes = [h * per_token * tokens for h in kv_heads_per_channel(kv_heads, len(self.kv_channels))]
                self.store(self.kv_channels, sizes, start, result)
            elif isinstance(op, engine.StoreLogitsOp):
                self.store([cfg.misc_channel], [4 * engine.width(op.logits)], start, result)
        result.cycles = max(self.ld_free, self.ex_free, self.st_free)
        if image:
            result.cycles += image.close_cycles(self.hw.hbm_channels)
        return result

    def load(self, channels: list[int], sizes: list[int], kind: str, result: Replay) -> float:
        for c, b in zip(channels, sizes):
            result.bytes_read[c] += b
        cycles = transfer_cycles(self.hw, self.config, sizes)
        self.ld_free += cycles
        result.by_kind[kind] += cycles
        return self.ld_free + AXI_LATENCY

    def receive(self, ready: float, nbytes: int) -> float:
        """EX takes a load's data at the load's place in program order, a beat a step."""
        self.ex_free = max(self.ex_free, ready) + loop_cycles(-(-nbytes // BEAT_BYTES))
        return self.ex_free

    def store(self, channels: list[int], sizes: list[int], start: float, result: Replay) -> None:
        for c, b in zip(channels, sizes):
            result.bytes_written[c] += b
        self.st_free = max(self.st_free, start) + transfer_cycles(self.hw, self.config, sizes)

    def compute(self, cycles: float, start: float, kind: str, result: Replay) -> float:
        self.ex_free = max(self.ex_free, start) + cycles
        result.by_kind[kind] += cycles
        result.ex_busy += cycles
        return self.ex_free

    def linear(self, op, start: float, tokens: int, entry: str, result: Replay) -> float:
        cfg = self.config
        load = op.weights.owner
        out_f, in_f = load.shape
        if isinstance(op, engine.LMHeadOp):
            tokens, mode, kind = 1, "mv", "lm_head"
        else:
            mode, kind = op.mode.data, "linear"
        tiles, per_tile, lead = self.lin_tile_cycles(out_f, in_f, load.format, tokens, mode,
                                                     whole_rows=isinstance(op, engine.LMHeadOp))
        # Prefill re-reads the weights once per token block (a tile is reused within one).
        blocks = math.ceil(tokens / cfg.mm_token_block) if mode == "mm" else 1
        sizes = channel_bytes(load.format, out_f, in_f, cfg.lanes, len(self.weight_channels), cfg.kept_per_lane)
        fetch = fetch_cycles(out_f, in_f, load.format, cfg)
        tile_sizes = [math.ceil(b / tiles) for b in sizes]
        tile_bytes = sum(tile_sizes)
        tile_cycles = transfer_cycles(self.hw, cfg, tile_sizes)
        fifo = cfg.weight_fifo_kib * 1024
        t = max(self.ex_free, start)
        begin = t
        for i in range(blocks * tiles):
            # Room in the FIFO: the tiles before the last `fifo` bytes' worth are consumed.
            total = self.loaded[-1] if self.loaded else 0
            k = bisect.bisect_left(self.loaded, total + tile_bytes - fifo)
            room_at = self.consumed[k] if k < len(self.consumed) else 0.0
            issue = max(self.ld_free, room_at)
            self.ld_free = issue + tile_cycles
            result.by_kind["load_weights"] += tile_cycles
            t = max(t, self.ld_free + AXI_LATENCY) + max(per_tile / blocks, fetch[i % tiles])
            self.loaded.append((self.loaded[-1] if self.loaded else 0) + tile_bytes)
            self.consumed.append(t)
        # Traffic: every channel's whole (beat-padded) share of the matrix, once per block.
        for c, b in zip(load.channels.get_values(), sizes):
            result.bytes_read[int(c)] += b * blocks
        t += LIN_DEPTH + lead
        result.by_kind[kind] += t - begin
        result.ex_busy += tiles * per_tile
        self.ex_free = t
        return t

    def kv_read_sizes(self, op: engine.KVLoadOp, call: CallShape) -> list[int]:
        """Cached keys and values the call's tokens see (written by earlier calls)."""
        kv = op.result.type
        attention = self.attention_of.get(op.result)
        cached = call.position
        if attention is not None and attention.window.value.data:
            # The union of what the call's queries see before it: the sinks and the last
            # window - 1 cached tokens (a later query sees fewer cached ones, not others).
            cached = min(cached, attention.sinks.value.data + attention.window.value.data - 1)
        per_token = kv_record_bytes(kv.head_dim.data, self.kv_bits.get(op.layer.value.data, 4))
        return [h * per_token * cached for h in kv_heads_per_channel(kv.kv_heads.data, len(self.kv_channels))]


@dataclass
class Estimate:
    """Speed, traffic and resources of one module for one configuration."""

    config: engine.EngineConfig
    board: Board
    decode: dict[int, dict]
    prefill: dict[int, dict]
    resources: dict[str, int]
    budget: dict[str, int]

    def utilization(self) -> dict[str, float]:
        return {k: self.resources[k] / self.budget[k] for k in self.resources}


def _program(module: ModuleOp, entry: str) -> engine.ProgramOp:
    for op in module.body.block.ops:
        if isinstance(op, engine.ProgramOp) and op.entry == entry:
            return op
    raise ValueError(f"the module has no engine.program \"{entry}\"")


def _attention_span(program: engine.ProgramOp) -> int | None:
    """Keys a token can see at most (sinks + window), or None with dense attention."""
    spans = [op.sinks.value.data + op.window.value.data for op in program.body.block.ops
             if isinstance(op, engine.AttentionOp)]
    return max(spans) if spans and all(op.window.value.data for op in program.body.block.ops
                                        if isinstance(op, engine.AttentionOp)) else None


def replay_call(module: ModuleOp, entry: str, call: CallShape, image: ProgramImage | None = None) -> Replay:
    """Replay one call of the module's `entry` program (what the C simulation's counters
    measure: instructions, bytes read and written per HBM channel; with the program's
    `image`, the cycles of the whole call)."""
    config = module_engine_config(module, "cost-model")
    return _Replayer(config, board(config.board), module).run(_program(module, entry), call, image)


def decode_point(module: ModuleOp, config: engine.EngineConfig, context: int,
                 memo: dict | None = None) -> dict:
    """Decode of one token at `context` tokens already in the cache (`memo` shares replays
    between contexts past the Λ window, which cost the same)."""
    hw = board(config.board)
    program = _program(module, "decode")
    span = _attention_span(program)
    key = ("decode", config, context if span is None else min(context, span))
    memo = {} if memo is None else memo
    if key not in memo:
        memo[key] = _Replayer(config, hw, module).run(program, CallShape(1, key[2]))
    replay = memo[key]
    seconds = replay.cycles / (config.clock_mhz * 1e6)
    peak = hw.hbm_peak_gbps * 1e9
    nbytes = replay.total_bytes
    return {
        "context": context,
        "tokens_per_s": 1.0 / seconds,
        "ms_per_token": seconds * 1e3,
        "bytes_per_token": nbytes,
        "roofline_tokens_per_s": peak / nbytes,
        "hbm_utilization": nbytes / seconds / peak,
        "compute_utilization": replay.ex_busy / replay.cycles,
        "per_channel_bytes": {str(c): b for c, b in sorted(replay.bytes_read.items())},
        "instructions": replay.instructions,
        "cycles": replay.cycles,
    }


@dataclass(frozen=True)
class DecodeSummary:
    """The decode program reduced to what `decode_bound` needs, computed once per module."""

    linears: tuple[tuple[int, int, engine.WeightFormatAttr, bool], ...]  # (out, in, format, LM_HEAD)
    sfu: tuple[tuple[type, int, int], ...]  # (op class, width, heads)
    attention: tuple[tuple[int, int, int, int], ...]  # (heads, kv heads, head_dim, sinks + window or 0)
    kv_reads: tuple[tuple[int, int, int, int], ...]  # (kv heads, head_dim, bits, sinks + window or 0)

    @staticmethod
    def of(module: ModuleOp) -> DecodeSummary:
        ops = list(_program(module, "decode").body.block.ops)
        attention_of = {op.kv: op for op in ops if isinstance(op, engine.AttentionOp)}
        bits = {op.layer.value.data: op.bits.value.data for op in ops if isinstance(op, engine.KVAppendOp)}

        def span(att) -> int:
            return att.sinks.value.data + att.window.value.data if att is not None and att.window.value.data else 0

        return DecodeSummary(
            tuple((*op.weights.owner.shape, op.weights.owner.format, isinstance(op, engine.LMHeadOp)) for op in ops
                  if isinstance(op, (engine.LinearOp, engine.LMHeadOp))),
            tuple((type(op), engine.width(op.result), _sfu_heads(op))
                  for op in ops if isinstance(op, SFU_OPS)),
            tuple((op.heads.value.data, engine.width(op.keys) // op.kv.type.head_dim.data, op.kv.type.head_dim.data,
                   span(op)) for op in ops if isinstance(op, engine.AttentionOp)),
            tuple((op.result.type.kv_heads.data, op.result.type.head_dim.data, bits.get(op.layer.value.data, 4),
                   span(attention_of.get(op.result))) for op in ops if isinstance(op, engine.KVLoadOp)),
        )


def decode_bound(summary: DecodeSummary, config: engine.EngineConfig, context: int) -> float:
    """A lower bound on a decode step's cycles without the replay: the larger of the HBM
    time of its bytes at the sustained rate and the EX queue's busy cycles."""
    hw = board(config.board)
    channels = len(weight_channel_ids(config))
    busy, nbytes = 0.0, 0
    for out_f, in_f, fmt, _ in summary.linears:
        steps = lin_steps(in_f, fmt, config.kept_per_lane)
        busy += math.ceil(out_f / config.lanes) * (steps + PIPELINE_DEPTH) + LIN_DEPTH
        nbytes += sum(channel_bytes(fmt, out_f, in_f, config.lanes, channels, config.kept_per_lane))
    for kind, width, heads in summary.sfu:
        busy += sfu_cycles(kind, width, heads, 1, config.sfu_lanes)
    for heads, kv_heads, dim, span in summary.attention:
        keys = min(context + 1, span) if span else context + 1
        passes = attention_passes(heads, kv_heads, config.att_lanes)
        busy += attention_cycles(heads, kv_heads, dim, [(keys, keys)], passes)
    for kv_heads, dim, bits, span in summary.kv_reads:
        cached = min(context, span) if span else context
        nbytes += kv_heads * kv_record_bytes(dim, bits) * cached
    all_channels = set(weight_channel_ids(config)) | set(kv_channel_ids(config))
    return max(busy, nbytes / (channel_rate(hw, config) * len(all_channels)))


def prefill_point(module: ModuleOp, config: engine.EngineConfig, prompt: int,
                  memo: dict | None = None) -> dict:
    """Prefill of a `prompt`-token prompt, in calls of at most `max_tokens` tokens."""
    hw = board(config.board)
    replayer = _Replayer(config, hw, module)
    program = _program(module, "prefill")
    span = _attention_span(program)
    memo = {} if memo is None else memo
    cycles, nbytes = 0.0, 0
    position = 0
    while position < prompt:
        tokens = min(config.max_tokens, prompt - position)
        # Past the Λ window every call costs the same: replay it once.
        key = ("prefill", config, tokens, position if span is None else min(position, span + tokens))
        if key not in memo:
            memo[key] = replayer.run(program, CallShape(tokens, key[3]))
        cycles += memo[key].cycles
        nbytes += memo[key].total_bytes
        position += tokens
    seconds = cycles / (config.clock_mhz * 1e6)
    return {"prompt": prompt, "latency_ms": seconds * 1e3, "tokens_per_s": prompt / seconds, "bytes": nbytes}


# --------------------------------------------------------------------------------------
# Resources
# --------------------------------------------------------------------------------------

# Per-unit coefficients. A lane's DSPs each carry a 4:1 activation select (8 bits, 2:4
# index decode) and a share of the lane's adder tree: about 40 LUTs / 60 FFs per DSP. One
# group-epilogue unit (int32 -> float, float32 multiply by the scale, add into the row's
# partial tree) serves 4 lanes (a group ends every group / (2K) >= 4 cycles): 5 DSPs,
# 1.5K LUTs. A float32 lane (attention unit, SFU) is a multiplier and an adder: 5 DSPs,
# 800 LUTs. An HBM read/write port's m_axi adapter with its width converter, burst logic
# and data buffers: 2K LUTs, 3K FFs, 4 BRAM36 (Vitis builds these; the sources do not
# declare them). Fixed: instruction fetch/decode, queues, control (25K LUTs).
LUT_PER_MAC, FF_PER_MAC = 40, 60
EPILOGUE_LANES, EPILOGUE = 4, Resources(lut=1500, ff=2500, dsp=5, bram36=0, uram=0)
FLOAT_LANE = Resources(lut=800, ff=1200, dsp=5, bram36=0, uram=0)
HBM_PORT = Resources(lut=2000, ff=3000, dsp=0, bram36=4, uram=0)
FIXED = Resources(lut=25000, ff=40000, dsp=0, bram36=0, uram=0)
# The attention unit multiplies a head's int8 query (or A8 weight) by HEAD_DIM KV codes a
# cycle for every head, as shifted adds (KV_BITS of them, 12-16 bits wide): ~40 LUTs each.
ATT_CODE_PRODUCT = Resources(lut=40, ff=40, dsp=0, bram36=0, uram=0)
# Burst commands LD may queue ahead on one HBM port (a command is a whole matrix share or a
# KV run, so a few cover the prefetch the beat FIFO allows; 8 x 97 bits stay in LUTs).
PORT_CMD_DEPTH = 8
PORT_CMD_BITS = 3 * 32 + 1  # PortCmd: first beat, beats, payload bytes, end


def weight_fifo_depth(config: engine.EngineConfig) -> int:
    """Beats of one weight channel's FIFO: `weight_fifo_kib` split over the channels."""
    return max(2, config.weight_fifo_kib * 1024 // BEAT_BYTES // max(1, config.weight_channels))


@dataclass(frozen=True)
class BufferNeeds:
    """The module's widths that size the on-chip buffers (the kernel's MAX_* constants)."""

    act_row_bytes: int  # one token's live activations at the widest point (engine-buffer-alloc)
    max_groups: int
    max_chunks: int  # chunk words of the longest weight row (passes/weight_chunks.py)
    max_meta_words: int  # its metadata words
    max_kept_per_chunk: int  # the array's MACs per lane (a chunk word's kept weights)
    max_width: int  # widest activation (or head)
    vocab: int  # logits of one token
    heads: int
    kv_heads: int
    head_dim: int
    kv_bits: int
    span: int  # keys a query sees with Λ attention (sinks + window), 0: dense

    @staticmethod
    def of(module: ModuleOp) -> BufferNeeds:
        loads = [op for op in module.walk() if isinstance(op, engine.LoadWeightsOp)]
        heads = [op for op in module.walk() if isinstance(op, engine.LMHeadOp)]
        attentions = [op for op in module.walk() if isinstance(op, engine.AttentionOp)]
        widths = [engine.width(r) for op in module.walk() for r in op.results
                  if isinstance(r.type, (engine.ActType, engine.QActType))]
        head_dim = max((a.kv.type.head_dim.data for a in attentions), default=1)
        kept = module_engine_config(module, "cost model").kept_per_lane
        chunks = [chunk_layout(op.format, op.shape[1], kept) for op in loads if op.format.bits.data != 16]
        return BufferNeeds(
            act_row_bytes(module),
            max((op.shape[1] // op.format.group.data for op in loads), default=1),
            max((c.chunks for c in chunks), default=1),
            max((c.meta_words for c in chunks), default=1),
            max((c.kept_per_chunk for c in chunks), default=kept),
            max(widths + [head_dim]),
            max((engine.width(op.result) for op in heads), default=1),
            max((a.heads.value.data for a in attentions), default=1),
            max((a.kv.type.kv_heads.data for a in attentions), default=1),
            head_dim,
            max((op.bits.value.data for op in module.walk() if isinstance(op, engine.KVAppendOp)), default=4),
            max((a.sinks.value.data + a.window.value.data if a.window.value.data else 0 for a in attentions),
                default=0),
        )


@dataclass(frozen=True)
class OnChipBuffer:
    """One memory the kernel declares: `copies` x `banks` banks of `depth` x `width` bits,
    bound to `impl` (UG1399 BIND_STORAGE; "auto": LUTRAM when small, else BRAM)."""

    name: str
    width: int
    depth: int
    banks: int = 1
    copies: int = 1
    impl: str = "auto"
    fifo: bool = False
    unit: str = "core"  # "array": the array's slices hold it (cut with them); "core": the rest

    def blocks(self) -> dict[str, int]:
        _, _, cost = place_bank(self.width, self.depth, self.impl, self.fifo, False)
        return {k: v * self.banks * self.copies for k, v in cost.items()}


def on_chip_buffers(needs: BufferNeeds, config: engine.EngineConfig) -> list[OnChipBuffer]:
    """The kernel's large memories (docs/engine.md §3, include/accllm_*.h), as it declares them:
    what `memory_audit` finds in the emitted sources, less the small scalars and tables."""
    read_ports = len(set(weight_channel_ids(config)) | set(kv_channel_ids(config)) | {config.misc_channel})
    weight_ports = len(set(weight_channel_ids(config)))
    write_ports = len(set(kv_channel_ids(config)) | {config.misc_channel})
    row_words = max(1, needs.act_row_bytes // 4)
    act_banks = min(config.sfu_lanes, row_words)
    max_keys = needs.span or config.kv_slots
    max_cached = needs.span - 1 if needs.span else config.kv_slots
    kv_half = 8 * -(-needs.head_dim * needs.kv_bits // 8) + 2 * 32  # KVHalf: packed codes, scale, zero
    kv_entry = 2 * kv_half  # KVEntry: keys and values
    query_row = needs.head_dim * 8 + 32
    kv_banks = -(-needs.kv_heads // attention_passes(needs.heads, needs.kv_heads, config.att_lanes) // 2)
    sfu_banks = min(config.sfu_lanes, needs.max_width)
    sfu_lanes = config.sfu_lanes
    byte_banks = min(2 * config.sfu_lanes, 2 * needs.max_width)
    return [
        # A beat FIFO per read port: a weight channel's goes with its array slice.
        OnChipBuffer("beats", 512, weight_fifo_depth(config), copies=weight_ports, impl="uram", fifo=True,
                     unit="array"),
        OnChipBuffer("beats (other ports)", 512, weight_fifo_depth(config), copies=read_ports - weight_ports,
                     impl="uram", fifo=True),
        OnChipBuffer("read_cmds", PORT_CMD_BITS, PORT_CMD_DEPTH, copies=read_ports, fifo=True),
        OnChipBuffer("write_cmds", PORT_CMD_BITS, PORT_CMD_DEPTH, copies=write_ports, fifo=True),
        OnChipBuffer("state.act", 32, config.max_tokens * -(-row_words // act_banks), banks=act_banks, impl="uram"),
        # KV halves (a token's keys, its values: one word each), a bank per two of the KV heads
        # the attention unit reads a cycle (a pass's: attention_passes).
        OnChipBuffer("state.kv", kv_half, -(-needs.kv_heads // kv_banks) * 2 * max_cached, banks=kv_banks,
                     impl="uram"),
        OnChipBuffer("state.logits", 32, -(-needs.vocab // min(config.sfu_lanes, needs.vocab)),
                     banks=min(config.sfu_lanes, needs.vocab)),
        # The array's streams of blocks (ping-pong: two blocks, one memory of twice the depth),
        # a bank per lane (and token of a pair), and the epilogue's adder-tree buffers.
        OnChipBuffer("tiles.chunk", 64, 2 * needs.max_chunks, banks=config.lanes, unit="array"),
        OnChipBuffer("tiles.meta", 64, 2 * needs.max_meta_words, banks=config.lanes, unit="array"),
        OnChipBuffer("partials.partial", 32, 2 * needs.max_groups, banks=2 * config.lanes, impl="lutram",
                     unit="array"),
        OnChipBuffer("group tree ping, pong", 32, tree_half(needs.max_groups), banks=2 * config.lanes, copies=2,
                     impl="lutram", unit="array"),
        OnChipBuffer("own", kv_entry, config.max_tokens * -(-needs.kv_heads // kv_banks), banks=kv_banks,
                     impl="lutram"),
        # A bank per head: scores, softmax weights, A8 weights; the visible keys' indices.
        OnChipBuffer("attention scores and weights", 32, max_keys, banks=needs.heads, copies=2),
        OnChipBuffer("attention A8 weights", 8, max_keys, banks=needs.heads),
        OnChipBuffer("attention key list", 32, max_keys),
        # SFU rows (RMSNorm in and out, QUANT in, its squares, ADD / GATED_MUL out) and the
        # float16 rows received (embedding, vectors): SFU_LANES words a cycle.
        OnChipBuffer("SFU rows", 32, -(-needs.max_width // sfu_banks), banks=sfu_banks, copies=5),
        # RMSNorm's adder tree (tree_sum_n): ping-pong buffers of half and a quarter of the
        # tree's width, SFU_LANES banks each.
        *(OnChipBuffer(f"SFU tree {name}", 32, -(-half // min(sfu_lanes, half)), banks=min(sfu_lanes, half))
          for name, half in (("ping", tree_half(needs.max_width)), ("pong", max(1, tree_half(needs.max_width) // 2)))),
        OnChipBuffer("float16 rows", 8, -(-2 * needs.max_width // byte_banks), banks=byte_banks, copies=2),
        OnChipBuffer("store_data", 512, 4, fifo=True),
    ]


def buffer_memory(needs: BufferNeeds, config: engine.EngineConfig, unit: str | None = None) -> dict[str, int]:
    """BRAM18K, URAM and LUTRAM (LUTs) of the kernel's declared buffers (what the audit
    compares), of one unit ("array", "core") or of all."""
    total = {"bram18k": 0, "uram": 0, "lutram": 0}
    for buffer in on_chip_buffers(needs, config):
        if unit is not None and buffer.unit != unit:
            continue
        for kind, count in buffer.blocks().items():
            if kind in total:
                total[kind] += count
    return total


def declared_resources(module: ModuleOp, config: engine.EngineConfig) -> dict[str, int]:
    """What an audit of the emitted sources should find: the declared buffers' BRAM18K and
    URAM (not the m_axi adapters' memories, which Vitis builds), and the logic's DSP, LUT and
    FF estimates."""
    needs = BufferNeeds.of(module)
    logic = resources(needs, config)
    memory = buffer_memory(needs, config)
    return {"bram18k": memory["bram18k"], "uram": memory["uram"], "dsp": mac_dsps(needs, config),
            "lut": logic["lut"], "ff": logic["ff"]}


def mac_dsps(needs: BufferNeeds, config: engine.EngineConfig) -> int:
    """DSPs of the integer multiply loops (what the audit counts): one per kept weight the
    array takes a cycle, and per head the attention's two zero-point products (its KV code
    products are shift-and-add fabric, ATT_CODE_PRODUCT)."""
    return array_macs(needs, config) + 2 * needs.heads // attention_passes(needs.heads, needs.kv_heads,
                                                                              config.att_lanes)


def array_macs(needs: BufferNeeds, config: engine.EngineConfig) -> int:
    """The array's MACs: a DSP per kept weight of a chunk word per lane (KEPT_PER_LANE, or
    fewer where the format's chunk word holds fewer, passes/weight_chunks.py)."""
    return config.lanes * min(config.kept_per_lane, needs.max_kept_per_chunk)


def array_resources(needs: BufferNeeds, config: engine.EngineConfig) -> dict[str, int]:
    """The part of `declared_resources` the array's slices hold (its MACs and their logic,
    the group epilogues, the tile, partial-sum and tree buffers, the weight channels' beat
    FIFOs): what backend_hls/floorplan.py cuts into slices and places on SLRs."""
    macs = array_macs(needs, config)
    epilogues = math.ceil(config.lanes / EPILOGUE_LANES)
    memory = buffer_memory(needs, config, "array")
    return {"bram18k": memory["bram18k"], "uram": memory["uram"], "dsp": macs + epilogues * EPILOGUE.dsp,
            "lut": macs * LUT_PER_MAC + epilogues * EPILOGUE.lut + memory["lutram"],
            "ff": macs * FF_PER_MAC + epilogues * EPILOGUE.ff}


def resources_by_unit(needs: BufferNeeds, config: engine.EngineConfig) -> dict[str, dict[str, int]]:
    """`resources` split into the array's slices ("array") and the rest of the engine
    ("core"), in BRAM18K, URAM, DSP, LUT and FF (the floorplan's units)."""
    full = resources(needs, config)
    array = array_resources(needs, config)
    total = {"bram18k": 2 * full["bram36"], "uram": full["uram"], "dsp": full["dsp"], "lut": full["lut"],
             "ff": full["ff"]}
    return {"array": array, "core": {k: total[k] - array[k] for k in total}}


def resources(module: ModuleOp | BufferNeeds, config: engine.EngineConfig) -> dict[str, int]:
    """DSP/LUT/FF/BRAM36/URAM of the engine for the widths this module needs."""
    needs = module if isinstance(module, BufferNeeds) else BufferNeeds.of(module)
    ports = len(set(weight_channel_ids(config)) | set(kv_channel_ids(config)) | {config.misc_channel})
    macs = array_macs(needs, config)
    epilogues = math.ceil(config.lanes / EPILOGUE_LANES)
    floats = config.att_lanes + config.sfu_lanes
    memory = buffer_memory(needs, config)
    # Scores and p . v, a pass of the heads a cycle.
    code_products = 2 * needs.heads // attention_passes(needs.heads, needs.kv_heads, config.att_lanes) * needs.head_dim
    return {
        "dsp": mac_dsps(needs, config) + epilogues * EPILOGUE.dsp + floats * FLOAT_LANE.dsp,
        "lut": macs * LUT_PER_MAC + epilogues * EPILOGUE.lut + floats * FLOAT_LANE.lut
        + code_products * ATT_CODE_PRODUCT.lut + ports * HBM_PORT.lut + FIXED.lut + memory["lutram"],
        "ff": macs * FF_PER_MAC + epilogues * EPILOGUE.ff + floats * FLOAT_LANE.ff
        + code_products * ATT_CODE_PRODUCT.ff + ports * HBM_PORT.ff + FIXED.ff,
        "bram36": ports * HBM_PORT.bram36 + FIXED.bram36 + -(-memory["bram18k"] // 2),
        "uram": memory["uram"],
    }


def estimate(module: ModuleOp, contexts: list[int], prompts: list[int],
             config: engine.EngineConfig | None = None) -> Estimate:
    """Decode at each context and prefill of each prompt length, plus resources."""
    config = config or module_engine_config(module, "cost model")
    hw = board(config.board)
    memo: dict = {}
    return Estimate(
        config, hw,
        decode={c: decode_point(module, config, c, memo) for c in contexts},
        prefill={p: prefill_point(module, config, p, memo) for p in prompts},
        resources=resources(module, config),
        budget=hw.usable.as_dict(),
    )
