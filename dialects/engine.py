"""The `engine` dialect: a program for the reconfigurable engine of docs/engine.md.

`engine.program` holds one entry point (prefill or decode) as a single block of instructions
in SSA form. Every instruction belongs to one of the engine's three queues (LD loads from HBM,
EX computes, ST stores to HBM); SSA use-def edges are the data dependencies, which the
scheduling pass turns into `wait` / `signal` tokens between the queues on every instruction
(docs/engine.md §5). Token counts and cache positions
are run-time registers, so nothing here depends on the prompt or context length: value types
carry feature widths only.

The engine configuration (`#engine.config`) sits on the module, shared by both programs, and
every verifier that depends on it (tile shapes, KV slots, channels) reads it from there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from typing import ClassVar

from xdsl.dialects.builtin import (
    AnyAttr,
    BytesAttr,
    DenseArrayBase,
    Float32Type,
    FloatAttr,
    I64,
    IntAttr,
    IntegerAttr,
    StringAttr,
    f32,
    i64,
)
from xdsl.ir import Attribute, Block, Dialect, Operation, ParametrizedAttribute, Region, SSAValue, TypeAttribute
from xdsl.irdl import (
    IRDLOperation,
    irdl_attr_definition,
    irdl_op_definition,
    operand_def,
    opt_operand_def,
    opt_prop_def,
    prop_def,
    region_def,
    result_def,
    traits_def,
)
from xdsl.parser import AttrParser

from accllm.dialects.accllm import Activation, ActivationAttr
from xdsl.printer import Printer
from xdsl.traits import IsTerminator, NoTerminator
from xdsl.utils.exceptions import VerifyException

# --------------------------------------------------------------------------------------
# The engine configuration
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EngineConfig:
    """The engine's parameters (docs/engine.md, §2-§4). Integers only, so the attribute
    round-trips exactly; `board` names an entry of `accllm.boards`."""

    board: str = "u280"
    clock_mhz: int = 225
    # Linear array: `lanes` output rows in parallel, each consuming `kept_per_lane` kept
    # weights per cycle (one DSP each).
    lanes: int = 256
    kept_per_lane: int = 16
    # Attention unit float32 multiply-add lanes; SFU float32 lanes.
    att_lanes: int = 32
    sfu_lanes: int = 16
    # Prefill: tokens a weight tile is reused over (two per DSP per cycle).
    mm_token_block: int = 64
    # HBM pseudo-channels: weights stream from the first `weight_channels`, the KV cache
    # lives on the last `kv_channels` (they may overlap: one load stream shares them), and
    # constant vectors, the program and the logits on `misc_channel`.
    weight_channels: int = 32
    kv_channels: int = 32
    misc_channel: int = 31
    # Width of each HBM AXI port: 512 bits at 225 MHz carries a pseudo-channel's full rate.
    port_bits: int = 512
    # Depth of the weight FIFOs between LD and EX (all channels together), KiB.
    weight_fifo_kib: int = 4096
    # Largest token count of one call (activation buffer rows; a longer prompt is prefilled
    # in several calls) and KV ring slots per layer (sinks + window + one call).
    max_tokens: int = 64
    kv_slots: int = 1088

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "board":
                if not isinstance(value, str) or not value:
                    raise ValueError("engine board must be a non-empty name")
            elif not isinstance(value, int) or isinstance(value, bool) or value < (0 if f.name == "misc_channel" else 1):
                raise ValueError(f"engine {f.name} must be a positive integer, got {value!r}")

    @property
    def macs_per_cycle(self) -> int:
        return self.lanes * self.kept_per_lane

    def with_(self, **changes) -> EngineConfig:
        return EngineConfig(**{**asdict(self), **changes})


ENGINE_FIELDS = tuple(f.name for f in fields(EngineConfig))


@irdl_attr_definition
class EngineConfigAttr(ParametrizedAttribute):
    """`#engine.config<board = u280, clock_mhz = 225, lanes = 256, ...>`: every field of
    EngineConfig, in its order."""

    name = "engine.config"

    board: StringAttr
    values: DenseArrayBase

    def __init__(self, config: EngineConfig):
        ints = [getattr(config, name) for name in ENGINE_FIELDS[1:]]
        super().__init__(StringAttr(config.board), DenseArrayBase.from_list(i64, ints))

    @property
    def config(self) -> EngineConfig:
        values = self.values.get_values()
        return EngineConfig(self.board.data, *(int(v) for v in values))

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        with parser.in_angle_brackets():
            parser.parse_keyword("board")
            parser.parse_punctuation("=")
            board = parser.parse_identifier()
            ints = []
            for name in ENGINE_FIELDS[1:]:
                parser.parse_punctuation(",")
                parser.parse_keyword(name)
                parser.parse_punctuation("=")
                ints.append(parser.parse_integer(allow_boolean=False, allow_negative=False))
        return (StringAttr(board), DenseArrayBase.from_list(i64, ints))

    def print_parameters(self, printer: Printer) -> None:
        items = [f"board = {self.board.data}"] + [
            f"{name} = {int(v)}" for name, v in zip(ENGINE_FIELDS[1:], self.values.get_values())
        ]
        printer.print_string("<" + ", ".join(items) + ">")

    def verify(self) -> None:
        if len(self.values.get_values()) != len(ENGINE_FIELDS) - 1:
            raise VerifyException(f"engine config needs {len(ENGINE_FIELDS) - 1} integer fields")
        try:
            self.config
        except ValueError as err:
            raise VerifyException(str(err)) from None


# --------------------------------------------------------------------------------------
# Weight formats
# --------------------------------------------------------------------------------------


@irdl_attr_definition
class WeightFormatAttr(ParametrizedAttribute):
    """How a matrix is stored in HBM: `bits`-bit codes in groups of `group` inputs
    (asymmetric) with `n`:`m` sparsity (n = m: dense) and index encoding `pair2` / `code3`
    (frontend/weight_packing.py); `bits = 8, group = in` is a symmetric int8 row with one
    float32 scale (the lm_head), `bits = 16` float16 rows."""

    name = "engine.wformat"

    bits: IntAttr
    group: IntAttr
    n: IntAttr
    m: IntAttr
    encoding: StringAttr

    def __init__(self, bits: int, group: int, nm: tuple[int, int] | None, encoding: str = "pair2"):
        n, m = nm or (1, 1)
        super().__init__(IntAttr(bits), IntAttr(group), IntAttr(n), IntAttr(m), StringAttr(encoding))

    @property
    def nm(self) -> tuple[int, int] | None:
        return None if self.n.data == self.m.data else (self.n.data, self.m.data)

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        with parser.in_angle_brackets():
            values = []
            for key in ("bits", "group"):
                if values:
                    parser.parse_punctuation(",")
                parser.parse_keyword(key)
                parser.parse_punctuation("=")
                values.append(parser.parse_integer(allow_boolean=False))
            parser.parse_punctuation(",")
            if parser.parse_optional_keyword("dense") is not None:
                n = m = 1
                encoding = "pair2"
            else:
                parser.parse_keyword("sparse")
                n = parser.parse_integer(allow_boolean=False)
                parser.parse_punctuation(":")
                m = parser.parse_integer(allow_boolean=False)
                parser.parse_punctuation(",")
                encoding = parser.parse_identifier()
        return (IntAttr(values[0]), IntAttr(values[1]), IntAttr(n), IntAttr(m), StringAttr(encoding))

    def print_parameters(self, printer: Printer) -> None:
        sparsity = "dense" if self.nm is None else f"sparse {self.n.data}:{self.m.data}, {self.encoding.data}"
        printer.print_string(f"<bits = {self.bits.data}, group = {self.group.data}, {sparsity}>")

    def verify(self) -> None:
        if not (1 <= self.bits.data <= 8 or self.bits.data == 16):
            raise VerifyException(f"weight bits must be in [1, 8] (integer codes) or 16 (float16), got {self.bits.data}")
        if self.group.data < 1:
            raise VerifyException(f"weight group must be positive, got {self.group.data}")
        if not 0 < self.n.data <= self.m.data:
            raise VerifyException(f"sparsity needs 0 < N <= M, got {self.n.data}:{self.m.data}")
        if self.encoding.data not in ("pair2", "code3"):
            raise VerifyException(f"index encoding must be pair2 or code3, got {self.encoding.data}")
        if self.encoding.data == "code3" and self.nm not in (None, (2, 4)):
            raise VerifyException("index encoding code3 is defined for 2:4 sparsity only")


# --------------------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------------------


class _WidthType(ParametrizedAttribute, TypeAttribute):
    """A value of `width` features per token, for the run-time number of tokens."""

    width: IntAttr

    def __init__(self, width: int):
        super().__init__(IntAttr(width))

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        with parser.in_angle_brackets():
            return (IntAttr(parser.parse_integer(allow_boolean=False, allow_negative=False)),)

    def print_parameters(self, printer: Printer) -> None:
        printer.print_string(f"<{self.width.data}>")

    def verify(self) -> None:
        if self.width.data < 1:
            raise VerifyException(f"{self.name} width must be positive")


@irdl_attr_definition
class ActType(_WidthType):
    """float32 activations in the activation buffer."""

    name = "engine.act"


@irdl_attr_definition
class QActType(_WidthType):
    """Per-token int8 activation codes and their float32 scales."""

    name = "engine.qact"


@irdl_attr_definition
class VectorType(_WidthType):
    """A model constant vector (a norm weight, a bias) held on chip, float32."""

    name = "engine.vector"


@irdl_attr_definition
class TokensType(ParametrizedAttribute, TypeAttribute):
    """The token ids of one call (run-time count)."""

    name = "engine.tokens"


class _PairType(ParametrizedAttribute, TypeAttribute):
    """A type with two positive sizes, written `<AxB>`."""

    first: IntAttr
    second: IntAttr

    def __init__(self, first: int, second: int):
        super().__init__(IntAttr(first), IntAttr(second))

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        with parser.in_angle_brackets():
            first = parser.parse_integer(allow_boolean=False, allow_negative=False)
            parser.parse_shape_delimiter()
            second = parser.parse_integer(allow_boolean=False, allow_negative=False)
        return (IntAttr(first), IntAttr(second))

    def print_parameters(self, printer: Printer) -> None:
        printer.print_string(f"<{self.first.data}x{self.second.data}>")


@irdl_attr_definition
class WeightsType(_PairType):
    """A weight matrix [out, in] streaming from HBM into the weight FIFOs."""

    name = "engine.weights"

    @property
    def out_features(self) -> IntAttr:
        return self.first

    @property
    def in_features(self) -> IntAttr:
        return self.second

    def verify(self) -> None:
        if self.first.data < 1 or self.second.data < 1:
            raise VerifyException("engine.weights dimensions must be positive")


@irdl_attr_definition
class KVType(_PairType):
    """The visible part of one layer's KV cache (KV heads x head dimension), read into the
    KV buffer."""

    name = "engine.kv"

    @property
    def kv_heads(self) -> IntAttr:
        return self.first

    @property
    def head_dim(self) -> IntAttr:
        return self.second

    def verify(self) -> None:
        if self.first.data < 1 or self.second.data < 2 or self.second.data % 2:
            raise VerifyException("engine.kv needs at least one KV head and an even head dimension")


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------

QUEUES = ("LD", "EX", "ST")


def int_array(values: Sequence[int]) -> DenseArrayBase:
    """`array<i64: ...>` without xDSL's per-element normalization (slow for whole programs)."""
    return DenseArrayBase(i64, BytesAttr(i64.pack(tuple(int(v) for v in values))))


def width(value: SSAValue) -> int:
    return value.type.width.data


def _check_width(value: SSAValue, expected: int, what: str) -> None:
    if width(value) != expected:
        raise VerifyException(f"{what} has width {width(value)}, expected {expected}")


def _int(attr: IntegerAttr) -> int:
    return attr.value.data


def module_config(op: Operation) -> EngineConfig | None:
    """The `engine.config` of the module around `op`, if any."""
    parent = op.parent_op()
    while parent is not None:
        attr = parent.attributes.get("engine.config")
        if isinstance(attr, EngineConfigAttr):
            return attr.config
        parent = parent.parent_op()
    return None


def _channels(prop: Attribute, what: str = "channel list") -> list[int]:
    """The integers of an `array<i64: ...>` property (checked here: constraining the
    property's type would make the assembly format print it without its `array` keyword)."""
    if not isinstance(prop, DenseArrayBase) or prop.elt_type != i64:
        raise VerifyException(f"{what} must be an array<i64: ...>")
    return [int(c) for c in prop.get_values()]


def _floats(prop: Attribute, what: str) -> list[float]:
    if not isinstance(prop, DenseArrayBase) or not isinstance(prop.elt_type, Float32Type):
        raise VerifyException(f"{what} must be an array<f32: ...>")
    return [float(v) for v in prop.get_values()]


def _check_channels(op: Operation, channels: list[int], offsets: list[int], what: str) -> None:
    if not channels:
        raise VerifyException(f"{what} must name at least one HBM channel")
    if len(offsets) != len(channels):
        raise VerifyException(f"{what} needs one offset per channel ({len(channels)}), got {len(offsets)}")
    if len(set(channels)) != len(channels):
        raise VerifyException(f"{what} names an HBM channel twice")
    if any(o < 0 or o % 64 for o in offsets):
        raise VerifyException(f"{what} offsets must be non-negative multiples of the 64-byte beat")
    from accllm.boards import board_or_none

    config = module_config(op)
    board = board_or_none(config.board) if config else None
    limit = board.hbm_channels if board else None
    if limit is not None and any(not 0 <= c < limit for c in channels):
        raise VerifyException(f"{what} names HBM channel {max(channels)}, but {config.board} has {limit}")


# --------------------------------------------------------------------------------------
# Program structure
# --------------------------------------------------------------------------------------


@irdl_op_definition
class ProgramOp(IRDLOperation):
    """One entry point of the engine: `prefill` (MM mode, any number of tokens up to the
    configuration's `max_tokens`) or `decode` (MV mode, one token)."""

    name = "engine.program"

    sym_name = prop_def(StringAttr)
    body = region_def("single_block")

    assembly_format = "$sym_name attr-dict-with-keyword $body"
    traits = traits_def(NoTerminator())

    def __init__(self, entry: str, body: Region):
        super().__init__(properties={"sym_name": StringAttr(entry)}, regions=[body])

    @staticmethod
    def create_empty(entry: str) -> ProgramOp:
        return ProgramOp(entry, Region(Block(arg_types=[TokensType()])))

    @property
    def entry(self) -> str:
        return self.sym_name.data

    def verify_(self) -> None:
        if self.entry not in ("prefill", "decode"):
            raise VerifyException(f"engine.program entry must be prefill or decode, got {self.entry}")
        block = self.body.block
        if len(block.args) != 1 or not isinstance(block.args[0].type, TokensType):
            raise VerifyException("engine.program block takes exactly one !engine.tokens argument")
        if not block.ops or not isinstance(block.last_op, EndOp):
            raise VerifyException("engine.program must end with engine.end")
        mode = "mm" if self.entry == "prefill" else "mv"
        for op in block.ops:
            if isinstance(op, LinearOp) and op.mode.data != mode:
                raise VerifyException(
                    f"engine.linear in the {self.entry} program must use mode {mode}, got {op.mode.data}"
                )


@irdl_op_definition
class EndOp(IRDLOperation):
    """The end of a program: every queue drains."""

    name = "engine.end"
    QUEUE: ClassVar[str] = "EX"

    assembly_format = "attr-dict"
    traits = traits_def(IsTerminator())


# --------------------------------------------------------------------------------------
# LD queue
# --------------------------------------------------------------------------------------


@irdl_op_definition
class EmbedOp(IRDLOperation):
    """Read one float16 embedding row per token. Rows are spread over `channels` like a
    weight matrix's (row r on channel r mod len(channels)): a 7B vocabulary table is larger
    than one pseudo-channel."""

    name = "engine.embed"
    QUEUE: ClassVar[str] = "LD"

    tokens = operand_def(TokensType)
    table = prop_def(StringAttr)
    rows = prop_def(IntegerAttr[I64])
    channels = prop_def(AnyAttr())
    offsets = prop_def(AnyAttr())
    result = result_def(ActType)

    assembly_format = (
        "$tokens $table `rows` $rows `channels` $channels `offsets` $offsets attr-dict `:` type($result)"
    )

    def __init__(self, tokens: SSAValue, table: str, rows: int, hidden: int, channels: Sequence[int],
                 offsets: Sequence[int]):
        super().__init__(operands=[tokens], properties={
            "table": StringAttr(table), "rows": IntegerAttr(rows, i64),
            "channels": int_array(channels),
            "offsets": int_array(offsets)}, result_types=[ActType(hidden)])

    def verify_(self) -> None:
        _check_channels(self, _channels(self.channels), _channels(self.offsets), "engine.embed")


@irdl_op_definition
class LoadVectorOp(IRDLOperation):
    """Read a constant float vector (norm weight, bias) from the misc channel."""

    name = "engine.load_vector"
    QUEUE: ClassVar[str] = "LD"

    param = prop_def(StringAttr, prop_name="name")
    offset = prop_def(IntegerAttr[I64])
    result = result_def(VectorType)

    assembly_format = "$name `at` $offset attr-dict `:` type($result)"

    def __init__(self, name: str, size: int, offset: int = 0):
        super().__init__(properties={"name": StringAttr(name), "offset": IntegerAttr(offset, i64)},
                         result_types=[VectorType(size)])

    def verify_(self) -> None:
        if _int(self.offset) < 0 or _int(self.offset) % 64:
            raise VerifyException("engine.load_vector offset must be a non-negative multiple of 64")


@irdl_op_definition
class LoadWeightsOp(IRDLOperation):
    """Stream one packed weight matrix from its HBM channels into the weight FIFOs, lane
    tile by lane tile (docs/engine.md §4). `channels[i]` holds rows r with
    `r mod lanes mod len(channels) == i` of every tile, from byte `offsets[i]`, in
    `bytes_per_channel[i]` bytes."""

    name = "engine.load_weights"
    QUEUE: ClassVar[str] = "LD"

    param = prop_def(StringAttr, prop_name="name")
    format = prop_def(WeightFormatAttr)
    channels = prop_def(AnyAttr())
    offsets = prop_def(AnyAttr())
    bytes_per_channel = prop_def(AnyAttr())
    result = result_def(WeightsType)

    assembly_format = (
        "$name `format` $format `channels` $channels `offsets` $offsets `bytes` $bytes_per_channel"
        " attr-dict `:` type($result)"
    )

    def __init__(self, name: str, out_features: int, in_features: int, fmt: WeightFormatAttr,
                 channels: Sequence[int], offsets: Sequence[int], bytes_per_channel: Sequence[int]):
        super().__init__(
            properties={
                "name": StringAttr(name), "format": fmt,
                "channels": int_array(channels),
                "offsets": int_array(offsets),
                "bytes_per_channel": int_array(bytes_per_channel),
            },
            result_types=[WeightsType(out_features, in_features)],
        )

    @property
    def shape(self) -> tuple[int, int]:
        t = self.result.type
        return t.out_features.data, t.in_features.data

    def verify_(self) -> None:
        out_f, in_f = self.shape
        fmt = self.format
        if in_f % fmt.group.data:
            raise VerifyException(f"in_features {in_f} is not a multiple of the quantization group {fmt.group.data}")
        if fmt.nm is not None and in_f % fmt.m.data:
            raise VerifyException(f"in_features {in_f} is not a multiple of the {fmt.n.data}:{fmt.m.data} slice")
        channels, offsets = _channels(self.channels), _channels(self.offsets)
        _check_channels(self, channels, offsets, "engine.load_weights")
        sizes = _channels(self.bytes_per_channel, "bytes per channel")
        if len(sizes) != len(channels) or any(b <= 0 for b in sizes):
            raise VerifyException("engine.load_weights needs a positive byte count per channel")


@irdl_op_definition
class KVLoadOp(IRDLOperation):
    """Read the cached keys and values the call's tokens see (the sink and window slots the
    previous calls wrote, run-time positions) of one layer from the KV channels. The call's
    own keys and values reach the attention unit on chip, so this read depends on nothing
    written in the same call and is issued early."""

    name = "engine.kv_load"
    QUEUE: ClassVar[str] = "LD"

    layer = prop_def(IntegerAttr[I64])
    channels = prop_def(AnyAttr())
    offsets = prop_def(AnyAttr())
    result = result_def(KVType)

    assembly_format = "`layer` $layer `channels` $channels `offsets` $offsets attr-dict `:` type($result)"

    def __init__(self, layer: int, kv_heads: int, head_dim: int, channels: Sequence[int], offsets: Sequence[int]):
        super().__init__(
            properties={"layer": IntegerAttr(layer, i64),
                        "channels": int_array(channels),
                        "offsets": int_array(offsets)},
            result_types=[KVType(kv_heads, head_dim)],
        )

    def verify_(self) -> None:
        _check_channels(self, _channels(self.channels), _channels(self.offsets), "engine.kv_load")


# --------------------------------------------------------------------------------------
# EX queue
# --------------------------------------------------------------------------------------


@irdl_op_definition
class RMSNormOp(IRDLOperation):
    """SFU: `x * rsqrt_f32(tree_sum(x*x) / n + eps) * w` per token, or per each of its
    `groups` equal parts (heads) with the one weight `w` of a part."""

    name = "engine.rmsnorm"
    QUEUE: ClassVar[str] = "EX"

    input = operand_def(ActType)
    weight = operand_def(VectorType)
    epsilon = prop_def(FloatAttr[Float32Type])
    groups = opt_prop_def(IntegerAttr[I64])
    result = result_def(ActType)

    assembly_format = (
        "$input `,` $weight `eps` $epsilon (`groups` $groups^)? attr-dict `:` type($input) `,` type($weight)"
        " `->` type($result)"
    )

    def __init__(self, x: SSAValue, weight: SSAValue, epsilon: float, groups: int = 1):
        super().__init__(operands=[x, weight], result_types=[x.type], properties={
            "epsilon": FloatAttr(epsilon, f32), "groups": None if groups == 1 else IntegerAttr(groups, i64)})

    @property
    def group_count(self) -> int:
        return 1 if self.groups is None else _int(self.groups)

    def verify_(self) -> None:
        groups = self.group_count
        if groups < 1 or width(self.input) % groups:
            raise VerifyException(f"rmsnorm groups ({groups}) must be positive and divide the width {width(self.input)}")
        _check_width(self.weight, width(self.input) // groups, "rmsnorm weight")
        _check_width(self.result, width(self.input), "rmsnorm result")


@irdl_op_definition
class QuantizeOp(IRDLOperation):
    """SFU: per-token symmetric quantization to `bits` (A8): `s = max|x| / qmax`."""

    name = "engine.quantize"
    QUEUE: ClassVar[str] = "EX"

    input = operand_def(ActType)
    bits = prop_def(IntegerAttr[I64])
    result = result_def(QActType)

    assembly_format = "$input `bits` $bits attr-dict `:` type($input) `->` type($result)"

    def __init__(self, x: SSAValue, bits: int):
        super().__init__(operands=[x], properties={"bits": IntegerAttr(bits, i64)}, result_types=[QActType(width(x))])

    def verify_(self) -> None:
        if _int(self.bits) != 8:
            raise VerifyException(f"the engine quantizes activations to 8 bits, got {_int(self.bits)}")
        _check_width(self.result, width(self.input), "quantize result")


@irdl_op_definition
class LinearOp(IRDLOperation):
    """The linear array: `y = x @ W^T (+ bias)` on A8 codes and packed weights, per lane tile
    of `lanes` rows; `mode` mv (one token, one product per DSP) or mm (two tokens per DSP,
    weight tiles reused over `mm_token_block` tokens)."""

    name = "engine.linear"
    QUEUE: ClassVar[str] = "EX"

    input = operand_def(QActType)
    weights = operand_def(WeightsType)
    bias = opt_operand_def(VectorType)
    mode = prop_def(StringAttr)
    result = result_def(ActType)

    assembly_format = "$input `,` $weights (`bias` $bias^)? `mode` $mode attr-dict `:` type(operands) `->` type($result)"

    def __init__(self, x: SSAValue, weights: SSAValue, mode: str, bias: SSAValue | None = None):
        out_f = weights.type.out_features.data
        super().__init__(operands=[x, weights, bias], properties={"mode": StringAttr(mode)},
                         result_types=[ActType(out_f)])

    def verify_(self) -> None:
        w = self.weights.type
        if self.mode.data not in ("mv", "mm"):
            raise VerifyException(f"engine.linear mode must be mv or mm, got {self.mode.data}")
        _check_width(self.input, w.in_features.data, "engine.linear input")
        _check_width(self.result, w.out_features.data, "engine.linear result")
        if self.bias is not None:
            _check_width(self.bias, w.out_features.data, "engine.linear bias")
        load = self.weights.owner
        config = module_config(self)
        if isinstance(load, LoadWeightsOp) and config is not None:
            fmt = load.format
            kept = w.in_features.data * (fmt.n.data / fmt.m.data)
            group_kept = fmt.group.data * fmt.n.data // fmt.m.data
            if fmt.group.data < w.in_features.data and group_kept % config.kept_per_lane and config.kept_per_lane % group_kept:
                raise VerifyException(
                    f"quantization group of {group_kept} kept weights does not align with "
                    f"{config.kept_per_lane} kept weights per lane per cycle"
                )
            if kept < 1:
                raise VerifyException("engine.linear has no kept weights")


@irdl_op_definition
class RopeOp(IRDLOperation):
    """SFU: rotary embedding of every head at the tokens' run-time positions."""

    name = "engine.rope"
    QUEUE: ClassVar[str] = "EX"

    input = operand_def(ActType)
    heads = prop_def(IntegerAttr[I64])
    inv_freq = prop_def(AnyAttr())
    scaling = prop_def(FloatAttr[Float32Type])
    result = result_def(ActType)

    assembly_format = "$input `heads` $heads `inv_freq` $inv_freq `scaling` $scaling attr-dict `:` type($input) `->` type($result)"

    def __init__(self, x: SSAValue, heads: int, inv_freq: Sequence[float], scaling: float):
        super().__init__(operands=[x], properties={
            "heads": IntegerAttr(heads, i64), "inv_freq": DenseArrayBase.from_list(f32, list(inv_freq)),
            "scaling": FloatAttr(scaling, f32)}, result_types=[x.type])

    def verify_(self) -> None:
        heads, half = _int(self.heads), len(_floats(self.inv_freq, "inv_freq"))
        if heads < 1 or width(self.input) != heads * 2 * half:
            raise VerifyException(f"engine.rope width {width(self.input)} != heads ({heads}) x head_dim ({2 * half})")


@irdl_op_definition
class AttentionOp(IRDLOperation):
    """The attention unit: each query head against the keys it sees (Λ: `sinks` first plus the
    last `window`; window 0 = dense causal), KV4 x A8 scores, float32 softmax and `p * v`.
    Cached keys come from `kv`, the call's own (rotated) keys and values from `keys` and
    `values`, quantized to the cache format on the way in. The query arrives before RoPE: the
    unit rotates it per key as the position policy says."""

    name = "engine.attention"
    QUEUE: ClassVar[str] = "EX"

    query = operand_def(ActType)
    keys = operand_def(ActType)
    values = operand_def(ActType)
    kv = operand_def(KVType)
    heads = prop_def(IntegerAttr[I64])
    scale = prop_def(FloatAttr[Float32Type])
    sinks = prop_def(IntegerAttr[I64])
    window = prop_def(IntegerAttr[I64])
    rope_positions = prop_def(StringAttr)
    inv_freq = prop_def(AnyAttr())
    softcap = opt_prop_def(FloatAttr[Float32Type])  # scores -> softcap * tanh(scores / softcap)
    result = result_def(ActType)

    assembly_format = (
        "$query `,` $keys `,` $values `,` $kv `heads` $heads `scale` $scale (`softcap` $softcap^)? `sinks` $sinks"
        " `window` $window `positions` $rope_positions `inv_freq` $inv_freq attr-dict `:` type($query) `,`"
        " type($keys) `,` type($values) `,` type($kv) `->` type($result)"
    )

    def __init__(self, q: SSAValue, keys: SSAValue, values: SSAValue, kv: SSAValue, heads: int, scale: float, sinks: int, window: int,
                 rope_positions: str, inv_freq: Sequence[float], softcap: float | None = None):
        super().__init__(operands=[q, keys, values, kv], properties={
            "heads": IntegerAttr(heads, i64), "scale": FloatAttr(scale, f32),
            "sinks": IntegerAttr(sinks, i64), "window": IntegerAttr(window, i64),
            "rope_positions": StringAttr(rope_positions),
            "inv_freq": DenseArrayBase.from_list(f32, list(inv_freq)),
            "softcap": None if softcap is None else FloatAttr(softcap, f32)}, result_types=[q.type])

    def verify_(self) -> None:
        kv = self.kv.type
        heads, kv_heads, dim = _int(self.heads), kv.kv_heads.data, kv.head_dim.data
        if heads < 1 or heads % kv_heads:
            raise VerifyException(f"heads ({heads}) must be a positive multiple of kv heads ({kv_heads})")
        _check_width(self.query, heads * dim, "engine.attention query")
        _check_width(self.keys, kv_heads * dim, "engine.attention keys")
        _check_width(self.values, kv_heads * dim, "engine.attention values")
        if _int(self.sinks) < 0 or _int(self.window) < 0:
            raise VerifyException("sinks and window must be non-negative")
        if len(_floats(self.inv_freq, "inv_freq")) not in (0, dim // 2):
            raise VerifyException(
                f"inv_freq has {len(self.inv_freq.get_values())} entries, head_dim {dim} needs {dim // 2} (or 0: no RoPE)"
            )
        if self.rope_positions.data not in ("original", "cache"):
            raise VerifyException(f"rope positions must be original or cache, got {self.rope_positions.data}")
        config = module_config(self)
        if config is not None and _int(self.window):
            needed = _int(self.sinks) + _int(self.window) + config.mm_token_block
            if needed > config.kv_slots:
                raise VerifyException(
                    f"Λ window needs {needed} KV slots (sinks + window + one prefill block), "
                    f"the engine has {config.kv_slots}"
                )


@irdl_op_definition
class GatedMulOp(IRDLOperation):
    """SFU: `act(gate) * up` with act `silu_f32`, `gelu_tanh_f32` or `gelu_erf_f32`."""

    name = "engine.gated_mul"
    QUEUE: ClassVar[str] = "EX"

    gate = operand_def(ActType)
    up = operand_def(ActType)
    activation = prop_def(ActivationAttr)
    result = result_def(ActType)

    assembly_format = (
        "$activation $gate `,` $up attr-dict `:` type($gate) `,` type($up) `->` type($result)"
    )

    def __init__(self, gate: SSAValue, up: SSAValue, activation: Activation = Activation.SILU):
        super().__init__(
            operands=[gate, up], properties={"activation": ActivationAttr(activation)}, result_types=[gate.type]
        )

    def verify_(self) -> None:
        _check_width(self.up, width(self.gate), "gated_mul up")


@irdl_op_definition
class SoftcapOp(IRDLOperation):
    """SFU: logit soft-capping `softcap_f32(x, cap)` of the lm_head's logits, in the logits
    buffer (Gemma 2's final logits)."""

    name = "engine.softcap"
    QUEUE: ClassVar[str] = "EX"

    input = operand_def(ActType)
    cap = prop_def(FloatAttr[Float32Type])
    result = result_def(ActType)

    assembly_format = "$input `cap` $cap attr-dict `:` type($input) `->` type($result)"

    def __init__(self, x: SSAValue, cap: float):
        super().__init__(operands=[x], properties={"cap": FloatAttr(cap, f32)}, result_types=[x.type])

    def verify_(self) -> None:
        _check_width(self.result, width(self.input), "softcap result")
        if not isinstance(self.input.owner, LMHeadOp):
            raise VerifyException("softcap caps the lm_head's logits: its input must come from engine.lm_head")
        if not self.cap.value.data > 0:
            raise VerifyException(f"softcap cap must be positive, got {self.cap.value.data}")


@irdl_op_definition
class AddOp(IRDLOperation):
    """SFU: the residual add."""

    name = "engine.add"
    QUEUE: ClassVar[str] = "EX"

    lhs = operand_def(ActType)
    rhs = operand_def(ActType)
    result = result_def(ActType)

    assembly_format = "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)"

    def __init__(self, lhs: SSAValue, rhs: SSAValue):
        super().__init__(operands=[lhs, rhs], result_types=[lhs.type])

    def verify_(self) -> None:
        _check_width(self.rhs, width(self.lhs), "add rhs")


@irdl_op_definition
class LMHeadOp(IRDLOperation):
    """The linear array on the lm_head (int8 rows or 2-bit groups) for the last token of the
    call: the logits the host reads."""

    name = "engine.lm_head"
    QUEUE: ClassVar[str] = "EX"

    input = operand_def(QActType)
    weights = operand_def(WeightsType)
    result = result_def(ActType)

    assembly_format = "$input `,` $weights attr-dict `:` type($input) `,` type($weights) `->` type($result)"

    def __init__(self, x: SSAValue, weights: SSAValue):
        super().__init__(operands=[x, weights], result_types=[ActType(weights.type.out_features.data)])

    def verify_(self) -> None:
        _check_width(self.input, self.weights.type.in_features.data, "engine.lm_head input")


# --------------------------------------------------------------------------------------
# ST queue
# --------------------------------------------------------------------------------------


@irdl_op_definition
class KVAppendOp(IRDLOperation):
    """Quantize the call's keys (after RoPE) and values to KV4 and write them into the layer's
    ring (sinks stay, the window overwrites its oldest slots). `after` is the layer's
    attention result: the write must not overtake the reads of the slots it overwrites."""

    name = "engine.kv_append"
    QUEUE: ClassVar[str] = "ST"

    keys = operand_def(ActType)
    values = operand_def(ActType)
    after = operand_def(ActType)
    layer = prop_def(IntegerAttr[I64])
    bits = prop_def(IntegerAttr[I64])
    channels = prop_def(AnyAttr())
    offsets = prop_def(AnyAttr())

    assembly_format = (
        "$keys `,` $values `after` $after `layer` $layer `bits` $bits `channels` $channels `offsets` $offsets"
        " attr-dict `:` type($keys) `,` type($values) `,` type($after)"
    )

    def __init__(self, keys: SSAValue, values: SSAValue, after: SSAValue, layer: int, bits: int,
                 channels: Sequence[int], offsets: Sequence[int]):
        super().__init__(operands=[keys, values, after], properties={
            "layer": IntegerAttr(layer, i64), "bits": IntegerAttr(bits, i64),
            "channels": int_array(channels),
            "offsets": int_array(offsets)})

    def verify_(self) -> None:
        _check_width(self.values, width(self.keys), "kv_append values")
        if _int(self.bits) not in (4, 8):
            raise VerifyException(f"the engine stores the KV cache in 4 or 8 bits, got {_int(self.bits)}")
        _check_channels(self, _channels(self.channels), _channels(self.offsets), "engine.kv_append")


@irdl_op_definition
class StoreLogitsOp(IRDLOperation):
    """Write the logits of the call's last token to the misc channel for the host."""

    name = "engine.store_logits"
    QUEUE: ClassVar[str] = "ST"

    logits = operand_def(ActType)
    offset = prop_def(IntegerAttr[I64])

    assembly_format = "$logits `at` $offset attr-dict `:` type($logits)"

    def __init__(self, logits: SSAValue, offset: int = 0):
        super().__init__(operands=[logits], properties={"offset": IntegerAttr(offset, i64)})


ENGINE = Dialect(
    "engine",
    [
        ProgramOp, EndOp, EmbedOp, LoadVectorOp, LoadWeightsOp, KVLoadOp, RMSNormOp, QuantizeOp,
        LinearOp, RopeOp, AttentionOp, GatedMulOp, SoftcapOp, AddOp, LMHeadOp, KVAppendOp, StoreLogitsOp,
    ],
    [EngineConfigAttr, WeightFormatAttr, ActType, QActType, VectorType, TokensType, WeightsType, KVType],
)
