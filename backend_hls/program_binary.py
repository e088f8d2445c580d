"""The engine program as the bytes the instruction fetch unit reads, and back.

`encode` serializes an engine module (its `engine.config` and both `engine.program`s) into
the binary of docs/engine.md §5: a header, a program table, one 128-bit word per
instruction and a constant table for whatever does not fit a word (names, per-channel
placements, float attributes and tables, each program's activation buffer map). `decode`
rebuilds an identical module, so the binary is a faithful form of the IR and the HLS
testbench can start from either; `listing` is the human-readable view of the same words.
Everything is little-endian and deterministic: equal modules give equal bytes.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import NamedTuple

import numpy as np
from xdsl.dialects.builtin import IntegerAttr, ModuleOp, i64
from xdsl.ir import Operation, SSAValue
from xdsl.utils.exceptions import VerifyException

from accllm.dialects import engine
from accllm.dialects.accllm import Activation
from accllm.passes.engine_buffer_alloc import BUFFER_ATTR, ROW_ATTR
from accllm.passes.engine_schedule import mask_names, queue_masks

MAGIC = b"ACLLMENG"
VERSION = 1
WORD_BYTES = 16
# The binary's fixed layouts, field names with their struct codes: the one description the
# encoder, the decoder, the kernel generator (`read_header`) and the kernel's C++
# (`layout_offsets`, written into accllm_isa.h) all read.
HEADER_LAYOUT = (("magic", "8s"), ("version", "H"), ("flags", "H"), ("config_ints", "H"),
                 ("board_bytes", "H"), ("programs", "I"), ("instructions", "I"), ("constants", "I"),
                 ("table_bytes", "I"), ("row_bytes", "I"))
# entry name and buffer map (constants), first instruction, instruction count, values defined
ENTRY_LAYOUT = (("name", "H"), ("buffer_map", "H"), ("first", "I"), ("count", "I"), ("values", "I"))
HEADER = struct.Struct("<" + "".join(code for _, code in HEADER_LAYOUT))
PROGRAM_ENTRY = struct.Struct("<" + "".join(code for _, code in ENTRY_LAYOUT))


class Header(NamedTuple):
    """The binary's header, by name."""

    magic: bytes
    version: int
    flags: int
    config_ints: int
    board_bytes: int
    programs: int
    instructions: int
    constants: int
    table_bytes: int
    row_bytes: int

    @property
    def entries_at(self) -> int:
        """Byte offset of the program table (header, configuration and board name, padded)."""
        return -(-(HEADER.size + 4 * self.config_ints + self.board_bytes) // WORD_BYTES) * WORD_BYTES


class ProgramEntry(NamedTuple):
    name: int
    buffer_map: int
    first: int
    count: int
    values: int


def read_header(data: bytes) -> Header:
    if len(data) < HEADER.size:
        raise _error(f"truncated: {len(data)} bytes, the header alone is {HEADER.size}")
    return Header(*HEADER.unpack_from(data))


def read_entries(data: bytes, header: Header) -> list[ProgramEntry]:
    end = header.entries_at + PROGRAM_ENTRY.size * header.programs
    if len(data) < end:
        raise _error(f"truncated: the program table ends at byte {end}, got {len(data)}")
    return [ProgramEntry(*PROGRAM_ENTRY.unpack_from(data, header.entries_at + k * PROGRAM_ENTRY.size))
            for k in range(header.programs)]


def layout_offsets(layout: tuple[tuple[str, str], ...]) -> dict[str, int]:
    """Byte offset of every field of a little-endian, unpadded layout."""
    offsets, at = {}, 0
    for name, code in layout:
        offsets[name] = at
        at += struct.calcsize("<" + code)
    return offsets
CONSTANT_ENTRY = struct.Struct("<II")  # kind, element count (bytes for a string)
# Header flags: the instructions carry `wait` / `signal` (engine-schedule ran); activations
# carry `engine.buffer` and the module `engine.act_row_bytes` (engine-buffer-alloc ran).
SCHEDULED, BUFFERS = 1, 2

# Field kinds: an SSA value (its number in the program), an unsigned integer, or a constant
# table index to a string, an int64 array, a float32 array or one float32.
VALUE, UINT, STR, INTS, FLOATS, FLOAT = "value", "uint", "str", "ints", "floats", "float"
CONSTANT_KINDS = {STR: 0, INTS: 1, FLOATS: 2, FLOAT: 2}
ID_BITS = 16


def _error(message: str) -> ValueError:
    return ValueError(f"engine binary: {message}")


@dataclass(frozen=True)
class Field:
    name: str
    bits: int = ID_BITS
    kind: str = UINT
    # An int64 constant made of equal-length parts (channels, offsets, ...), named here.
    parts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Opcode:
    code: int
    mnemonic: str
    op: type[Operation]
    fields: tuple[Field, ...] = ()
    flags: tuple[str, ...] = ()  # names of bits 14 and 15

    @property
    def queue(self) -> str:
        return self.op.QUEUE

    @property
    def has_result(self) -> bool:
        return bool(self.op.get_irdl_definition().results)


def _value(name: str) -> Field:
    return Field(name, kind=VALUE)


PLACEMENT = Field("placement", kind=INTS, parts=("channels", "offsets"))

OPCODES = (
    Opcode(0, "END", engine.EndOp),
    Opcode(1, "LOAD_EMB", engine.EmbedOp, (
        _value("tokens"), Field("width"), Field("table", kind=STR), PLACEMENT, Field("rows", 24))),
    Opcode(2, "LOAD_VEC", engine.LoadVectorOp, (
        Field("name", kind=STR), Field("width"), Field("offset", 32))),
    Opcode(3, "LOAD_W", engine.LoadWeightsOp, (
        Field("name", kind=STR), Field("placement", kind=INTS, parts=("channels", "offsets", "bytes")),
        Field("out", 24), Field("in"), Field("bits", 5), Field("group"), Field("n", 4), Field("m", 4)),
        flags=("code3", "per_block")),
    # LOAD_KV carries its layer's Λ (sinks, window; 0 dense), its attention's, for LD to read.
    Opcode(4, "LOAD_KV", engine.KVLoadOp, (Field("layer"), PLACEMENT, Field("kv_heads"), Field("head_dim"),
                                           Field("sinks", 12), Field("window", 20))),
    Opcode(5, "RMSNORM", engine.RMSNormOp, (_value("input"), _value("weight"), Field("eps", kind=FLOAT), Field("groups", 8))),
    Opcode(6, "QUANT", engine.QuantizeOp, (_value("input"), Field("bits", 8))),
    Opcode(7, "LIN", engine.LinearOp, (_value("input"), _value("weights"), _value("bias")), flags=("mm", "bias")),
    Opcode(8, "ROPE", engine.RopeOp, (
        _value("input"), Field("heads"), Field("inv_freq", kind=FLOATS), Field("scaling", kind=FLOAT))),
    # ATT's scale constant is [scale] or [scale, softcap].
    Opcode(9, "ATT", engine.AttentionOp, (
        _value("query"), _value("keys"), _value("values"), _value("kv"), Field("scale", kind=FLOATS),
        Field("inv_freq", kind=FLOATS), Field("shape", kind=INTS, parts=("heads", "sinks", "window"))),
        flags=("original",)),
    # flags: none -> SiLU, gelu -> erf GELU, gelu + tanh -> tanh GELU.
    Opcode(10, "GATED_MUL", engine.GatedMulOp, (_value("gate"), _value("up")), flags=("gelu", "tanh")),
    Opcode(11, "ADD", engine.AddOp, (_value("lhs"), _value("rhs"))),
    Opcode(12, "LM_HEAD", engine.LMHeadOp, (_value("input"), _value("weights"))),
    Opcode(13, "STORE_KV", engine.KVAppendOp, (
        _value("keys"), _value("values"), _value("after"), Field("layer"), Field("bits", 8), PLACEMENT)),
    Opcode(14, "STORE_LOGITS", engine.StoreLogitsOp, (_value("logits"), Field("offset", 32))),
    Opcode(15, "SOFTCAP", engine.SoftcapOp, (_value("input"), Field("cap", kind=FLOAT))),
)
BY_CODE = {o.code: o for o in OPCODES}
BY_OP = {o.op: o for o in OPCODES}
QUEUE_CODES = {q: i for i, q in enumerate(engine.QUEUES)}
FIELDS_START = 16  # opcode 6 | queue 2 | wait 3 | signal 3 | flags 2


# --------------------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Instruction:
    """One 128-bit word, fields as integers (values numbered, constants indexed)."""

    opcode: Opcode
    wait: int
    signal: int
    flags: frozenset[str]
    fields: dict[str, int]

    def word(self) -> bytes:
        flag_bits = sum(1 << i for i, name in enumerate(self.opcode.flags) if name in self.flags)
        bits = (self.opcode.code | QUEUE_CODES[self.opcode.queue] << 6 | self.wait << 8
                | self.signal << 11 | flag_bits << 14)
        shift = FIELDS_START
        for f in self.opcode.fields:
            value = self.fields[f.name]
            if not 0 <= value < 1 << f.bits:
                raise ValueError(f"cannot encode {self.opcode.mnemonic}: {f.name} = {value} does not fit {f.bits} bits")
            bits |= value << shift
            shift += f.bits
        return bits.to_bytes(WORD_BYTES, "little")

    @staticmethod
    def from_word(word: bytes, where: str) -> Instruction:
        bits = int.from_bytes(word, "little")
        opcode = BY_CODE.get(bits & 0x3F)
        if opcode is None:
            raise _error(f"{where}: unknown opcode {bits & 0x3F}")
        if bits >> 6 & 3 != QUEUE_CODES[opcode.queue]:
            raise _error(f"{where}: {opcode.mnemonic} on queue {bits >> 6 & 3}, expected {opcode.queue}")
        flag_bits = bits >> 14 & 3
        if flag_bits >> len(opcode.flags):
            raise _error(f"{where}: {opcode.mnemonic} has undefined flag bits set")
        shift, values = FIELDS_START, {}
        for f in opcode.fields:
            values[f.name] = bits >> shift & ((1 << f.bits) - 1)
            shift += f.bits
        if bits >> shift:
            raise _error(f"{where}: {opcode.mnemonic} has bits set past its last field")
        flags = frozenset(name for i, name in enumerate(opcode.flags) if flag_bits >> i & 1)
        return Instruction(opcode, bits >> 8 & 7, bits >> 11 & 7, flags, values)


# --------------------------------------------------------------------------------------
# Constant table
# --------------------------------------------------------------------------------------


@dataclass
class ConstantTable:
    """Deduplicated constants in first-use order: (kind, str | tuple) entries."""

    entries: list[tuple[int, str | tuple]] = field(default_factory=list)
    index: dict[tuple[int, str | tuple], int] = field(default_factory=dict)

    def add(self, kind: str, value) -> int:
        if kind == FLOAT:
            value = (value,)
        key = (CONSTANT_KINDS[kind], value if kind == STR else tuple(value))
        if key not in self.index:
            if len(self.entries) >= 1 << ID_BITS:
                raise ValueError(f"cannot encode: more than {1 << ID_BITS} constants")
            self.index[key] = len(self.entries)
            self.entries.append(key)
        return self.index[key]

    def get(self, index: int, kind: str, where: str):
        if index >= len(self.entries):
            raise _error(f"{where}: constant {index} out of range ({len(self.entries)} constants)")
        stored, value = self.entries[index]
        if stored != CONSTANT_KINDS[kind] or (kind == FLOAT and len(value) != 1):
            raise _error(f"{where}: constant {index} is not a {kind}")
        return value[0] if kind == FLOAT else value

    def to_bytes(self) -> bytes:
        out = bytearray()
        for kind, value in self.entries:
            if kind == CONSTANT_KINDS[STR]:
                payload = value.encode()
                count = len(payload)
            else:
                payload = np.asarray(value, dtype="<i8" if kind == CONSTANT_KINDS[INTS] else "<f4").tobytes()
                count = len(value)
            out += CONSTANT_ENTRY.pack(kind, count) + payload + bytes(-len(payload) % 8)
        return bytes(out)

    @staticmethod
    def from_bytes(data: bytes, count: int) -> ConstantTable:
        table, pos = ConstantTable(), 0
        for i in range(count):
            if pos + CONSTANT_ENTRY.size > len(data):
                raise _error(f"constant table truncated at entry {i} of {count}")
            kind, n = CONSTANT_ENTRY.unpack_from(data, pos)
            pos += CONSTANT_ENTRY.size
            size = {0: 1, 1: 8, 2: 4}.get(kind)
            if size is None:
                raise _error(f"constant {i} has unknown kind {kind}")
            payload = data[pos:pos + n * size]
            if len(payload) != n * size:
                raise _error(f"constant {i} truncated")
            if kind == 0:
                try:
                    value = payload.decode()
                except UnicodeDecodeError:
                    raise _error(f"constant {i} is not UTF-8 text") from None
            else:
                value = tuple(np.frombuffer(payload, dtype="<i8" if kind == 1 else "<f4").tolist())
            table.entries.append((kind, value))
            pos += n * size + (-(n * size) % 8)
        if pos != len(data):
            raise _error(f"constant table holds {len(data)} bytes, its {count} entries use {pos}")
        return table


# --------------------------------------------------------------------------------------
# Ops <-> field values
# --------------------------------------------------------------------------------------


def _int(attr: IntegerAttr) -> int:
    return attr.value.data


def _ints(attr) -> tuple[int, ...]:
    return tuple(int(v) for v in attr.get_values())


def _floats(attr) -> tuple[float, ...]:
    return tuple(float(v) for v in attr.get_values())


def _choice(value: str, choices: tuple[str, str], what: str) -> bool:
    """Whether `value` is the second of two choices (a flag bit)."""
    if value not in choices:
        raise ValueError(f"cannot encode {what} {value!r}: expected {' or '.join(choices)}")
    return value == choices[1]


_ACTIVATION_FLAGS = {
    Activation.SILU: set(), Activation.GELU_ERF: {"gelu"}, Activation.GELU_TANH: {"gelu", "tanh"},
}


def _fields_of(op: Operation) -> tuple[dict, set[str]]:  # noqa: C901 - one case per op
    """The op's field values (SSA values, ints, strings, tuples) and set flags."""
    if isinstance(op, engine.EmbedOp):
        return {"tokens": op.tokens, "width": engine.width(op.result), "table": op.table.data,
                "placement": _ints(op.channels) + _ints(op.offsets), "rows": _int(op.rows)}, set()
    if isinstance(op, engine.LoadVectorOp):
        return {"name": op.param.data, "width": engine.width(op.result), "offset": _int(op.offset)}, set()
    if isinstance(op, engine.LoadWeightsOp):
        fmt, (out_f, in_f) = op.format, op.shape
        placement = _ints(op.channels) + _ints(op.offsets) + _ints(op.bytes_per_channel)
        flags = {"code3"} if _choice(fmt.encoding.data, ("pair2", "code3"), "index encoding") else set()
        # Derived from the consumer (decode ignores it): an MM-mode linear reuses a tile for
        # one token block only, so the load unit streams the matrix once per block.
        if any(isinstance(use.operation, engine.LinearOp) and use.operation.mode.data == "mm"
               for use in op.result.uses):
            flags.add("per_block")
        return {"name": op.param.data, "placement": placement, "out": out_f, "in": in_f, "bits": fmt.bits.data,
                "group": fmt.group.data, "n": fmt.n.data, "m": fmt.m.data}, flags
    if isinstance(op, engine.KVLoadOp):
        kv = op.result.type
        attention = next((use.operation for use in op.result.uses if isinstance(use.operation, engine.AttentionOp)),
                         None)
        if attention is None:
            raise ValueError(f"cannot encode LOAD_KV of layer {_int(op.layer)}: no engine.attention reads it")
        return {"layer": _int(op.layer), "placement": _ints(op.channels) + _ints(op.offsets),
                "kv_heads": kv.kv_heads.data, "head_dim": kv.head_dim.data,
                "sinks": _int(attention.sinks), "window": _int(attention.window)}, set()
    if isinstance(op, engine.RMSNormOp):
        return {"input": op.input, "weight": op.weight, "eps": op.epsilon.value.data, "groups": op.group_count}, set()
    if isinstance(op, engine.QuantizeOp):
        return {"input": op.input, "bits": _int(op.bits)}, set()
    if isinstance(op, engine.LinearOp):
        flags = {"mm"} if _choice(op.mode.data, ("mv", "mm"), "linear mode") else set()
        if op.bias is not None:
            flags.add("bias")
        return {"input": op.input, "weights": op.weights, "bias": op.bias}, flags
    if isinstance(op, engine.RopeOp):
        return {"input": op.input, "heads": _int(op.heads), "inv_freq": _floats(op.inv_freq),
                "scaling": op.scaling.value.data}, set()
    if isinstance(op, engine.AttentionOp):
        original = _choice(op.rope_positions.data, ("cache", "original"), "rope positions")
        return {"query": op.query, "keys": op.keys, "values": op.values, "kv": op.kv,
                "scale": (op.scale.value.data, *(() if op.softcap is None else (op.softcap.value.data,))),
                "inv_freq": _floats(op.inv_freq),
                "shape": (_int(op.heads), _int(op.sinks), _int(op.window))}, {"original"} if original else set()
    if isinstance(op, engine.GatedMulOp):
        return {"gate": op.gate, "up": op.up}, _ACTIVATION_FLAGS[op.activation.data]
    if isinstance(op, engine.AddOp):
        return {"lhs": op.lhs, "rhs": op.rhs}, set()
    if isinstance(op, engine.LMHeadOp):
        return {"input": op.input, "weights": op.weights}, set()
    if isinstance(op, engine.KVAppendOp):
        return {"keys": op.keys, "values": op.values, "after": op.after, "layer": _int(op.layer),
                "bits": _int(op.bits), "placement": _ints(op.channels) + _ints(op.offsets)}, set()
    if isinstance(op, engine.StoreLogitsOp):
        return {"logits": op.logits, "offset": _int(op.offset)}, set()
    if isinstance(op, engine.SoftcapOp):
        return {"input": op.input, "cap": op.cap.value.data}, set()
    return {}, set()  # engine.end


def _load_weights(f: dict, flags: frozenset[str]) -> Operation:
    channels, offsets, sizes = f["placement"]
    fmt = engine.WeightFormatAttr(f["bits"], f["group"], (f["n"], f["m"]), "code3" if "code3" in flags else "pair2")
    return engine.LoadWeightsOp(f["name"], f["out"], f["in"], fmt, channels, offsets, sizes)


def _attention(f: dict, flags: frozenset[str]) -> Operation:
    (heads,), (sinks,), (window,) = f["shape"]
    scale, *softcap = f["scale"]
    return engine.AttentionOp(f["query"], f["keys"], f["values"], f["kv"], heads, scale, sinks, window,
                              "original" if "original" in flags else "cache", f["inv_freq"], *softcap)


BUILDERS: dict[type[Operation], Callable[[dict, frozenset[str]], Operation]] = {
    engine.EndOp: lambda f, flags: engine.EndOp(),
    engine.EmbedOp: lambda f, flags: engine.EmbedOp(f["tokens"], f["table"], f["rows"], f["width"], *f["placement"]),
    engine.LoadVectorOp: lambda f, flags: engine.LoadVectorOp(f["name"], f["width"], f["offset"]),
    engine.LoadWeightsOp: _load_weights,
    engine.KVLoadOp: lambda f, flags: engine.KVLoadOp(f["layer"], f["kv_heads"], f["head_dim"], *f["placement"]),
    engine.RMSNormOp: lambda f, flags: engine.RMSNormOp(f["input"], f["weight"], f["eps"], f["groups"]),
    engine.QuantizeOp: lambda f, flags: engine.QuantizeOp(f["input"], f["bits"]),
    engine.LinearOp: lambda f, flags: engine.LinearOp(
        f["input"], f["weights"], "mm" if "mm" in flags else "mv", f["bias"] if "bias" in flags else None),
    engine.RopeOp: lambda f, flags: engine.RopeOp(f["input"], f["heads"], f["inv_freq"], f["scaling"]),
    engine.AttentionOp: _attention,
    engine.GatedMulOp: lambda f, flags: engine.GatedMulOp(
        f["gate"], f["up"], next(a for a, set_ in _ACTIVATION_FLAGS.items() if set_ == flags)),
    engine.AddOp: lambda f, flags: engine.AddOp(f["lhs"], f["rhs"]),
    engine.SoftcapOp: lambda f, flags: engine.SoftcapOp(f["input"], f["cap"]),
    engine.LMHeadOp: lambda f, flags: engine.LMHeadOp(f["input"], f["weights"]),
    engine.KVAppendOp: lambda f, flags: engine.KVAppendOp(
        f["keys"], f["values"], f["after"], f["layer"], f["bits"], *f["placement"]),
    engine.StoreLogitsOp: lambda f, flags: engine.StoreLogitsOp(f["logits"], f["offset"]),
}


# --------------------------------------------------------------------------------------
# Programs
# --------------------------------------------------------------------------------------


@dataclass
class Program:
    entry: str
    instructions: list[Instruction]
    values: int  # SSA values defined, the tokens argument included
    buffers: tuple[int, ...] | None  # activation buffer row offset per value (-1: none)


def _programs(module: ModuleOp) -> list[engine.ProgramOp]:
    ops = list(module.body.block.ops)
    if not ops or not all(isinstance(op, engine.ProgramOp) for op in ops):
        raise ValueError("cannot encode: the module must hold engine.program ops only")
    return ops


def _module_attributes(module: ModuleOp) -> tuple[engine.EngineConfig, int | None]:
    """The engine configuration and the activation row bytes (None before engine-buffer-alloc)."""
    attr, row = module.attributes.get("engine.config"), module.attributes.get(ROW_ATTR)
    if not isinstance(attr, engine.EngineConfigAttr) or set(module.attributes) - {"engine.config", ROW_ATTR}:
        raise ValueError(f"cannot encode: the module may carry engine.config and {ROW_ATTR} only")
    if row is not None and not (isinstance(row, IntegerAttr) and 0 <= row.value.data < 1 << 32):
        raise ValueError(f"cannot encode: {ROW_ATTR} must be an integer in [0, 2^32)")
    return attr.config, None if row is None else row.value.data


def _scheduled(programs: list[engine.ProgramOp]) -> bool:
    """Whether the instructions carry `wait`/`signal` (all of them: engine-schedule ran)."""
    marks = {("wait" in op.attributes, "signal" in op.attributes) for p in programs for op in p.body.block.ops}
    if len(marks) > 1:
        raise ValueError("cannot encode: only some instructions carry wait/signal (run engine-schedule)")
    return marks == {(True, True)}


def _annotations(op: Operation, computed: tuple[int, int], scheduled: bool, buffers: bool) -> tuple[int, int, int]:
    """(wait, signal, buffer offset or -1) of an instruction."""
    allowed = ({"wait", "signal"} if scheduled else set()) | ({BUFFER_ATTR} if buffers and op.results else set())
    extra = set(op.attributes) - allowed
    if extra:
        raise ValueError(f"cannot encode attribute {sorted(extra)[0]!r} of {op.name}")
    if not all(isinstance(attr, IntegerAttr) for attr in op.attributes.values()):
        raise ValueError(f"cannot encode {op.name}: {', '.join(sorted(op.attributes))} must be integers")
    wait, signal = (op.attributes[k].value.data for k in ("wait", "signal")) if scheduled else computed
    buffer = op.attributes.get(BUFFER_ATTR)
    offset = -1 if buffer is None else buffer.value.data
    if not (0 <= wait <= 7 and 0 <= signal <= 7) or (buffer is not None and offset < 0):
        raise ValueError(f"cannot encode {op.name}: wait/signal must be in [0, 7], a buffer offset >= 0")
    return wait, signal, offset


def _encode_program(program: engine.ProgramOp, constants: ConstantTable, scheduled: bool, buffers: bool) -> Program:
    constants.add(STR, program.entry)
    block = program.body.block
    ids: dict[SSAValue, int] = {block.args[0]: 0}
    offsets = [-1]
    masks = queue_masks(program)
    instructions = []
    for op in block.ops:
        opcode = BY_OP.get(type(op))
        if opcode is None:
            raise ValueError(f"cannot encode {op.name}: not an engine instruction")
        values, flags = _fields_of(op)
        numbers = {}
        for f in opcode.fields:
            value = values[f.name]
            if f.kind == VALUE:
                numbers[f.name] = 0 if value is None else ids[value]
            elif f.kind == UINT:
                numbers[f.name] = value
            else:
                numbers[f.name] = constants.add(f.kind, value)
        wait, signal, buffer = _annotations(op, masks[op], scheduled, buffers)
        instructions.append(Instruction(opcode, wait, signal, frozenset(flags), numbers))
        for result in op.results:
            ids[result] = len(ids)
            offsets.append(buffer)
    if len(ids) > 1 << ID_BITS:
        raise ValueError(f"cannot encode the {program.entry} program: more than {1 << ID_BITS} values")
    return Program(program.entry, instructions, len(ids), tuple(offsets) if buffers else None)


def encode(module: ModuleOp) -> bytes:
    """The binary of an engine module (engine.config + programs), docs/engine.md §5."""
    config, row_bytes = _module_attributes(module)
    programs = _programs(module)
    scheduled, buffers = _scheduled(programs), row_bytes is not None
    constants = ConstantTable()
    encoded = [_encode_program(p, constants, scheduled, buffers) for p in programs]
    ints = [getattr(config, f.name) for f in fields(engine.EngineConfig) if f.name != "board"]
    if any(not 0 <= v < 1 << 32 for v in ints):
        raise ValueError("cannot encode: an engine configuration value does not fit 32 bits")
    entries, first = b"", 0
    for p in encoded:
        buffer_map = constants.add(INTS, p.buffers) if buffers else 0
        entries += PROGRAM_ENTRY.pack(constants.index[(CONSTANT_KINDS[STR], p.entry)], buffer_map, first,
                                      len(p.instructions), p.values)
        first += len(p.instructions)
    board = config.board.encode()
    table = constants.to_bytes()
    flags = (SCHEDULED if scheduled else 0) | (BUFFERS if buffers else 0)
    header = HEADER.pack(MAGIC, VERSION, flags, len(ints), len(board), len(encoded), first,
                         len(constants.entries), len(table), row_bytes or 0)
    header += struct.pack(f"<{len(ints)}I", *ints) + board
    header += bytes(-len(header) % WORD_BYTES)
    words = b"".join(i.word() for p in encoded for i in p.instructions)
    return header + entries + words + table


# --------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------


@dataclass
class Binary:
    """A parsed binary: configuration, programs as words, constants."""

    config: engine.EngineConfig
    flags: int
    row_bytes: int
    programs: list[Program]
    constants: ConstantTable

    @staticmethod
    def parse(data: bytes) -> Binary:
        header = read_header(data)
        magic, version, flags, n_ints, board_len, n_programs, n_words, n_constants, table_bytes, row_bytes = header
        if magic != MAGIC:
            raise _error(f"bad magic {magic!r}, expected {MAGIC!r}")
        if version != VERSION:
            raise _error(f"version {version}, this reader understands {VERSION}")
        if flags & ~(SCHEDULED | BUFFERS):
            raise _error(f"unknown header flags {flags:#x}")
        expected_ints = len(fields(engine.EngineConfig)) - 1
        if n_ints != expected_ints:
            raise _error(f"{n_ints} configuration values, this engine has {expected_ints}")
        header_bytes = header.entries_at
        words_at = header_bytes + PROGRAM_ENTRY.size * n_programs
        table_at = words_at + WORD_BYTES * n_words
        if table_at + table_bytes != len(data):
            raise _error(f"sizes do not add up: the header describes {table_at + table_bytes} bytes, got {len(data)}")
        ints = struct.unpack_from(f"<{n_ints}I", data, HEADER.size)
        try:
            board = data[HEADER.size + 4 * n_ints:HEADER.size + 4 * n_ints + board_len].decode()
            config = engine.EngineConfig(board, *ints)
        except (UnicodeDecodeError, ValueError) as err:
            raise _error(f"invalid engine configuration: {err}") from None
        constants = ConstantTable.from_bytes(data[table_at:], n_constants)
        programs, expected_first = [], 0
        for k, (name, buffer_map, first, count, values) in enumerate(read_entries(data, header)):
            if first != expected_first:
                raise _error(f"program {k} starts at instruction {first}, expected {expected_first}")
            entry = constants.get(name, STR, f"program {k}")
            buffers = constants.get(buffer_map, INTS, f"program {entry}") if flags & BUFFERS else None
            if buffers is not None and len(buffers) != values:
                raise _error(f"the {entry} buffer map has {len(buffers)} entries for {values} values")
            words = [Instruction.from_word(data[words_at + WORD_BYTES * i:words_at + WORD_BYTES * (i + 1)],
                                           f"{entry} instruction {i - first}")
                     for i in range(first, first + count)]
            programs.append(Program(entry, words, values, buffers))
            expected_first += count
        if expected_first != n_words:
            raise _error(f"the programs hold {expected_first} instructions, the header says {n_words}")
        return Binary(config, flags, row_bytes, programs, constants)

    def resolved(self, ins: Instruction, values: list, where: str) -> dict:
        """The instruction's fields with values looked up in `values` and constants read;
        an int64 constant with parts comes as one tuple per part."""
        out = {}
        for f in ins.opcode.fields:
            number = ins.fields[f.name]
            if f.kind == VALUE:
                if number >= len(values):
                    raise _error(f"{where}: {f.name} uses %{number} before it is defined")
                out[f.name] = values[number]
            elif f.kind == UINT:
                out[f.name] = number
            else:
                out[f.name] = self.constants.get(number, f.kind, where)
                if f.parts:
                    out[f.name] = _split(out[f.name], len(f.parts), where)
        return out


def _split(values: tuple, parts: int, where: str) -> tuple[tuple, ...]:
    size, rest = divmod(len(values), parts)
    if rest or not size:
        raise _error(f"{where}: a constant of {len(values)} integers does not split into {parts} parts")
    return tuple(values[i * size:(i + 1) * size] for i in range(parts))


def _build_program(binary: Binary, program: Program) -> engine.ProgramOp:
    op = engine.ProgramOp.create_empty(program.entry)
    block = op.body.block
    values: list[SSAValue] = [block.args[0]]
    for i, ins in enumerate(program.instructions):
        where = f"{program.entry} instruction {i}"
        try:
            instr = BUILDERS[ins.opcode.op](binary.resolved(ins, values, where), ins.flags)
        except (AttributeError, TypeError, IndexError, VerifyException) as err:
            raise _error(f"{where} ({ins.opcode.mnemonic}) has operands of the wrong kind: {err}") from None
        if len(values) + len(instr.results) > program.values:
            raise _error(f"{where}: the {program.entry} program defines more than the {program.values} values "
                         "its entry says")
        if program.buffers is not None and instr.results and program.buffers[len(values)] >= 0:
            instr.attributes[BUFFER_ATTR] = IntegerAttr(program.buffers[len(values)], i64)
        if binary.flags & SCHEDULED:
            instr.attributes["wait"] = IntegerAttr(ins.wait, i64)
            instr.attributes["signal"] = IntegerAttr(ins.signal, i64)
        block.add_op(instr)
        values.extend(instr.results)
    if len(values) != program.values:
        raise _error(f"the {program.entry} program defines {len(values)} values, its entry says {program.values}")
    return op


def decode(data: bytes) -> ModuleOp:
    """The engine module `encode` wrote; ValueError (one line) for a corrupt binary."""
    binary = Binary.parse(data)
    attributes = {"engine.config": engine.EngineConfigAttr(binary.config)}
    if binary.flags & BUFFERS:
        attributes[ROW_ATTR] = IntegerAttr(binary.row_bytes, i64)
    module = ModuleOp([_build_program(binary, p) for p in binary.programs], attributes=attributes)
    try:
        module.verify()
    except VerifyException as err:
        raise _error(f"the decoded program does not verify: {str(err).strip().splitlines()[0]}") from None
    return module


# --------------------------------------------------------------------------------------
# Listing
# --------------------------------------------------------------------------------------


def _show(value) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, float):
        return str(np.float32(value))
    if isinstance(value, tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def listing(module: ModuleOp) -> str:
    """One line per instruction: index, queue, opcode, result (`%n@offset` once activations
    have buffer offsets), operands and fields, wait/signal."""
    binary = Binary.parse(encode(module))
    lines = [f"engine {binary.config.board}: " + ", ".join(
        f"{f.name} {getattr(binary.config, f.name)}" for f in fields(engine.EngineConfig) if f.name != "board")
        + (f"; activation rows of {binary.row_bytes} bytes" if binary.flags & BUFFERS else "")]
    for program in binary.programs:
        lines.append(f"program {program.entry}: {len(program.instructions)} instructions, {program.values} values")
        numbers = list(range(program.values))
        defined = 1
        for i, ins in enumerate(program.instructions):
            f = binary.resolved(ins, numbers, f"{program.entry} instruction {i}")
            shown = []
            for spec in ins.opcode.fields:
                if spec.kind == VALUE:
                    if spec.name != "bias" or "bias" in ins.flags:
                        shown.append(f"{spec.name}=%{f[spec.name]}")
                elif spec.parts:
                    shown += [f"{part}={_show(v[0] if len(v) == 1 else v)}" for part, v in zip(spec.parts, f[spec.name])]
                else:
                    shown.append(f"{spec.name}={_show(f[spec.name])}")
            shown += sorted(ins.flags - {"bias"})
            result = ""
            if ins.opcode.has_result:
                offset = program.buffers[defined] if program.buffers else -1
                result = f"%{defined}" + (f"@{offset}" if offset >= 0 else "") + " = "
                defined += 1
            lines.append(f"{i:5d}  {ins.opcode.queue}  {ins.opcode.mnemonic:<12} {result}{' '.join(shown)}"
                         f"  wait={mask_names(ins.wait)} signal={mask_names(ins.signal)}")
    return "\n".join(lines) + "\n"

