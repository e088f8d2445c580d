"""The generated C++ of the engine kernel: configuration header, ISA header and top function.

Everything here is derived from an allocated, scheduled engine module (the `accllm-to-engine`
pipeline's output after `engine-schedule`): the engine configuration and the model's sizes become compile-time
constants that size every on-chip array and loop bound (`accllm_config.h`), the instruction
layout of `program_binary.OPCODES` becomes field positions (`accllm_isa.h`), and the HBM
channels the program touches become one `m_axi` bundle each on the top function
(`accllm_top.cpp`). The header library (`include/accllm_engine.h`) does the rest.

`kernel_params` refuses, with the op and the reason, IR the kernel cannot execute exactly
as the golden model does; nothing is written for such a module.
"""

from __future__ import annotations

import math
import re
import struct
from dataclasses import dataclass, fields
from typing import IO

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation
from xdsl.utils.target import Target

from accllm.boards import board_or_none
from accllm.diagnostics import AccllmError, op_error
from accllm.dialects import engine
from accllm.passes.cost_model import (AXI_LATENCY, PIPELINE_DEPTH, PORT_CMD_DEPTH, BufferNeeds, attention_passes,
                                      channel_rate, tree_half, weight_fifo_depth)
from accllm.passes.engine_buffer_alloc import ROW_ATTR
from accllm.passes.engine_hbm_alloc import kv_record_bytes
from accllm.passes.engine_tiling import BEAT_BYTES, kv_channel_ids, weight_channel_ids
from accllm.passes.floorplan import Floorplan, plan
from accllm.passes.weight_chunks import ChunkLayout, chunk_layout, head_kept_per_chunk

from . import program_binary

TOP = "accllm_top"
# A DSP48E2 accumulates two tokens' products of one quantization group: the low field's
# sum stays exact while |sum| < 2^17 (W2 x A8: at most 344 products of |127 x 3|).
PAIRED_SUM_LIMIT = (1 << 17) - 1


def _refuse(op: Operation, message: str) -> AccllmError:
    return AccllmError(f"hls-cpp: {op_error(op, message)}")


@dataclass(frozen=True)
class KernelParams:
    """The compile-time constants of one generated kernel (accllm_config.h)."""

    config: engine.EngineConfig
    board_channels: int
    port_channels: tuple[int, ...]
    write_channels: tuple[int, ...]
    program_words: int
    act_row_bytes: int
    max_values: int
    max_instructions: int
    max_constants: int
    max_width: int
    max_vector: int
    vector_slots: int
    max_in: int
    max_out: int
    max_groups: int
    max_chunks: int  # chunk words of the longest row (passes/weight_chunks.py)
    max_meta_words: int
    max_channel_beats: int
    vocab: int
    heads: int
    kv_heads: int
    head_dim: int
    sinks: int
    window: int
    kv_bits: int
    lin_format: tuple[int, int, int, int, bool]  # the linear array's (bits, group, n, m, code3)
    lin_chunks: ChunkLayout  # its chunk words (the fields that do not depend on the row width)
    rope_scaling: float
    logits_offset: int
    prefill_program: int
    decode_program: int
    floorplan: Floorplan  # the array's slices and their SLRs

    @property
    def max_keys(self) -> int:
        """Keys one query can see: the Λ span, or the whole ring with dense attention."""
        return self.sinks + self.window if self.window else self.config.kv_slots

    @property
    def att_passes(self) -> int:
        """Cycles the attention unit spends on a key (Config::ATT_PASSES)."""
        return attention_passes(self.heads, self.kv_heads, self.config.att_lanes)

    @property
    def kv_banks(self) -> int:
        """The KV ring's banks: two of a pass's KV heads each (Config::KV_BANKS)."""
        return -(-self.kv_heads // self.att_passes // 2)

    @property
    def max_cached(self) -> int:
        return self.sinks + self.window - 1 if self.window else self.config.kv_slots


def _programs(module: ModuleOp) -> list[engine.ProgramOp]:
    return [op for op in module.body.block.ops if isinstance(op, engine.ProgramOp)]


def _one(values: set, op_of: dict, what: str):
    """The single value of a model-wide parameter, or a refusal at an op that differs."""
    if len(values) > 1:
        first, *rest = sorted(values, key=str)
        raise _refuse(op_of[rest[0]], f"{what} {rest[0]} differs from {first} elsewhere: the kernel fixes one")
    return next(iter(values))


def _check_linear(load: engine.LoadWeightsOp, consumer: Operation) -> None:
    fmt = load.format
    bits, group = fmt.bits.data, fmt.group.data
    if isinstance(consumer, engine.LMHeadOp):
        if not (bits == 8 and group == load.shape[1] and fmt.nm is None):
            raise _refuse(consumer, "the kernel's lm_head reads int8 rows (lm_head = int8); float16 rows are not "
                                    "reproducible bit for bit")
        return
    if not 1 <= bits <= 7:
        raise _refuse(consumer, f"the kernel's linear array reads packed 1-7 bit codes, not {bits}-bit weights")
    kept, limit = group * fmt.n.data // fmt.m.data, PAIRED_SUM_LIMIT // (127 * ((1 << bits) - 1))
    if isinstance(consumer, engine.LinearOp) and consumer.mode.data == "mm" and kept > limit:
        raise _refuse(consumer, f"a quantization group of {kept} kept {bits}-bit weights overflows the two-token "
                                f"DSP packing (at most {limit})")


@dataclass(frozen=True)
class HlsCppTarget(Target):
    """The `hls-cpp` target of accllm-opt: the generated kernel sources of an allocated
    engine module (configuration header, top header and top function). Without the weights
    the image sizes are unknown, so PORT_MIN_BEATS is 1; `emit_project` writes the whole
    project, images included."""

    name = "hls-cpp"

    def emit(self, ctx: Context, module: ModuleOp, output: IO[str]) -> None:
        params = kernel_params(module)
        for path, text in (("src/accllm_config.h", config_header(params, [1] * len(params.port_channels))),
                           ("src/accllm_top.h", top_header(params)), ("src/accllm_top.cpp", top_source(params))):
            output.write(f"// ===== {path} =====\n{text}")


def kernel_params(module: ModuleOp, binary: bytes | None = None) -> KernelParams:
    """Check that the kernel can run `module` exactly and derive its constants (`binary`:
    the module's program binary, when the caller has encoded it already)."""
    attr = module.attributes.get("engine.config")
    if not isinstance(attr, engine.EngineConfigAttr) or ROW_ATTR not in module.attributes:
        raise AccllmError("hls-cpp: error: the module is not an allocated engine program "
                          "(run the accllm-to-engine pipeline first)")
    config = attr.config
    programs = {p.entry: i for i, p in enumerate(_programs(module))}
    if set(programs) != {"prefill", "decode"}:
        raise AccllmError("hls-cpp: error: the module needs one prefill and one decode engine.program")
    ops = [op for p in _programs(module) for op in p.body.block.ops]
    for op in ops:
        if not isinstance(op, engine.EndOp) and "wait" not in op.attributes:
            raise _refuse(op, "has no queue tokens (run engine-schedule first)")
    attentions = [op for op in ops if isinstance(op, engine.AttentionOp)]
    ropes = [op for op in ops if isinstance(op, engine.RopeOp)]
    appends = [op for op in ops if isinstance(op, engine.KVAppendOp)]
    if not attentions or not appends:
        raise AccllmError("hls-cpp: error: the program has no attention / KV append")
    # Layers may differ in Λ (Gemma 3's local and global layers): the KV ring keeps the most
    # sinks any layer has and the widest window (none if a layer attends densely); each
    # layer's own Λ travels in its instructions.
    windows = [a.window.value.data for a in attentions]
    sinks = max(a.sinks.value.data for a in attentions)
    window = 0 if 0 in windows else max(windows)
    dims = {a.kv.type.head_dim.data: a for a in attentions}
    head_dim = _one(set(dims), dims, "head_dim")
    bits_of = {a.bits.value.data: a for a in appends}
    kv_bits = _one(set(bits_of), bits_of, "KV cache bits")
    if kv_bits not in (4, 8):
        raise _refuse(bits_of[kv_bits], f"the kernel packs 4 or 8-bit KV codes, not {kv_bits}")
    scale_of = {float(r.scaling.value.data): r for r in ropes} or {1.0: attentions[0]}
    rope_scaling = _one(set(scale_of), scale_of, "RoPE scaling")
    if window and config.kv_slots < sinks + window + config.max_tokens - 1:
        raise _refuse(attentions[0], f"the KV ring ({config.kv_slots} slots) cannot hold sinks + window + "
                                     f"one call ({sinks} + {window} + {config.max_tokens} - 1)")
    heads = max(a.heads.value.data for a in attentions)
    kv_heads = max(a.kv.type.kv_heads.data for a in attentions)
    # The attention unit reads a KV head's entry once for its query heads: one group size.
    group_of = {a.heads.value.data / a.kv.type.kv_heads.data: a for a in attentions}
    _one(set(group_of), group_of, "query heads per KV head")

    loads, widths, vectors, chunks, ins, outs, groups, beats = [], [], [], [], [], [], [], []
    lin_formats: dict[tuple[int, int, int, int, bool], engine.LoadWeightsOp] = {}
    vector_slots = 1
    for program in _programs(module):
        block = list(program.body.block.ops)
        consumers = []
        live_vectors: list[tuple[int, int]] = []  # (defined at, last use)
        for index, op in enumerate(block):
            for result in op.results:
                if isinstance(result.type, (engine.ActType, engine.QActType)):
                    widths.append(engine.width(result))
                if isinstance(result.type, engine.VectorType):
                    vectors.append(engine.width(result))
                    last = max((block.index(u.operation) for u in result.uses), default=index)
                    live_vectors.append((index, last))
            if isinstance(op, engine.LoadWeightsOp):
                uses = [u.operation for u in op.result.uses]
                if len(uses) != 1:
                    raise _refuse(op, "must feed exactly one linear (the weight FIFO is consumed once)")
                _check_linear(op, uses[0])
                if isinstance(uses[0], engine.LinearOp):
                    fmt = op.format
                    lin_formats.setdefault((fmt.bits.data, fmt.group.data, fmt.n.data, fmt.m.data,
                                            fmt.encoding.data == "code3" and fmt.n.data != fmt.m.data), op)
                loads.append(op)
                consumers.append(uses[0])
                out_f, in_f = op.shape
                try:
                    chunks.append(chunk_layout(op.format, in_f, config.kept_per_lane))
                except ValueError as err:
                    raise _refuse(op, str(err)) from None
                ins.append(in_f)
                outs.append(out_f)
                groups.append(in_f // op.format.group.data)
                beats.extend(int(b) // BEAT_BYTES for b in op.bytes_per_channel.get_values())
        ex_order = [op for op in block if op in consumers]
        if ex_order != consumers:
            raise _refuse(ex_order[0], "consumes its weights out of load order: the weight FIFOs are in order")
        # A vector's ring slot is reused after `vector_slots` later loads: size the ring so
        # no vector is overwritten before its last use.
        for start, last in live_vectors:
            vector_slots = max(vector_slots, sum(1 for s, _ in live_vectors if start <= s <= last))
    lin_format = _one(set(lin_formats), lin_formats, "linear weight format (bits, group, n, m, code3)")
    lin_load = lin_formats[lin_format]
    lin_chunks = chunk_layout(lin_load.format, lin_load.shape[1], config.kept_per_lane)
    heads_ops = [op for op in ops if isinstance(op, engine.LMHeadOp)]
    vocab = max(engine.width(op.result) for op in heads_ops) if heads_ops else 1
    stores = [op for op in ops if isinstance(op, engine.StoreLogitsOp)]
    offsets = {op.offset.value.data: op for op in stores}
    logits_offset = _one(set(offsets), offsets, "logits offset") if stores else 0
    misc, kv_channels = config.misc_channel, kv_channel_ids(config)
    used = set(weight_channel_ids(config)) | set(kv_channels) | {misc}
    written = {misc}
    for op in ops:
        if isinstance(op, (engine.EmbedOp, engine.KVLoadOp, engine.KVAppendOp, engine.LoadWeightsOp)):
            used |= {int(c) for c in op.channels.get_values()}
        if isinstance(op, engine.KVAppendOp):
            written |= {int(c) for c in op.channels.get_values()}
    known = board_or_none(config.board)
    encoded = binary if binary is not None else program_binary.encode(module)
    header = program_binary.read_header(encoded)
    values = max(entry.values for entry in program_binary.read_entries(encoded, header))
    return KernelParams(
        config=config, board_channels=known.hbm_channels if known else max(used) + 1,
        port_channels=tuple(sorted(used)), write_channels=tuple(sorted(written)),
        program_words=-(-len(encoded) // BEAT_BYTES) * (BEAT_BYTES // 4),
        act_row_bytes=module.attributes[ROW_ATTR].value.data,
        max_values=values, max_instructions=max(len(list(p.body.block.ops)) for p in _programs(module)),
        max_constants=header.constants, max_width=max(widths + [head_dim]), max_vector=max(vectors + [1]),
        vector_slots=vector_slots, max_in=max(ins + [1]), max_out=max(outs + [1]), max_groups=max(groups + [1]),
        max_chunks=max([c.chunks for c in chunks] + [1]), max_meta_words=max([c.meta_words for c in chunks] + [1]),
        max_channel_beats=max(beats + [1]), vocab=vocab, heads=heads, kv_heads=kv_heads, head_dim=head_dim,
        sinks=sinks, window=window, kv_bits=kv_bits, lin_format=lin_format, lin_chunks=lin_chunks,
        rope_scaling=rope_scaling, logits_offset=logits_offset, prefill_program=programs["prefill"],
        decode_program=programs["decode"], floorplan=plan(BufferNeeds.of(module), config),
    )


def _float_literal(value: float) -> str:
    """A C++ expression for exactly this float32 (hex float: no decimal rounding)."""
    exact = struct.unpack("<f", struct.pack("<f", value))[0]
    return f"static_cast<float>({float(exact).hex()})"


def config_header(p: KernelParams, port_min_beats: list[int]) -> str:
    """`port_min_beats`: per port, the beats of its image (a shorter image is corrupt)."""
    ints = [getattr(p.config, f.name) for f in fields(engine.EngineConfig) if f.name != "board"]
    hw = board_or_none(p.config.board)
    bits, group, n, m, code3 = p.lin_format
    index_width = 0 if n == m else 3 if code3 else max(1, (m - 1).bit_length())
    lc = p.lin_chunks
    lin_window = lc.kept_per_chunk * m // n
    head_kept = head_kept_per_chunk(p.config.kept_per_lane)
    beats_per_cycle = channel_rate(hw, p.config) / BEAT_BYTES if hw else 1.0
    lines = [
        "// accllm_config.h -- generated by accllm (backend_hls/kernel_source.py); do not edit.",
        "// The engine configuration and the model's sizes: every on-chip array and loop bound of",
        "// the kernel is sized from these constants.",
        "#ifndef ACCLLM_CONFIG_H",
        "#define ACCLLM_CONFIG_H",
        "",
        "#include \"accllm_defaults.h\"",
        "",
        "namespace accllm {",
        "",
        "// The configuration every unit of the header library is templated on (`template <class C>`):",
        "// this build's values for each constant of engine_config, the defaults.",
        "struct Config : engine_config {",
        f"// Engine configuration ({p.config.board}, {p.config.clock_mhz} MHz); the program binary must carry",
        "// exactly these integers (EngineConfig field order) to run on this kernel.",
        f"constexpr int CONFIG_INTS = {len(ints)};",
        f"constexpr uint32_t CONFIG[CONFIG_INTS] = {{{', '.join(str(v) for v in ints)}}};",
        f"constexpr int CLOCK_MHZ = {p.config.clock_mhz};",
        f"constexpr int LANES = {p.config.lanes};",
        f"constexpr int KEPT_PER_LANE = {p.config.kept_per_lane};",
        f"constexpr int MM_TOKEN_BLOCK = {p.config.mm_token_block};",
        f"constexpr int WEIGHT_FIFO_DEPTH = {weight_fifo_depth(p.config)};  // beats per weight channel",
        f"constexpr int MAX_TOKENS = {p.config.max_tokens};",
        f"constexpr int MAX_BLOCKS = {math.ceil(p.config.max_tokens / p.config.mm_token_block)};",
        f"constexpr int KV_SLOTS = {p.config.kv_slots};",
        f"constexpr int WEIGHT_CHANNELS = {p.config.weight_channels};",
        f"constexpr int KV_CHANNELS = {p.config.kv_channels};",
        f"constexpr int MISC_CHANNEL = {p.config.misc_channel};",
        f"constexpr int BOARD_CHANNELS = {p.board_channels};",
        "",
        "// HBM ports: one m_axi bundle per channel the program touches.",
        f"constexpr int NUM_PORTS = {len(p.port_channels)};",
        f"constexpr int PORT_CHANNELS[NUM_PORTS] = {{{', '.join(map(str, p.port_channels))}}};",
        f"constexpr uint32_t PORT_MIN_BEATS[NUM_PORTS] = {{{', '.join(map(str, port_min_beats))}}};",
        f"constexpr int MISC_PORT = {p.port_channels.index(p.config.misc_channel)};",
        "// Write ports: the channels ST writes (KV ring, logits), each its own m_axi bundle.",
        f"constexpr int NUM_WRITE_PORTS = {len(p.write_channels)};",
        f"constexpr int WRITE_PORT_CHANNELS[NUM_WRITE_PORTS] = {{{', '.join(map(str, p.write_channels))}}};",
        f"constexpr int PORT_CMD_DEPTH = {PORT_CMD_DEPTH};  // burst commands LD queues per port",
        f"constexpr int MAX_PORT_COMMANDS = {p.max_instructions * p.config.max_tokens};  // loop bound",
        f"constexpr int MAX_STORE_BEATS = {-(-max(4 * p.vocab, kv_record_bytes(p.head_dim, p.kv_bits)) // BEAT_BYTES)};",
        "",
        "// Program and buffers.",
        f"constexpr int PROGRAM_WORDS = {p.program_words};  // the program image, on chip",
        f"constexpr int MAX_INSTRUCTIONS = {p.max_instructions};",
        f"constexpr int SFU_LANES = {p.config.sfu_lanes};",
        f"constexpr int SFU_HALF_BYTES = {2 * p.config.sfu_lanes};  // float16 bytes the SFU lanes take a cycle",
        f"constexpr int ATT_LANES = {p.config.att_lanes};",
        f"constexpr int MAX_VALUES = {p.max_values};",
        f"constexpr int MAX_CONSTANTS = {p.max_constants};",
        f"constexpr int ACT_ROW_BYTES = {p.act_row_bytes};",
        f"constexpr int ACT_ROW_WORDS = {p.act_row_bytes // 4};",
        f"constexpr int MAX_WIDTH = {p.max_width};",
        f"constexpr int MAX_VECTOR = {p.max_vector};",
        f"constexpr int VECTOR_SLOTS = {p.vector_slots};",
        "",
        "// Linear array.",
        f"constexpr int MAX_IN = {p.max_in};",
        f"constexpr int MAX_OUT = {p.max_out};",
        f"constexpr int MAX_GROUPS = {p.max_groups};",
        f"constexpr int GROUP_TREE_HALF = {tree_half(p.max_groups)};  // the epilogue's adder-tree buffers",
        f"constexpr int MAX_CHUNKS = {p.max_chunks};  // chunk words of a row (passes/weight_chunks.py)",
        f"constexpr int MAX_META_WORDS = {p.max_meta_words};",
        f"constexpr int MAX_CHANNEL_BEATS = {p.max_channel_beats};",
        "// Its slices (backend_hls/floorplan.py): slice K owns weight channels [K x C / S, (K + 1) x C / S)",
        "// and their lanes, and sends DRAIN_LANES row sums a cycle back to the row writer.",
        f"constexpr int ARRAY_SLICES = {p.floorplan.slices};",
        f"constexpr int DRAIN_LANES = {p.floorplan.drain_lanes};",
        f"constexpr int VOCAB = {p.vocab};",
        f"constexpr int MAX_VOCAB = {p.vocab};",
        f"constexpr int LOGIT_BANKS = {min(p.config.sfu_lanes, p.vocab)};  // the logits buffer's banks",
        f"constexpr uint32_t LOGITS_OFFSET = {p.logits_offset};",
        "// The linear layers' weight format: one per build, so the array's decode is wiring",
        "// (constant shifts and selects), not arithmetic on run-time fields.",
        f"constexpr uint32_t LIN_BITS = {bits};",
        f"constexpr uint32_t LIN_GROUP = {group};",
        f"constexpr uint32_t LIN_N = {n};",
        f"constexpr uint32_t LIN_M = {m};",
        f"constexpr bool LIN_SPARSE = {'true' if n != m else 'false'};",
        f"constexpr bool LIN_CODE3 = {'true' if code3 else 'false'};",
        f"constexpr uint32_t LIN_INDEX_WIDTH = {index_width};  // bits of one index field",
        f"constexpr uint32_t LIN_KEPT_PER_GROUP = {group * n // m};",
        "// Their chunk words: kept weights, index fields, then spare bits (the group's metadata,",
        "// zero point then float16 scale, when it fits them; otherwise meta words before the chunks).",
        f"constexpr uint32_t LIN_KEPT_PER_CHUNK = {lc.kept_per_chunk};",
        f"constexpr uint32_t LIN_CHUNKS_PER_GROUP = {lc.chunks_per_group};",
        f"constexpr uint32_t LIN_CHUNK_DATA_BITS = {lc.data_bits};",
        f"constexpr uint32_t LIN_CHUNK_SPARE_BITS = {lc.spare_bits};",
        f"constexpr uint32_t LIN_META_BITS = {lc.meta_bits};",
        f"constexpr bool LIN_META_IN_CHUNKS = {'true' if lc.meta_in_chunks else 'false'};",
        f"constexpr uint32_t LIN_META_PER_WORD = {lc.meta_per_word};",
        f"constexpr uint32_t LIN_WINDOW = {lin_window};  // activation codes a chunk's weights choose from",
        f"constexpr uint32_t HEAD_KEPT_PER_CHUNK = {head_kept};  // LM_HEAD's int8 codes a chunk",
        f"constexpr int MAX_KEPT_PER_CHUNK = {max(lc.kept_per_chunk, head_kept)};",
        f"constexpr int MAX_WINDOW_WORDS = {max(1, lin_window // 4, head_kept // 4)};",
        "",
        "// Attention and the KV ring.",
        f"constexpr int MAX_HEADS = {p.heads};",
        f"constexpr int MAX_KV_HEADS = {p.kv_heads};",
        f"constexpr int GROUP = {p.heads // p.kv_heads};  // query heads per KV head",
        "// The attention unit's passes over the KV heads (at most ATT_LANES query heads a cycle), and",
        "// the KV ring's banks: two of a pass's KV heads each (two ports).",
        f"constexpr int ATT_PASSES = {p.att_passes};  // cycles per key",
        f"constexpr int ATT_KV_HEADS = {-(-p.kv_heads // p.att_passes)};  // KV heads a cycle",
        f"constexpr int KV_BANKS = {p.kv_banks};",
        f"constexpr int HEAD_DIM = {p.head_dim};",
        f"constexpr int SINKS = {p.sinks};",
        f"constexpr int WINDOW = {p.window};  // 0: dense causal attention",
        f"constexpr int KV_BITS = {p.kv_bits};",
        f"constexpr int MAX_KEYS = {p.max_keys};",
        f"constexpr int MAX_CACHED = {p.max_cached};",
        f"constexpr float ROPE_SCALING = {_float_literal(p.rope_scaling)};",
        "",
        "// Entry points in the program binary.",
        f"constexpr uint32_t PREFILL_PROGRAM = {p.prefill_program};",
        f"constexpr uint32_t DECODE_PROGRAM = {p.decode_program};",
        "",
        "// Timing of the C simulation (include/sim/accllm_sim.h): cycles a pipelined loop takes to",
        "// fill on entry (csynth reports the real iteration latency), cycles from an m_axi request",
        "// to its data (passes/cost_model.AXI_LATENCY), and the beats one HBM channel delivers per",
        "// kernel cycle (cost_model.channel_rate / 64: the board's sustained sequential rate).",
        f"constexpr int PIPELINE_DEPTH = {PIPELINE_DEPTH};",
        f"constexpr int HBM_LATENCY = {AXI_LATENCY};",
        f"constexpr double HBM_BEATS_PER_CYCLE = {beats_per_cycle!r};",
        "",
        "};",
        "",
        "}  // namespace accllm",
        "",
        "#endif  // ACCLLM_CONFIG_H",
        "",
    ]
    start, end = lines.index("struct Config : engine_config {"), lines.index("};")
    lines[start + 1:end] = [f"  static {line}" if line.startswith("constexpr ") else f"  {line}" if line else line
                            for line in lines[start + 1:end]]
    return "\n".join(lines)


def isa_header() -> str:
    """Opcodes and field positions of program_binary.OPCODES as constants."""
    lines = [
        "// accllm_isa.h -- generated by accllm from backend_hls/program_binary.py; do not edit.",
        "// The 128-bit instruction word (docs/engine.md §5.1): bits 0-5 opcode, 6-7 queue,",
        "// 8-10 wait, 11-13 signal, 14-15 flags, then each opcode's fields, LSB first.",
        "#ifndef ACCLLM_ISA_H",
        "#define ACCLLM_ISA_H",
        "",
        "namespace accllm {",
        "namespace isa {",
        "",
        "constexpr int FLAG0_LO = 14;",
        "constexpr int FLAG1_LO = 15;",
        f"constexpr unsigned OPCODES = {max(o.code for o in program_binary.OPCODES) + 1};",
    ]
    lines += ["", "// The binary's header and program-table layouts (program_binary.HEADER_LAYOUT,",
              "// ENTRY_LAYOUT): byte offsets of each field."]
    magic = program_binary.MAGIC
    lines += [f"constexpr unsigned MAGIC_LO = {int.from_bytes(magic[:4], 'little'):#x}u;",
              f"constexpr unsigned MAGIC_HI = {int.from_bytes(magic[4:], 'little'):#x}u;",
              f"constexpr unsigned VERSION = {program_binary.VERSION};",
              f"constexpr unsigned WORD_BYTES = {program_binary.WORD_BYTES};",
              f"constexpr unsigned HEADER_BYTES = {program_binary.HEADER.size};",
              f"constexpr unsigned ENTRY_BYTES = {program_binary.PROGRAM_ENTRY.size};"]
    for prefix, layout in (("HEADER", program_binary.HEADER_LAYOUT), ("ENTRY", program_binary.ENTRY_LAYOUT)):
        lines += [f"constexpr unsigned {prefix}_{name.upper()}_AT = {at};"
                  for name, at in program_binary.layout_offsets(layout).items()]
    has_result = ["false"] * (max(o.code for o in program_binary.OPCODES) + 1)
    for opcode in program_binary.OPCODES:
        lines.append("")
        lines.append(f"constexpr unsigned OP_{opcode.mnemonic} = {opcode.code};  // {opcode.queue}"
                     + (f", flags: {', '.join(opcode.flags)}" if opcode.flags else ""))
        shift = program_binary.FIELDS_START
        for f in opcode.fields:
            lines.append(f"constexpr int {opcode.mnemonic}_{f.name}_LO = {shift};")
            lines.append(f"constexpr int {opcode.mnemonic}_{f.name}_BITS = {f.bits};")
            shift += f.bits
        has_result[opcode.code] = "true" if opcode.has_result else "false"
    lines += [
        "",
        "// Whether an opcode defines the next SSA value number.",
        f"constexpr bool kHasResult[OPCODES] = {{{', '.join(has_result)}}};",
        "",
        "}  // namespace isa",
        "}  // namespace accllm",
        "",
        "#endif  // ACCLLM_ISA_H",
        "",
    ]
    return "\n".join(lines)


def _port_args(p: KernelParams) -> str:
    """The top's HBM arguments: a read port per channel, then a write port per written one."""
    return ", ".join([f"accllm::Beat* hbm{ch}" for ch in p.port_channels] +
                     [f"accllm::Beat* hbm{ch}_w" for ch in p.write_channels])


def top_header(p: KernelParams) -> str:
    args = ", ".join([f"ports[{i}]" for i in range(len(p.port_channels))] +
                     [f"ports[{p.port_channels.index(ch)}]" for ch in p.write_channels])
    return "\n".join([
        "// accllm_top.h -- generated by accllm (backend_hls/kernel_source.py); do not edit.",
        "#ifndef ACCLLM_TOP_H",
        "#define ACCLLM_TOP_H",
        "",
        "#include <cstdint>",
        "",
        '#include "accllm_config.h"',
        '#include "accllm_isa.h"',
        '#include "accllm_engine.h"',
        "",
        "// One call of the engine: program `program_index` of the binary at `program` over `tokens`",
        "// tokens at positions `position` ..; status and counters come back in `counters`.",
        "// hbm<ch> reads channel ch, hbm<ch>_w writes it (the same memory, its own m_axi adapter).",
        f"void {TOP}(const accllm::Beat* program, const int32_t* token_ids, uint64_t* counters, {_port_args(p)},",
        "                uint32_t program_index, uint32_t tokens, uint32_t position);",
        "",
        "#ifndef __SYNTHESIS__",
        "// Host convenience: the channels' memories as an array in PORT_CHANNELS order, the",
        "// program as 32-bit words (padded to whole 64-byte beats).",
        f"inline void {TOP}_host(const uint32_t* program, const int32_t* token_ids, uint64_t* counters,",
        "                       accllm::Beat* const* ports, uint32_t program_index, uint32_t tokens,",
        "                       uint32_t position) {",
        f"  {TOP}(reinterpret_cast<const accllm::Beat*>(program), token_ids, counters, {args},",
        "             program_index, tokens, position);",
        "}",
        "#endif",
        "",
        "#endif  // ACCLLM_TOP_H",
        "",
    ])


def top_source(p: KernelParams) -> str:
    """The top function: an m_axi bundle per HBM read port and per write port, s_axilite
    control, and the call's DATAFLOW region: LD, a burst reader per read port, EX, ST and a
    burst writer per write port (include/accllm_engine.h)."""
    c = p.config
    misc = f"gmem{c.misc_channel}"
    burst = "max_read_burst_length = 64 max_write_burst_length = 64 num_read_outstanding = 16 latency = 64"
    reads, writes = p.port_channels, p.write_channels
    lines = [
        "// accllm_top.cpp -- generated by accllm (backend_hls/kernel_source.py); do not edit.",
        f"// Engine kernel for {c.board}: {c.lanes} lanes x {c.kept_per_lane} kept weights, "
        f"{c.weight_channels} weight channels,",
        f"// {c.kv_channels} KV channels, misc channel {c.misc_channel}, {c.clock_mhz} MHz.",
        '#include "accllm_top.h"',
        "",
        "using accllm::Config;  // this build's configuration (accllm_config.h): every unit's template argument",
        "",
        "#ifdef ACCLLM_SIM",
        "namespace {",
        "// The C simulation reads directive values and its timing constants from the configuration.",
        "[[maybe_unused]] const bool kSimConstants =",
        "    accllm_sim::register_constants(accllm::NamedConstants<Config>::table,",
        "                                   accllm::NamedConstants<Config>::count);",
        "}  // namespace",
        "#endif",
        "",
        "namespace accllm {",
        "// The array's DATAFLOW region (include/accllm_array.h): the window feed, a slice per",
        "// floorplan slice (floorplan.tcl places each), the row writer.",
        "template <class C>",
        "void array_region(State<C>& s, BeatFifo<C> (&beats)[C::NUM_PORTS], const Placement<C>& pl, const RowFormat& f,",
        "                  const ArrayWalk& a, uint32_t in_word, const RowWrite& r) {",
        "  ACCLLM_HLS(HLS DATAFLOW)",
        f"  static_assert(C::ARRAY_SLICES == {p.floorplan.slices}, \"the region has a process per slice\");",
        "  WindowFifo<C> windows[C::ARRAY_SLICES];",
        "  LaneSumFifo<C> sums[C::ARRAY_SLICES];",
        "  // A few words each, hundreds of bits wide: shift registers, not a block RAM per 36 bits.",
        "  ACCLLM_HLS(HLS BIND_STORAGE variable = windows type = fifo impl = srl)",
        "  ACCLLM_HLS(HLS BIND_STORAGE variable = sums type = fifo impl = srl)",
        "  for (int k = 0; k < C::ARRAY_SLICES; ++k) {",
        "    ACCLLM_HLS(HLS UNROLL)",
        '    ACCLLM_SIM_NAME(windows[k], "windows[" + std::to_string(k) + "]");',
        '    ACCLLM_SIM_NAME(sums[k], "sums[" + std::to_string(k) + "]");',
        "  }",
        "  ACCLLM_PROCESS(feed_windows<C>(s, f, a, in_word, windows));",
        *[f"  ACCLLM_PROCESS(array_slice<C, {k}>(beats, pl, f, a, windows[{k}], sums[{k}]));  // SLR{slr}"
          for k, slr in enumerate(p.floorplan.slice_slr)],
        "  ACCLLM_PROCESS(write_rows<C>(s, sums, a, r));",
        "  ACCLLM_DATAFLOW_JOIN();",
        "}",
        "}  // namespace accllm",
        "",
        f"void {TOP}(const accllm::Beat* program, const int32_t* token_ids, uint64_t* counters, {_port_args(p)},",
        "                uint32_t program_index, uint32_t tokens, uint32_t position) {",
        f"  ACCLLM_HLS(HLS INTERFACE mode = m_axi port = program bundle = {misc}_ctl offset = slave {burst})",
        f"  ACCLLM_HLS(HLS INTERFACE mode = m_axi port = token_ids bundle = {misc}_ctl offset = slave {burst})",
        f"  ACCLLM_HLS(HLS INTERFACE mode = m_axi port = counters bundle = {misc}_ctl offset = slave {burst})",
        *[f"  ACCLLM_HLS(HLS INTERFACE mode = m_axi port = hbm{ch} bundle = gmem{ch} offset = slave {burst})"
          for ch in reads],
        *[f"  ACCLLM_HLS(HLS INTERFACE mode = m_axi port = hbm{ch}_w bundle = gmem{ch}_w offset = slave {burst})"
          for ch in writes],
        "  ACCLLM_HLS(HLS INTERFACE mode = s_axilite port = program_index)",
        "  ACCLLM_HLS(HLS INTERFACE mode = s_axilite port = tokens)",
        "  ACCLLM_HLS(HLS INTERFACE mode = s_axilite port = position)",
        "  ACCLLM_HLS(HLS INTERFACE mode = s_axilite port = return)",
        "  // EX's state (activation rows, vectors and logits: a word per SFU lane a cycle) and the program windows.",
        "  static accllm::State<Config> state;",
        f"  ACCLLM_HLS(HLS ARRAY_PARTITION variable = state.act type = cyclic factor = {min(c.sfu_lanes, p.act_row_bytes // 4)} dim = 2)",
        "  ACCLLM_HLS(HLS BIND_STORAGE variable = state.act type = ram_2p impl = uram)",
        f"  ACCLLM_HLS(HLS ARRAY_PARTITION variable = state.vectors type = cyclic factor = {min(c.sfu_lanes, p.max_vector)} dim = 2)",
        "  ACCLLM_HLS(HLS ARRAY_PARTITION variable = state.logits type = cyclic factor = Config::LOGIT_BANKS dim = 1)",
        "  // A KV half (a token's keys or values) is one word; a bank serves two KV heads a cycle",
        "  // (the unit reads all), on its two ports (LOAD_KV writes a token's halves together).",
        "  ACCLLM_HLS(HLS AGGREGATE variable = state.kv compact = bit)",
        f"  ACCLLM_HLS(HLS ARRAY_PARTITION variable = state.kv type = cyclic factor = {p.kv_banks} dim = 1)",
        "  ACCLLM_HLS(HLS BIND_STORAGE variable = state.kv type = ram_t2p impl = uram)",
        "  static accllm::Call<Config> call;",
        "  // The program windows a beat (16 words) per row: the fetch writes a row a cycle, an",
        "  // instruction or a 64-bit constant is one read.",
        "  ACCLLM_HLS(HLS ARRAY_RESHAPE variable = call.ld.words type = cyclic factor = 16)",
        "  ACCLLM_HLS(HLS ARRAY_RESHAPE variable = call.ex.words type = cyclic factor = 16)",
        "  // A few hundred rows each: block RAM (URAM stays with the KV ring and activations).",
        "  ACCLLM_HLS(HLS BIND_STORAGE variable = call.ld.words type = ram_2p impl = bram)",
        "  ACCLLM_HLS(HLS BIND_STORAGE variable = call.ex.words type = ram_2p impl = bram)",
        "  accllm::open_call<Config>(program, token_ids, program_index, tokens, position, call);",
        "  {  // a program that failed open_call's checks runs as an empty one",
        "    ACCLLM_HLS(HLS DATAFLOW)",
        "    accllm::CmdFifo<Config> read_cmds[Config::NUM_PORTS];",
        "    accllm::BeatFifo<Config> beats[Config::NUM_PORTS];",
        f"    ACCLLM_HLS(HLS STREAM variable = beats depth = {weight_fifo_depth(c)})",
        "    ACCLLM_HLS(HLS BIND_STORAGE variable = beats type = fifo impl = uram)",
        "    accllm::CmdFifo<Config> write_cmds[Config::NUM_WRITE_PORTS];",
        "    accllm::WriteFifo writes[Config::NUM_WRITE_PORTS];",
        "    accllm::StoreHeadFifo store_heads;",
        "    accllm::StoreDataFifo store_data;",
        "    for (int i = 0; i < Config::NUM_PORTS; ++i) {",
        "      ACCLLM_HLS(HLS UNROLL)",
        '      ACCLLM_SIM_NAME(read_cmds[i], "read_cmds[hbm" + std::to_string(Config::PORT_CHANNELS[i]) + "]");',
        '      ACCLLM_SIM_NAME(beats[i], "beats[hbm" + std::to_string(Config::PORT_CHANNELS[i]) + "]");',
        "    }",
        "    for (int i = 0; i < Config::NUM_WRITE_PORTS; ++i) {",
        "      ACCLLM_HLS(HLS UNROLL)",
        '      ACCLLM_SIM_NAME(write_cmds[i], "write_cmds[hbm" + std::to_string(Config::WRITE_PORT_CHANNELS[i]) + "]");',
        '      ACCLLM_SIM_NAME(writes[i], "writes[hbm" + std::to_string(Config::WRITE_PORT_CHANNELS[i]) + "]");',
        "    }",
        "    ACCLLM_PROCESS(accllm::load_unit<Config>(call.ld, call.ld_ids, call.tokens, call.position, read_cmds));",
        *[f"    ACCLLM_PROCESS(accllm::read_port<Config>(hbm{ch}, {ch}, read_cmds[{i}], beats[{i}], call.read_bytes[{i}]));"
          for i, ch in enumerate(reads)],
        "    ACCLLM_PROCESS(accllm::execute<Config>(state, call.ex, call.ex_ids, call.tokens, call.position, beats, store_heads,",
        "                                   store_data, call.instructions));",
        "    ACCLLM_PROCESS(accllm::store_unit<Config>(store_heads, store_data, write_cmds, writes));",
        *[f"    ACCLLM_PROCESS(accllm::write_port<Config>(hbm{ch}_w, {ch}, write_cmds[{i}], writes[{i}], call.written_bytes[{i}]));"
          for i, ch in enumerate(writes)],
        "    ACCLLM_DATAFLOW_JOIN();",
        "  }",
        "  accllm::close_call<Config>(call, counters);",
        "}",
        "",
    ]
    return "\n".join(lines)
