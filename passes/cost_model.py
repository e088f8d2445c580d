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
from accllm.passes.engine_buffer_alloc import act_row_bytes
from accllm.passes.engine_hbm_alloc import kv_head_token_bytes, kv_heads_per_channel
from accllm.passes.engine_tiling import (
    BEAT_BYTES,
    channel_bytes,
    kv_channel_ids,
    module_engine_config,
    weight_channel_ids,
)

# Pipeline depths (cycles from first input to first output) of the units; the HLS schedule
# fixes the real values, these are typical for DSP48E2 chains + float32 cores at 225 MHz.
LIN_DEPTH = 48  # DSP cascade, adder tree (log2 K), int32 -> float, group epilogue, tree over groups
SFU_DEPTH = 32
ATT_DEPTH = 64
AXI_LATENCY = 150  # cycles from a read request to its first beat
# Passes over a token's vector: reductions (RMSNorm, quantize) read it twice, SiLU and RoPE
# evaluate two functions per element.
SFU_PASSES = {engine.RMSNormOp: 2, engine.QuantizeOp: 2, engine.SiluMulOp: 2, engine.RopeOp: 2, engine.AddOp: 1}


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
class CallShape:
    """Run-time parameters of one call: `tokens` new tokens at positions `position` ...;
    with their `ids`, embedding rows are counted on the channels that hold them (without,
    spread evenly: the same total)."""

    tokens: int
    position: int
    ids: tuple[int, ...] | None = None


class _Replayer:
    def __init__(self, config: engine.EngineConfig, hw: Board):
        self.config, self.hw = config, hw
        self.weight_channels = weight_channel_ids(config)
        self.kv_channels = kv_channel_ids(config)

    # -- instruction costs ---------------------------------------------------------------

    def lin_tile_cycles(self, out_f: int, in_f: int, fmt: engine.WeightFormatAttr, tokens: int, mode: str) -> tuple[int, float]:
        """(lane tiles, cycles per tile) of a linear."""
        cfg = self.config
        kept = in_f * fmt.n.data // fmt.m.data
        chunks = math.ceil(kept / cfg.kept_per_lane)
        tiles = math.ceil(out_f / cfg.lanes)
        if mode == "mv":
            return tiles, float(chunks * tokens)
        blocks = [min(cfg.mm_token_block, tokens - s) for s in range(0, tokens, cfg.mm_token_block)]
        return tiles, float(chunks * sum(math.ceil(b / 2) for b in blocks))

    def sfu_cycles(self, op, tokens: int) -> float:
        passes = SFU_PASSES[type(op)]
        return tokens * passes * math.ceil(engine.width(op.result) / self.config.sfu_lanes) + SFU_DEPTH

    def visible_keys(self, op: engine.AttentionOp, position: int) -> int:
        sinks, window = op.sinks.value.data, op.window.value.data
        return position + 1 if window == 0 else min(position + 1, sinks + window)

    def attention_cycles(self, op: engine.AttentionOp, call: CallShape) -> float:
        """Scores and `p . v` on the integer array (one product per DSP), softmax on the
        attention unit's float32 lanes, per query token and head."""
        cfg = self.config
        heads, dim = op.heads.value.data, op.kv.type.head_dim.data
        keys = sum(self.visible_keys(op, call.position + t) for t in range(call.tokens))
        macs = 2 * heads * keys * dim
        return macs / cfg.macs_per_cycle + 3 * heads * keys / cfg.att_lanes + ATT_DEPTH

    # -- the replay ------------------------------------------------------------------------

    def run(self, program: engine.ProgramOp, call: CallShape) -> Replay:
        """Replay one call. A weight load is replayed with its consumer, tile by tile: tile k
        is requested when the FIFO has room (the tile `fifo` bytes earlier has been
        consumed), arrives after its transfer, and is consumed when the array is free."""
        cfg = self.config
        result = Replay(0.0, 0.0)
        ready: dict = {}
        self.ld_free = self.ex_free = self.st_free = 0.0
        # Weight tiles in order: cumulative bytes loaded, and when each was consumed.
        self.loaded: list[int] = []
        self.consumed: list[float] = []
        ops = list(program.body.block.ops)
        self.attention_of = {op.kv: op for op in ops if isinstance(op, engine.AttentionOp)}
        self.kv_bits = {op.layer.value.data: op.bits.value.data for op in ops if isinstance(op, engine.KVAppendOp)}
        self.head_dim = next((a.kv.type.head_dim.data for a in ops if isinstance(a, engine.AttentionOp)), 1)
        tokens = call.tokens if program.entry == "prefill" else 1
        for op in ops:
            result.instructions += 1
            start = max((ready.get(v, 0.0) for v in op.operands if not isinstance(v.type, engine.WeightsType)),
                        default=0.0)
            if isinstance(op, (engine.LinearOp, engine.LMHeadOp)):
                ready[op.result] = self.linear(op, start, tokens, program.entry, result)
            elif isinstance(op, engine.LoadWeightsOp):
                continue  # replayed with its consumer
            elif isinstance(op, engine.KVLoadOp):
                ready[op.result] = self.load(self.kv_channels, self.kv_read_sizes(op, call), "kv_load", result)
            elif isinstance(op, engine.EmbedOp):
                channels = [int(c) for c in op.channels.get_values()]
                n = len(channels)
                if call.ids is None:
                    rows = [call.tokens // n + (1 if c < call.tokens % n else 0) for c in range(n)]
                else:
                    rows = [sum(1 for i in call.ids if i % n == c) for c in range(n)]
                sizes = [r * engine.width(op.result) * 2 for r in rows]
                ready[op.result] = self.load(channels, sizes, "embed", result)
            elif isinstance(op, engine.LoadVectorOp):
                ready[op.result] = self.load([cfg.misc_channel], [2 * engine.width(op.result)], "vectors", result)
            elif isinstance(op, engine.AttentionOp):
                ready[op.result] = self.compute(self.attention_cycles(op, call), start, "attention", result)
            elif isinstance(op, (engine.RMSNormOp, engine.QuantizeOp, engine.SiluMulOp, engine.RopeOp, engine.AddOp)):
                ready[op.result] = self.compute(self.sfu_cycles(op, tokens), start, "sfu", result)
            elif isinstance(op, engine.KVAppendOp):
                kv_heads = engine.width(op.keys) // self.head_dim
                per_token = kv_head_token_bytes(self.head_dim, op.bits.value.data)
                sizes = [h * per_token * tokens for h in kv_heads_per_channel(kv_heads, len(self.kv_channels))]
                self.store(self.kv_channels, sizes, start, result)
            elif isinstance(op, engine.StoreLogitsOp):
                self.store([cfg.misc_channel], [4 * engine.width(op.logits)], start, result)
        result.cycles = max(self.ld_free, self.ex_free, self.st_free)
        return result

    def load(self, channels: list[int], sizes: list[int], kind: str, result: Replay) -> float:
        for c, b in zip(channels, sizes):
            result.bytes_read[c] += b
        cycles = transfer_cycles(self.hw, self.config, sizes)
        self.ld_free += cycles
        result.by_kind[kind] += cycles
        return self.ld_free + AXI_LATENCY

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
        tiles, per_tile = self.lin_tile_cycles(out_f, in_f, load.format, tokens, mode)
        # Prefill re-reads the weights once per token block (a tile is reused within one).
        blocks = math.ceil(tokens / cfg.mm_token_block) if mode == "mm" else 1
        sizes = channel_bytes(load.format, out_f, in_f, cfg.lanes, len(self.weight_channels))
        tile_sizes = [math.ceil(b / tiles) for b in sizes]
        tile_bytes = sum(tile_sizes)
        tile_cycles = transfer_cycles(self.hw, cfg, tile_sizes)
        fifo = cfg.weight_fifo_kib * 1024
        t = max(self.ex_free, start)
        begin = t
        for _ in range(blocks * tiles):
            # Room in the FIFO: the tiles before the last `fifo` bytes' worth are consumed.
            total = self.loaded[-1] if self.loaded else 0
            k = bisect.bisect_left(self.loaded, total + tile_bytes - fifo)
            room_at = self.consumed[k] if k < len(self.consumed) else 0.0
            issue = max(self.ld_free, room_at)
            self.ld_free = issue + tile_cycles
            result.by_kind["load_weights"] += tile_cycles
            t = max(t, self.ld_free + AXI_LATENCY) + per_tile / blocks
            self.loaded.append((self.loaded[-1] if self.loaded else 0) + tile_bytes)
            self.consumed.append(t)
        # Traffic: every channel's whole (beat-padded) share of the matrix, once per block.
        for c, b in zip(load.channels.get_values(), sizes):
            result.bytes_read[int(c)] += b * blocks
        t += LIN_DEPTH
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
        per_token = kv_head_token_bytes(kv.head_dim.data, self.kv_bits.get(op.layer.value.data, 4))
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


def replay_call(module: ModuleOp, entry: str, call: CallShape) -> Replay:
    """Replay one call of the module's `entry` program (what the C simulation's counters
    measure: instructions, bytes read and written per HBM channel)."""
    config = module_engine_config(module, "cost-model")
    return _Replayer(config, board(config.board)).run(_program(module, entry), call)


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
        memo[key] = _Replayer(config, hw).run(program, CallShape(1, key[2]))
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

    linears: tuple[tuple[int, int, engine.WeightFormatAttr], ...]  # (out, in, format)
    sfu: tuple[tuple[int, int], ...]  # (passes, width)
    attention: tuple[tuple[int, int, int], ...]  # (heads, head_dim, sinks + window or 0)
    kv_reads: tuple[tuple[int, int, int, int], ...]  # (kv heads, head_dim, bits, sinks + window or 0)

    @staticmethod
    def of(module: ModuleOp) -> DecodeSummary:
        ops = list(_program(module, "decode").body.block.ops)
        attention_of = {op.kv: op for op in ops if isinstance(op, engine.AttentionOp)}
        bits = {op.layer.value.data: op.bits.value.data for op in ops if isinstance(op, engine.KVAppendOp)}

        def span(att) -> int:
            return att.sinks.value.data + att.window.value.data if att is not None and att.window.value.data else 0

        return DecodeSummary(
            tuple((*op.weights.owner.shape, op.weights.owner.format) for op in ops
                  if isinstance(op, (engine.LinearOp, engine.LMHeadOp))),
            tuple((SFU_PASSES[type(op)], engine.width(op.result)) for op in ops if type(op) in SFU_PASSES),
            tuple((op.heads.value.data, op.kv.type.head_dim.data, span(op)) for op in ops
                  if isinstance(op, engine.AttentionOp)),
            tuple((op.result.type.kv_heads.data, op.result.type.head_dim.data, bits.get(op.layer.value.data, 4),
                   span(attention_of.get(op.result))) for op in ops if isinstance(op, engine.KVLoadOp)),
        )


def decode_bound(summary: DecodeSummary, config: engine.EngineConfig, context: int) -> float:
    """A lower bound on a decode step's cycles without the replay: the larger of the HBM
    time of its bytes at the sustained rate and the EX queue's busy cycles."""
    hw = board(config.board)
    channels = len(weight_channel_ids(config))
    busy, nbytes = 0.0, 0
    for out_f, in_f, fmt in summary.linears:
        kept = in_f * fmt.n.data // fmt.m.data
        busy += math.ceil(out_f / config.lanes) * math.ceil(kept / config.kept_per_lane) + LIN_DEPTH
        nbytes += sum(channel_bytes(fmt, out_f, in_f, config.lanes, channels))
    for passes, width in summary.sfu:
        busy += passes * math.ceil(width / config.sfu_lanes) + SFU_DEPTH
    for heads, dim, span in summary.attention:
        keys = min(context + 1, span) if span else context + 1
        busy += 2 * heads * keys * dim / config.macs_per_cycle + 3 * heads * keys / config.att_lanes + ATT_DEPTH
    for kv_heads, dim, bits, span in summary.kv_reads:
        cached = min(context, span) if span else context
        nbytes += kv_heads * kv_head_token_bytes(dim, bits) * cached
    all_channels = set(weight_channel_ids(config)) | set(kv_channel_ids(config))
    return max(busy, nbytes / (channel_rate(hw, config) * len(all_channels)))


def prefill_point(module: ModuleOp, config: engine.EngineConfig, prompt: int,
                  memo: dict | None = None) -> dict:
    """Prefill of a `prompt`-token prompt, in calls of at most `max_tokens` tokens."""
    hw = board(config.board)
    replayer = _Replayer(config, hw)
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
# 800 LUTs. An HBM read/write port with its width converter and burst logic: 2K LUTs,
# 3K FFs, 4 BRAM36. Fixed: instruction fetch/decode, queues, control (25K LUTs).
LUT_PER_MAC, FF_PER_MAC = 40, 60
EPILOGUE_LANES, EPILOGUE = 4, Resources(lut=1500, ff=2500, dsp=5, bram36=0, uram=0)
FLOAT_LANE = Resources(lut=800, ff=1200, dsp=5, bram36=0, uram=0)
HBM_PORT = Resources(lut=2000, ff=3000, dsp=0, bram36=4, uram=0)
FIXED = Resources(lut=25000, ff=40000, dsp=0, bram36=16, uram=0)
URAM_BYTES, BRAM_BYTES = 36 * 1024, 4 * 1024


@dataclass(frozen=True)
class BufferNeeds:
    """The module's widths that size the on-chip buffers."""

    act_row_bytes: int  # one token's live activations at the widest point (engine-buffer-alloc)
    max_groups: int
    head_token_bytes: int
    vocab: int  # logits of one token

    @staticmethod
    def of(module: ModuleOp) -> BufferNeeds:
        loads = [op for op in module.walk() if isinstance(op, engine.LoadWeightsOp)]
        heads = [op for op in module.walk() if isinstance(op, engine.LMHeadOp)]
        kv = [op.result.type for op in module.walk() if isinstance(op, engine.KVLoadOp)]
        return BufferNeeds(
            act_row_bytes(module),
            max((op.shape[1] // op.format.group.data for op in loads), default=1),
            max((kv_head_token_bytes(t.head_dim.data, 4) for t in kv), default=0),
            max((engine.width(op.result) for op in heads), default=0),
        )


def resources(module: ModuleOp | BufferNeeds, config: engine.EngineConfig) -> dict[str, int]:
    """DSP/LUT/FF/BRAM36/URAM of the engine for the widths this module needs."""
    needs = module if isinstance(module, BufferNeeds) else BufferNeeds.of(module)
    ports = len(set(weight_channel_ids(config)) | set(kv_channel_ids(config)) | {config.misc_channel})
    macs = config.macs_per_cycle
    epilogues = math.ceil(config.lanes / EPILOGUE_LANES)
    floats = config.att_lanes + config.sfu_lanes
    # On-chip buffers (docs/engine.md §3): the weight FIFO; the activations of one call (rows
    # sized by engine-buffer-alloc) and one token's logits; the KV of two heads (streamed
    # head by head).
    fifo = config.weight_fifo_kib * 1024
    activations = config.max_tokens * needs.act_row_bytes + 4 * needs.vocab
    kv_buffer = 2 * config.kv_slots * needs.head_token_bytes
    partials = config.lanes * needs.max_groups * 4
    return {
        "dsp": macs + epilogues * EPILOGUE.dsp + floats * FLOAT_LANE.dsp,
        "lut": macs * LUT_PER_MAC + epilogues * EPILOGUE.lut + floats * FLOAT_LANE.lut
        + ports * HBM_PORT.lut + FIXED.lut,
        "ff": macs * FF_PER_MAC + epilogues * EPILOGUE.ff + floats * FLOAT_LANE.ff + ports * HBM_PORT.ff + FIXED.ff,
        "bram36": ports * HBM_PORT.bram36 + FIXED.bram36 + math.ceil(partials / BRAM_BYTES),
        "uram": math.ceil(fifo / URAM_BYTES) + math.ceil(activations / URAM_BYTES) + math.ceil(kv_buffer / URAM_BYTES),
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
