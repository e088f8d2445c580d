"""The `accllm` dialect: a LLaMA-family decoder at model level.

Activations are flat `[batch, seq, features]` tensors: heads are an attribute of the ops that
need them (rope, attention), not a layout, so the whole decoder is a chain of matrix-shaped
operations that maps directly onto the engine's matrix-matrix / matrix-vector units.
Weights are `accllm.weight` values that name a checkpoint tensor; their data never lives in
the IR. Compression choices (N:M sparsity, weight/activation/KV quantization, the Λ mask) are
attributes, so one IR describes the FP model and every compressed variant of it.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects.builtin import (
    AnyAttr,
    DYNAMIC_INDEX,
    DenseArrayBase,
    Float32Type,
    Float64Type,
    FloatAttr,
    IntAttr,
    IntegerAttr,
    I64,
    IntegerType,
    StringAttr,
    TensorType,
    f32,
    f64,
    i64,
)
from xdsl.dialects.utils import EnumAttribute
from xdsl.ir import Attribute, Dialect, ParametrizedAttribute, SpacedOpaqueSyntaxAttribute, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    irdl_attr_definition,
    irdl_op_definition,
    operand_def,
    opt_operand_def,
    opt_prop_def,
    prop_def,
    result_def,
    traits_def,
)
from xdsl.parser import AttrParser
from xdsl.printer import Printer
from xdsl.traits import Pure
from xdsl.utils.exceptions import VerifyException
from xdsl.utils.str_enum import StrEnum

from accllm.dialects.torch import ValueTensorType

# --------------------------------------------------------------------------------------
# Attributes
# --------------------------------------------------------------------------------------


def _parse_int_field(parser: AttrParser, key: str) -> int:
    parser.parse_keyword(key)
    parser.parse_punctuation("=")
    return parser.parse_integer(allow_boolean=False, allow_negative=True)


def _parse_keyword_choice(parser: AttrParser, choices: Sequence[str]) -> str:
    for choice in choices:
        if parser.parse_optional_keyword(choice) is not None:
            return choice
    parser.raise_error(f"expected one of: {', '.join(choices)}")


@irdl_attr_definition
class WeightQuantAttr(ParametrizedAttribute):
    """Group-wise weight quantization: `bits`-bit integers, one scale (and zero point when
    asymmetric) per `group` consecutive input positions of each output row."""

    name = "accllm.wq"

    bits: IntAttr
    group: IntAttr
    symmetric: IntAttr

    def __init__(self, bits: int, group: int, symmetric: bool = False):
        super().__init__(IntAttr(bits), IntAttr(group), IntAttr(int(symmetric)))

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        with parser.in_angle_brackets():
            bits = _parse_int_field(parser, "bits")
            parser.parse_punctuation(",")
            group = _parse_int_field(parser, "group")
            parser.parse_punctuation(",")
            sym = _parse_keyword_choice(parser, ("sym", "asym")) == "sym"
        return (IntAttr(bits), IntAttr(group), IntAttr(int(sym)))

    def print_parameters(self, printer: Printer) -> None:
        kind = "sym" if self.symmetric.data else "asym"
        printer.print_string(f"<bits = {self.bits.data}, group = {self.group.data}, {kind}>")

    def verify(self) -> None:
        if not 1 <= self.bits.data <= 8:
            raise VerifyException(f"weight bits must be in [1, 8], got {self.bits.data}")
        if self.group.data < 1:
            raise VerifyException(f"quantization group must be positive, got {self.group.data}")


@irdl_attr_definition
class NMSparsityAttr(ParametrizedAttribute):
    """Semi-structured sparsity: at most `n` non-zeros in every `m` consecutive input
    positions of each output row (2:4 is what the engine's sparse mode consumes)."""

    name = "accllm.nm"

    n: IntAttr
    m: IntAttr

    def __init__(self, n: int, m: int):
        super().__init__(IntAttr(n), IntAttr(m))

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        with parser.in_angle_brackets():
            n = parser.parse_integer(allow_boolean=False)
            parser.parse_punctuation(",")
            m = parser.parse_integer(allow_boolean=False)
        return (IntAttr(n), IntAttr(m))

    def print_parameters(self, printer: Printer) -> None:
        printer.print_string(f"<{self.n.data}, {self.m.data}>")

    def verify(self) -> None:
        n, m = self.n.data, self.m.data
        if not 0 < n < m:
            raise VerifyException(f"N:M sparsity needs 0 < N < M, got {n}:{m}")


@irdl_attr_definition
class CausalMaskAttr(ParametrizedAttribute):
    """Dense causal attention: query i sees every key j <= i."""

    name = "accllm.causal"


@irdl_attr_definition
class LambdaMaskAttr(ParametrizedAttribute):
    """Λ-shaped attention: query i sees key j iff j < sinks or i - window < j <= i."""

    name = "accllm.lambda"

    sinks: IntAttr
    window: IntAttr

    def __init__(self, sinks: int, window: int):
        super().__init__(IntAttr(sinks), IntAttr(window))

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        with parser.in_angle_brackets():
            sinks = _parse_int_field(parser, "sinks")
            parser.parse_punctuation(",")
            window = _parse_int_field(parser, "window")
        return (IntAttr(sinks), IntAttr(window))

    def print_parameters(self, printer: Printer) -> None:
        printer.print_string(f"<sinks = {self.sinks.data}, window = {self.window.data}>")

    def verify(self) -> None:
        if self.sinks.data < 0:
            raise VerifyException(f"lambda mask needs sinks >= 0, got {self.sinks.data}")
        if self.window.data < 1:
            raise VerifyException(f"lambda mask needs window >= 1, got {self.window.data}")


KV_KEY_GRANULARITIES = ("per_token", "per_channel")


@irdl_attr_definition
class KVCacheAttr(ParametrizedAttribute):
    """How the KV cache is stored: `bits`-bit asymmetric integers; values are quantized per
    token and head, keys per token or (KIVI-style) per channel."""

    name = "accllm.kv"

    bits: IntAttr
    keys: StringAttr

    def __init__(self, bits: int, keys: str = "per_token"):
        super().__init__(IntAttr(bits), StringAttr(keys))

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        with parser.in_angle_brackets():
            bits = _parse_int_field(parser, "bits")
            parser.parse_punctuation(",")
            parser.parse_keyword("keys")
            parser.parse_punctuation("=")
            keys = _parse_keyword_choice(parser, KV_KEY_GRANULARITIES)
        return (IntAttr(bits), StringAttr(keys))

    def print_parameters(self, printer: Printer) -> None:
        printer.print_string(f"<bits = {self.bits.data}, keys = {self.keys.data}>")

    def verify(self) -> None:
        if not 2 <= self.bits.data <= 16:
            raise VerifyException(f"KV cache bits must be in [2, 16], got {self.bits.data}")
        if self.keys.data not in KV_KEY_GRANULARITIES:
            raise VerifyException(f"KV key granularity must be one of {KV_KEY_GRANULARITIES}")


AttentionMask = CausalMaskAttr | LambdaMaskAttr

# --------------------------------------------------------------------------------------
# Shape helpers for verifiers
# --------------------------------------------------------------------------------------


def _tensor(value: SSAValue, what: str) -> TensorType:
    if not isinstance(value.type, TensorType):
        raise VerifyException(f"{what} must be a tensor, got {value.type}")
    return value.type


def _float_tensor(value: SSAValue, what: str) -> TensorType:
    t = _tensor(value, what)
    if not isinstance(t.element_type, Float32Type):
        raise VerifyException(f"{what} must have f32 elements, got {t.element_type}")
    return t


def _last_dim(t: TensorType, what: str) -> int:
    if t.get_num_dims() < 1:
        raise VerifyException(f"{what} must have at least one dimension")
    return t.get_shape()[-1]


def _dim_str(d: int) -> str:
    return "?" if d == DYNAMIC_INDEX else str(d)


def _shape_str(shape: Sequence[int]) -> str:
    """A shape for an error message, dynamic dims written `?` as in the IR."""
    return "[" + ", ".join(_dim_str(d) for d in shape) + "]"


def _dims_agree(a: int, b: int) -> bool:
    return a == DYNAMIC_INDEX or b == DYNAMIC_INDEX or a == b


def _shapes_agree(a: Sequence[int], b: Sequence[int]) -> bool:
    return len(a) == len(b) and all(_dims_agree(x, y) for x, y in zip(a, b))


def _check_same_shape(a: SSAValue, b: SSAValue, what: str) -> None:
    sa, sb = _tensor(a, what).get_shape(), _tensor(b, what).get_shape()
    if not _shapes_agree(sa, sb):
        raise VerifyException(f"{what}: shapes {_shape_str(sa)} and {_shape_str(sb)} differ")


def _positive(attr: IntegerAttr, what: str) -> int:
    value = attr.value.data
    if value < 1:
        raise VerifyException(f"{what} must be positive, got {value}")
    return value


# --------------------------------------------------------------------------------------
# Operations
# --------------------------------------------------------------------------------------


@irdl_op_definition
class WeightOp(IRDLOperation):
    """A model parameter, named as in the checkpoint; its data is read when needed.

    It is also how the frontend imports parameters into torch-dialect IR, so its result may
    be a `!torch.vtensor` there; raising turns it into a builtin tensor.

    Raising may fold arithmetic into a parameter (a fused projection's rows, Gemma's
    `1 + w` norm weight, Granite's multipliers): the weight then names its checkpoint
    `source` and its value is `(source[rows] + offset) * scale`, computed in float32; its
    `name` is that expression written out (`derived_weight_name`), so every stage that keys
    weights by name sees one tensor per distinct value."""

    name = "accllm.weight"

    param = prop_def(StringAttr, prop_name="name")
    source = opt_prop_def(StringAttr)
    # Constrained in verify_, so the format prints it as `array<i64: begin, end>`.
    rows = opt_prop_def(AnyAttr())
    offset = opt_prop_def(FloatAttr[Float64Type])
    scale = opt_prop_def(FloatAttr[Float64Type])
    result = result_def(TensorType | ValueTensorType)

    assembly_format = (
        "$name (`from` $source^)? (`rows` $rows^)? (`offset` $offset^)? (`scale` $scale^)?"
        " attr-dict `:` type($result)"
    )
    traits = traits_def(Pure())

    def __init__(
        self,
        name: str,
        result_type: TensorType | ValueTensorType,
        *,
        source: str | None = None,
        rows: tuple[int, int] | None = None,
        offset: float | None = None,
        scale: float | None = None,
    ):
        super().__init__(
            properties={
                "name": StringAttr(name),
                "source": None if source is None else StringAttr(source),
                "rows": None if rows is None else DenseArrayBase.from_list(i64, list(rows)),
                "offset": None if offset is None else FloatAttr(offset, f64),
                "scale": None if scale is None else FloatAttr(scale, f64),
            },
            result_types=[result_type],
        )

    @staticmethod
    def derived(
        source: str,
        result_type: TensorType,
        rows: tuple[int, int] | None = None,
        offset: float | None = None,
        scale: float | None = None,
    ) -> WeightOp:
        """The weight `(source[rows] + offset) * scale`, named after that expression."""
        name = derived_weight_name(source, rows, offset, scale)
        return WeightOp(name, result_type, source=source, rows=rows, offset=offset, scale=scale)

    @property
    def checkpoint_name(self) -> str:
        """The checkpoint tensor this weight is read from."""
        return self.param.data if self.source is None else self.source.data

    @property
    def row_range(self) -> tuple[int, int] | None:
        if self.rows is None:
            return None
        begin, end = self.rows.get_values()
        return int(begin), int(end)

    @property
    def offset_value(self) -> float | None:
        return None if self.offset is None else float(self.offset.value.data)

    @property
    def scale_value(self) -> float | None:
        return None if self.scale is None else float(self.scale.value.data)

    @property
    def shape(self) -> tuple[int, ...]:
        t = self.result.type
        return tuple(t.shape if isinstance(t, ValueTensorType) else t.get_shape())

    def verify_(self) -> None:
        if not self.param.data:
            raise VerifyException("weight name must not be empty")
        t = self.result.type
        # An unranked `!torch.vtensor<*,f32>` has no `shape` (it raises ValueError).
        if isinstance(t, ValueTensorType) and not t.has_sizes:
            raise VerifyException("weight shape must be static")
        if DYNAMIC_INDEX in self.shape:
            raise VerifyException("weight shape must be static")
        self._verify_derivation()

    def _verify_derivation(self) -> None:
        derivation = (self.rows, self.offset, self.scale)
        if self.source is None:
            if derivation != (None, None, None):
                raise VerifyException("a derived weight (rows, offset or scale) must name its source")
            return
        if self.rows is not None:
            if not isinstance(self.rows, DenseArrayBase) or self.rows.elt_type != i64 or (
                len(self.rows.get_values()) != 2
            ):
                raise VerifyException("rows must be array<i64: begin, end>")
            begin, end = self.row_range
            if not 0 <= begin < end or (self.shape and end - begin != self.shape[0]):
                raise VerifyException(
                    f"rows [{begin}, {end}) must be a non-empty range of {self.shape[0]} rows"
                )
        want = derived_weight_name(self.source.data, self.row_range, self.offset_value, self.scale_value)
        if self.param.data != want:
            raise VerifyException(f"a derived weight must be named '{want}', got '{self.param.data}'")


def derived_weight_name(
    source: str, rows: tuple[int, int] | None, offset: float | None, scale: float | None
) -> str:
    """`source[begin:end]+offset*scale`, each part present only when it applies: the value
    is `(source[rows] + offset) * scale`."""
    name = source
    if rows is not None:
        name += f"[{rows[0]}:{rows[1]}]"
    if offset is not None:
        name += f"+{offset!r}"
    if scale is not None:
        name += f"*{scale!r}"
    return name


@irdl_op_definition
class EmbeddingOp(IRDLOperation):
    """Row lookup `table[ids]`."""

    name = "accllm.embedding"

    table = operand_def(TensorType)
    ids = operand_def(TensorType)
    result = result_def(TensorType)

    assembly_format = (
        "$table `[` $ids `]` attr-dict `:` type($table) `,` type($ids) `->` type($result)"
    )
    traits = traits_def(Pure())

    def __init__(self, table: SSAValue, ids: SSAValue, result_type: TensorType):
        super().__init__(operands=[table, ids], result_types=[result_type])

    def verify_(self) -> None:
        table = _float_tensor(self.table, "embedding table")
        ids = _tensor(self.ids, "token ids")
        _float_tensor(self.result, "embedding result")
        if table.get_num_dims() != 2:
            raise VerifyException("embedding table must be 2-D [vocab, hidden]")
        if not isinstance(ids.element_type, IntegerType):
            raise VerifyException(f"token ids must be integers, got {ids.element_type}")
        expected = (*ids.get_shape(), table.get_shape()[1])
        if not _shapes_agree(expected, self.result.type.get_shape()):
            raise VerifyException(
                f"embedding result must have shape {_shape_str(expected)}, "
                f"got {_shape_str(self.result.type.get_shape())}"
            )


@irdl_op_definition
class RMSNormOp(IRDLOperation):
    """`x * rsqrt(mean(x^2, -1) + epsilon) * weight` over the last dimension, or over each of
    its `groups` equal parts with one shared weight (a query or key normalized per head, as
    Qwen3 does)."""

    name = "accllm.rmsnorm"

    input = operand_def(TensorType)
    weight = operand_def(TensorType)
    epsilon = prop_def(FloatAttr[Float32Type])
    groups = opt_prop_def(IntegerAttr[I64])
    result = result_def(TensorType)

    assembly_format = (
        "$input `,` $weight `eps` $epsilon (`groups` $groups^)? attr-dict `:` type($input) `,` type($weight)"
        " `->` type($result)"
    )
    traits = traits_def(Pure())

    def __init__(self, x: SSAValue, weight: SSAValue, epsilon: float, groups: int = 1):
        super().__init__(
            operands=[x, weight],
            properties={"epsilon": FloatAttr(epsilon, f32),
                        "groups": None if groups == 1 else IntegerAttr(groups, i64)},
            result_types=[x.type],
        )

    @property
    def group_count(self) -> int:
        return 1 if self.groups is None else self.groups.value.data

    def verify_(self) -> None:
        x = _float_tensor(self.input, "rmsnorm input")
        w = _float_tensor(self.weight, "rmsnorm weight")
        _float_tensor(self.result, "rmsnorm result")
        _check_same_shape(self.input, self.result, "rmsnorm input and result")
        width = _last_dim(x, "rmsnorm input")
        groups = self.group_count
        if groups < 1 or (width != DYNAMIC_INDEX and width % groups):
            raise VerifyException(f"rmsnorm groups ({groups}) must be positive and divide the width {_dim_str(width)}")
        part = width if width == DYNAMIC_INDEX else width // groups
        if w.get_num_dims() != 1 or not _dims_agree(w.get_shape()[0], part):
            raise VerifyException(
                f"rmsnorm weight must be 1-D of size {_dim_str(part)}, "
                f"got {_shape_str(w.get_shape())}"
            )
        if not self.epsilon.value.data > 0:
            raise VerifyException(f"rmsnorm epsilon must be positive, got {self.epsilon.value.data}")


@irdl_op_definition
class RopeFreqsOp(IRDLOperation):
    """The rotary embedding's frequencies: position p rotates pair k of every head by
    p * inv_freq[k]; cos and sin are multiplied by `scaling` (HF's attention_scaling)."""

    name = "accllm.rope_freqs"

    # Constrained in verify_ rather than here, so the format prints it as `array<f32: ...>`.
    inv_freq = prop_def(AnyAttr())
    scaling = prop_def(FloatAttr[Float32Type])
    result = result_def(TensorType)

    assembly_format = "$inv_freq `scaling` $scaling attr-dict `:` type($result)"
    traits = traits_def(Pure())

    def __init__(self, inv_freq: Sequence[float], scaling: float = 1.0):
        super().__init__(
            properties={
                "inv_freq": DenseArrayBase.from_list(f32, list(inv_freq)),
                "scaling": FloatAttr(scaling, f32),
            },
            result_types=[TensorType(f32, [len(inv_freq)])],
        )

    def verify_(self) -> None:
        if not isinstance(self.inv_freq, DenseArrayBase) or not isinstance(
            self.inv_freq.elt_type, Float32Type
        ):
            raise VerifyException("inv_freq must be an array<f32: ...>")
        n = len(self.inv_freq.get_values())
        shape = _float_tensor(self.result, "rope_freqs result").get_shape()
        if tuple(shape) != (n,):
            raise VerifyException(
                f"rope_freqs result must be tensor<{n}xf32>, got {_shape_str(shape)}"
            )
        if n == 0:
            raise VerifyException("inv_freq must not be empty")


@irdl_op_definition
class RopeOp(IRDLOperation):
    """Rotary position embedding of every head in a flat `[.., seq, heads * head_dim]`
    tensor, rotating element k with element k + head_dim/2 (the LLaMA/NeoX convention).
    Token t of the sequence is at position t."""

    name = "accllm.rope"

    input = operand_def(TensorType)
    freqs = operand_def(TensorType)
    num_heads = prop_def(IntegerAttr[I64])
    result = result_def(TensorType)

    assembly_format = (
        "$input `,` $freqs `heads` $num_heads attr-dict `:` type($input) `,` type($freqs)"
        " `->` type($result)"
    )
    traits = traits_def(Pure())

    def __init__(self, x: SSAValue, freqs: SSAValue, num_heads: int):
        super().__init__(
            operands=[x, freqs],
            properties={"num_heads": IntegerAttr(num_heads, i64)},
            result_types=[x.type],
        )

    @property
    def head_dim(self) -> int:
        return 2 * self.freqs.type.get_shape()[0]

    def verify_(self) -> None:
        x = _float_tensor(self.input, "rope input")
        freqs = _float_tensor(self.freqs, "rope freqs")
        _float_tensor(self.result, "rope result")
        _check_same_shape(self.input, self.result, "rope input and result")
        heads = _positive(self.num_heads, "rope heads")
        if freqs.get_num_dims() != 1:
            raise VerifyException("rope freqs must be 1-D")
        width = _last_dim(x, "rope input")
        if (
            width != DYNAMIC_INDEX
            and freqs.get_shape()[0] != DYNAMIC_INDEX
            and width != heads * self.head_dim
        ):
            raise VerifyException(
                f"rope input width {width} != heads ({heads}) x head_dim ({self.head_dim})"
            )


def _verify_matmul(
    op: IRDLOperation, x_val: SSAValue, w_val: SSAValue, y_val: SSAValue,
    bias: SSAValue | None, quant: WeightQuantAttr | None,
) -> None:
    """Shared verifier of `y = x @ W^T (+ b)` with W `[out_features, in_features]`."""
    x = _float_tensor(x_val, f"{op.name} input")
    w = _float_tensor(w_val, f"{op.name} weight")
    y = _float_tensor(y_val, f"{op.name} result")
    if w.get_num_dims() != 2:
        raise VerifyException(f"{op.name} weight must be 2-D [out, in]")
    out_features, in_features = w.get_shape()
    width = _last_dim(x, f"{op.name} input")
    if not _dims_agree(width, in_features):
        raise VerifyException(
            f"{op.name} input width {width} != weight in_features {in_features}"
        )
    expected = (*x.get_shape()[:-1], out_features)
    if not _shapes_agree(expected, y.get_shape()):
        raise VerifyException(
            f"{op.name} result must have shape {_shape_str(expected)}, "
            f"got {_shape_str(y.get_shape())}"
        )
    if bias is not None:
        b = _float_tensor(bias, f"{op.name} bias")
        if not _shapes_agree(b.get_shape(), (out_features,)):
            raise VerifyException(f"{op.name} bias must be 1-D of size {_dim_str(out_features)}")
    if quant is not None and in_features != DYNAMIC_INDEX and in_features % quant.group.data:
        raise VerifyException(
            f"{op.name} in_features {in_features} is not a multiple of the "
            f"quantization group {quant.group.data}"
        )


@irdl_op_definition
class LinearOp(IRDLOperation):
    """A decoder projection `x @ W^T (+ b)`, optionally N:M sparse and weight-quantized."""

    name = "accllm.linear"

    input = operand_def(TensorType)
    weight = operand_def(TensorType)
    bias = opt_operand_def(TensorType)
    result = result_def(TensorType)
    quant = opt_prop_def(WeightQuantAttr)
    sparsity = opt_prop_def(NMSparsityAttr)

    assembly_format = (
        "$input `,` $weight (`bias` $bias^)? (`quant` $quant^)? (`sparsity` $sparsity^)?"
        " attr-dict `:` functional-type(operands, results)"
    )
    traits = traits_def(Pure())

    def __init__(
        self,
        x: SSAValue,
        weight: SSAValue,
        result_type: TensorType,
        bias: SSAValue | None = None,
        quant: WeightQuantAttr | None = None,
        sparsity: NMSparsityAttr | None = None,
    ):
        super().__init__(
            operands=[x, weight, bias],
            properties={"quant": quant, "sparsity": sparsity},
            result_types=[result_type],
        )

    def verify_(self) -> None:
        _verify_matmul(self, self.input, self.weight, self.result, self.bias, self.quant)
        in_features = self.weight.type.get_shape()[1]
        if (
            self.sparsity is not None
            and in_features != DYNAMIC_INDEX
            and in_features % self.sparsity.m.data
        ):
            raise VerifyException(
                f"accllm.linear in_features {in_features} is not a multiple of the "
                f"sparsity block {self.sparsity.m.data}"
            )


@irdl_op_definition
class LMHeadOp(IRDLOperation):
    """The vocabulary projection producing logits; kept dense (it may share the embedding
    table), optionally weight-quantized."""

    name = "accllm.lm_head"

    input = operand_def(TensorType)
    weight = operand_def(TensorType)
    result = result_def(TensorType)
    quant = opt_prop_def(WeightQuantAttr)

    assembly_format = (
        "$input `,` $weight (`quant` $quant^)? attr-dict `:` functional-type(operands, results)"
    )
    traits = traits_def(Pure())

    def __init__(
        self,
        x: SSAValue,
        weight: SSAValue,
        result_type: TensorType,
        quant: WeightQuantAttr | None = None,
    ):
        super().__init__(
            operands=[x, weight], properties={"quant": quant}, result_types=[result_type]
        )

    def verify_(self) -> None:
        _verify_matmul(self, self.input, self.weight, self.result, None, self.quant)


@irdl_op_definition
class QuantizeOp(IRDLOperation):
    """Dynamic per-token symmetric activation quantization (the value stays f32 and holds
    the dequantized numbers, so the IR still computes what the integer engine computes)."""

    name = "accllm.quantize"

    input = operand_def(TensorType)
    bits = prop_def(IntegerAttr[I64])
    result = result_def(TensorType)

    assembly_format = "$input `bits` $bits attr-dict `:` type($input) `->` type($result)"
    traits = traits_def(Pure())

    def __init__(self, x: SSAValue, bits: int):
        super().__init__(
            operands=[x], properties={"bits": IntegerAttr(bits, i64)}, result_types=[x.type]
        )

    def verify_(self) -> None:
        _float_tensor(self.input, "quantize input")
        _float_tensor(self.result, "quantize result")
        _check_same_shape(self.input, self.result, "quantize input and result")
        if not 2 <= self.bits.value.data <= 16:
            raise VerifyException(f"activation bits must be in [2, 16], got {self.bits.value.data}")


@irdl_op_definition
class AttentionOp(IRDLOperation):
    """Grouped-query scaled-dot-product attention on flat projections: `q` is
    `[.., seq, heads * head_dim]`, `k`/`v` are `[.., seq, kv_heads * head_dim]`; query head h
    reads KV head h / (heads / kv_heads). `mask` says which keys each query sees; `kv_cache`,
    when present, says how keys and values are stored."""

    name = "accllm.attention"

    query = operand_def(TensorType)
    key = operand_def(TensorType)
    value = operand_def(TensorType)
    num_heads = prop_def(IntegerAttr[I64])
    num_kv_heads = prop_def(IntegerAttr[I64])
    scale = prop_def(FloatAttr[Float32Type])
    mask = prop_def(AttentionMask)
    kv_cache = opt_prop_def(KVCacheAttr)
    softcap = opt_prop_def(FloatAttr[Float32Type])  # scores -> softcap * tanh(scores / softcap)
    result = result_def(TensorType)

    assembly_format = (
        "$query `,` $key `,` $value `heads` $num_heads `kv_heads` $num_kv_heads"
        " `scale` $scale (`softcap` $softcap^)? `mask` $mask (`kv_cache` $kv_cache^)? attr-dict"
        " `:` functional-type(operands, results)"
    )
    traits = traits_def(Pure())

    def __init__(
        self,
        q: SSAValue,
        k: SSAValue,
        v: SSAValue,
        num_heads: int,
        num_kv_heads: int,
        scale: float,
        mask: AttentionMask,
        kv_cache: KVCacheAttr | None = None,
        softcap: float | None = None,
    ):
        super().__init__(
            operands=[q, k, v],
            properties={
                "num_heads": IntegerAttr(num_heads, i64),
                "num_kv_heads": IntegerAttr(num_kv_heads, i64),
                "scale": FloatAttr(scale, f32),
                "mask": mask,
                "kv_cache": kv_cache,
                "softcap": None if softcap is None else FloatAttr(softcap, f32),
            },
            result_types=[q.type],
        )

    @property
    def head_dim(self) -> int:
        return self.query.type.get_shape()[-1] // self.num_heads.value.data

    @property
    def lambda_window(self) -> tuple[int, int] | None:
        """(sinks, window) of a Λ / sliding-window mask; None for a causal one."""
        mask = self.mask
        return (mask.sinks.data, mask.window.data) if isinstance(mask, LambdaMaskAttr) else None

    def verify_(self) -> None:
        q = _float_tensor(self.query, "attention query")
        k = _float_tensor(self.key, "attention key")
        _float_tensor(self.value, "attention value")
        _float_tensor(self.result, "attention result")
        _check_same_shape(self.key, self.value, "attention key and value")
        _check_same_shape(self.query, self.result, "attention query and result")
        heads = _positive(self.num_heads, "attention heads")
        kv_heads = _positive(self.num_kv_heads, "attention kv_heads")
        if heads % kv_heads:
            raise VerifyException(f"heads ({heads}) must be a multiple of kv_heads ({kv_heads})")
        q_width, k_width = _last_dim(q, "attention query"), _last_dim(k, "attention key")
        # A dynamic width agrees with anything, as everywhere else in this dialect.
        if q_width != DYNAMIC_INDEX:
            if q_width % heads:
                raise VerifyException(
                    f"query width {q_width} is not a multiple of heads ({heads})"
                )
            head_dim = q_width // heads
            if k_width != DYNAMIC_INDEX and k_width != kv_heads * head_dim:
                raise VerifyException(
                    f"key width {k_width} != kv_heads ({kv_heads}) x head_dim ({head_dim})"
                )
        if not _shapes_agree(q.get_shape()[:-1], k.get_shape()[:-1]):
            raise VerifyException("query and key must have the same batch and sequence dims")
        if not self.scale.value.data > 0:
            raise VerifyException(f"attention scale must be positive, got {self.scale.value.data}")
        if self.softcap is not None and not self.softcap.value.data > 0:
            raise VerifyException(f"attention softcap must be positive, got {self.softcap.value.data}")


def _verify_elementwise(
    a: SSAValue, b: SSAValue, result: SSAValue, op: str, names: tuple[str, str]
) -> None:
    """Two f32 operands and the result, all of one shape."""
    _float_tensor(a, f"{op} {names[0]}")
    _float_tensor(b, f"{op} {names[1]}")
    _float_tensor(result, f"{op} result")
    _check_same_shape(a, b, f"{op} {names[0]} and {names[1]}")
    _check_same_shape(a, result, f"{op} {names[0]} and result")


class Activation(StrEnum):
    """The gate's activation in a gated MLP: SwiGLU's SiLU, GeGLU's tanh or erf GELU."""

    SILU = "silu"
    GELU_TANH = "gelu_tanh"
    GELU_ERF = "gelu_erf"


@irdl_attr_definition
class ActivationAttr(EnumAttribute[Activation], SpacedOpaqueSyntaxAttribute):
    name = "accllm.activation"


@irdl_op_definition
class GatedMulOp(IRDLOperation):
    """The gated MLP's product `act(gate) * up` (SwiGLU with SiLU, GeGLU with GELU)."""

    name = "accllm.gated_mul"

    gate = operand_def(TensorType)
    up = operand_def(TensorType)
    activation = prop_def(ActivationAttr)
    result = result_def(TensorType)

    assembly_format = (
        "$activation $gate `,` $up attr-dict `:` type($gate) `,` type($up) `->` type($result)"
    )
    traits = traits_def(Pure())

    def __init__(self, gate: SSAValue, up: SSAValue, activation: Activation = Activation.SILU):
        super().__init__(
            operands=[gate, up], properties={"activation": ActivationAttr(activation)}, result_types=[gate.type]
        )

    def verify_(self) -> None:
        _verify_elementwise(self.gate, self.up, self.result, "gated_mul", ("gate", "up"))


@irdl_op_definition
class SoftcapOp(IRDLOperation):
    """Logit soft-capping `cap * tanh(x / cap)` (Gemma 2's final logits)."""

    name = "accllm.softcap"

    input = operand_def(TensorType)
    cap = prop_def(FloatAttr[Float32Type])
    result = result_def(TensorType)

    assembly_format = "$input `cap` $cap attr-dict `:` type($input) `->` type($result)"
    traits = traits_def(Pure())

    def __init__(self, x: SSAValue, cap: float):
        super().__init__(operands=[x], properties={"cap": FloatAttr(cap, f32)}, result_types=[x.type])

    def verify_(self) -> None:
        _float_tensor(self.input, "softcap input")
        _check_same_shape(self.input, self.result, "softcap input and result")
        if not self.cap.value.data > 0:
            raise VerifyException(f"softcap cap must be positive, got {self.cap.value.data}")


@irdl_op_definition
class AddOp(IRDLOperation):
    """The residual connection: elementwise `lhs + rhs`."""

    name = "accllm.add"

    lhs = operand_def(TensorType)
    rhs = operand_def(TensorType)
    result = result_def(TensorType)

    assembly_format = "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)"
    traits = traits_def(Pure())

    def __init__(self, lhs: SSAValue, rhs: SSAValue):
        super().__init__(operands=[lhs, rhs], result_types=[lhs.type])

    def verify_(self) -> None:
        _verify_elementwise(self.lhs, self.rhs, self.result, "add", ("lhs", "rhs"))


ACCLLM = Dialect(
    "accllm",
    [
        WeightOp,
        EmbeddingOp,
        RMSNormOp,
        RopeFreqsOp,
        RopeOp,
        LinearOp,
        LMHeadOp,
        QuantizeOp,
        AttentionOp,
        GatedMulOp,
        SoftcapOp,
        AddOp,
    ],
    [WeightQuantAttr, NMSparsityAttr, CausalMaskAttr, LambdaMaskAttr, KVCacheAttr, ActivationAttr],
)
