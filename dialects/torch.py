"""The typed subset of torch-mlir's `torch` dialect that LLaMA-family imports use.

torch-mlir's FX importer turns an exported model into `torch` dialect IR; this module lets
xDSL read and write that IR (in generic form) with typed ops and types, so passes can raise
it to `accllm` without torch-mlir's C++ in the loop. Types print exactly as torch-mlir prints
them (`!torch.vtensor<[1,?,32],f32>`, `!torch.list<optional<vtensor>>`); float constants
print in xDSL's spelling of the same value (`1.000000e-06` for `9.9999999999999995E-7`).

The ATen ops are generated from torch's own schemas by `dialects/tools/gen_torch_ops.py`:
operands are named and ordered as in the schema, and each op's `ATEN` (an `AtenOverload`)
names the `torch.ops.aten.<name>.<overload>` it stands for, so an op can be evaluated with
torch generically (see `AtenOverload.split`). Classes are named as torch-mlir names them
(`AtenLinearOp`, `Aten__And__TensorOp`), results `result`.

Ops outside the subset: xDSL's context falls back to an unregistered op for any name it does
not know when unregistered ops are allowed, also inside a registered dialect, so
`"torch.aten.foo"(...)` parses as an `UnregisteredOp` under `--allow-unregistered-dialect`
while `!torch.*` types stay typed. A torch type this module does not define (`!torch.tuple<..>`)
parses as an unregistered type at top level, but not nested inside `list<..>`/`optional<..>`,
whose contents must be types defined here.
"""

from __future__ import annotations

from abc import ABC
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    I64,
    AnyFloat,
    ArrayAttr,
    BoolAttr,
    ComplexType,
    DenseIntOrFPElementsAttr,
    DenseResourceAttr,
    Float64Type,
    FloatAttr,
    IntAttr,
    IntegerAttr,
    IntegerType,
    NoneAttr,
    Signedness,
    StringAttr,
    TensorType,
    f64,
    i64,
)
from xdsl.ir import (
    Attribute,
    AttributeCovT,
    Dialect,
    ParametrizedAttribute,
    SSAValue,
    TypeAttribute,
)
from xdsl.irdl import (
    IRDLOperation,
    irdl_attr_definition,
    irdl_op_definition,
    operand_def,
    prop_def,
    result_def,
    traits_def,
    var_operand_def,
    var_region_def,
    var_result_def,
)
from xdsl.parser import AttrParser
from xdsl.printer import Printer
from xdsl.traits import Pure
from xdsl.utils.exceptions import VerifyException

# --------------------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------------------


# Parameter-holding bases are dataclasses, as in xDSL, so that subclasses compare and hash
# by those parameters.
@dataclass(frozen=True, init=False)
class BaseTensorType(ParametrizedAttribute, TypeAttribute, ABC):
    """A torch tensor whose sizes and dtype may each be unknown.

    Spelled `<[1,?,32],f32>` (`?` a dynamic size), `<*,f32>` (unknown rank), `<[2],unk>`
    (unknown dtype), or nothing at all when both are unknown. A dynamic size is xDSL's
    `DYNAMIC_INDEX`, as in builtin tensors, so shapes compare across the two. The dtype is a
    builtin type: `f32`, `bf16`, `si64`, `ui8`, `i1`, ...; signless integers other than `i1`
    are not torch dtypes.
    """

    optional_sizes: ArrayAttr[IntAttr] | NoneAttr
    optional_dtype: Attribute

    def __init__(self, shape: Sequence[int] | None, dtype: Attribute | None):
        sizes = NoneAttr() if shape is None else ArrayAttr(IntAttr(d) for d in shape)
        super().__init__(sizes, NoneAttr() if dtype is None else dtype)

    @property
    def has_sizes(self) -> bool:
        return isinstance(self.optional_sizes, ArrayAttr)

    @property
    def has_dtype(self) -> bool:
        return not isinstance(self.optional_dtype, NoneAttr)

    @property
    def shape(self) -> tuple[int, ...]:
        """The sizes, `DYNAMIC_INDEX` where dynamic; raises if the rank is unknown."""
        if not isinstance(self.optional_sizes, ArrayAttr):
            raise ValueError(f"{self} has no known rank")
        return tuple(d.data for d in self.optional_sizes.data)

    @property
    def dtype(self) -> Attribute:
        """The element type as a builtin type; raises if it is unknown."""
        if not self.has_dtype:
            raise ValueError(f"{self} has no known dtype")
        return self.optional_dtype

    def to_builtin_tensor(self) -> TensorType:
        """The builtin tensor of the same shape and dtype, integers made signless
        (`si64` -> `i64`) as the builtin-tensor dialects (arith, linalg) expect."""
        dtype = self.dtype
        if isinstance(dtype, IntegerType) and dtype.signedness.data != Signedness.SIGNLESS:
            dtype = IntegerType(dtype.width.data)
        return TensorType(dtype, self.shape)

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        if parser.parse_optional_punctuation("<") is None:
            return (NoneAttr(), NoneAttr())
        if parser.parse_optional_punctuation("*") is not None:
            sizes: ArrayAttr[IntAttr] | NoneAttr = NoneAttr()
        else:
            dims = parser.parse_comma_separated_list(
                parser.Delimiter.SQUARE, lambda: _parse_dim(parser)
            )
            sizes = ArrayAttr(IntAttr(d) for d in dims)
        parser.parse_punctuation(",")
        dtype = NoneAttr() if parser.parse_optional_keyword("unk") else parser.parse_type()
        parser.parse_punctuation(">")
        return (sizes, dtype)

    def print_parameters(self, printer: Printer) -> None:
        if not self.has_sizes and not self.has_dtype:
            return
        printer.print_string("<")
        if self.has_sizes:
            dims = ("?" if d == DYNAMIC_INDEX else str(d) for d in self.shape)
            printer.print_string(f"[{','.join(dims)}]")
        else:
            printer.print_string("*")
        printer.print_string(",")
        if self.has_dtype:
            printer.print_attribute(self.dtype)
        else:
            printer.print_string("unk")
        printer.print_string(">")

    def verify(self) -> None:
        if self.has_sizes and any(d < 0 and d != DYNAMIC_INDEX for d in self.shape):
            raise VerifyException(f"invalid tensor sizes {list(self.shape)}")
        if self.has_dtype and not _is_torch_dtype(self.dtype):
            raise VerifyException(f"{self.dtype} is not a torch dtype")


def _parse_dim(parser: AttrParser) -> int:
    if parser.parse_optional_punctuation("?") is not None:
        return DYNAMIC_INDEX
    return parser.parse_integer(allow_boolean=False, allow_negative=False)


def _is_torch_dtype(dtype: Attribute) -> bool:
    if isinstance(dtype, IntegerType):
        return dtype.signedness.data != Signedness.SIGNLESS or dtype.width.data == 1
    return isinstance(dtype, AnyFloat | ComplexType)


@irdl_attr_definition
class ValueTensorType(BaseTensorType):
    """`!torch.vtensor`: a tensor with value semantics, what the FX importer produces."""

    name = "torch.vtensor"


@irdl_attr_definition
class NonValueTensorType(BaseTensorType):
    """`!torch.tensor`: a tensor that may alias and be mutated."""

    name = "torch.tensor"


@irdl_attr_definition
class IntType(ParametrizedAttribute, TypeAttribute):
    """`!torch.int`: Python int, 64-bit signed (also ScalarType/Layout/MemoryFormat enums)."""

    name = "torch.int"


@irdl_attr_definition
class FloatType(ParametrizedAttribute, TypeAttribute):
    """`!torch.float`: Python float, 64-bit."""

    name = "torch.float"


@irdl_attr_definition
class BoolType(ParametrizedAttribute, TypeAttribute):
    name = "torch.bool"


@irdl_attr_definition
class NoneType(ParametrizedAttribute, TypeAttribute):
    """`!torch.none`: the type of `None`, passed for every omitted optional argument."""

    name = "torch.none"


@irdl_attr_definition
class StringType(ParametrizedAttribute, TypeAttribute):
    name = "torch.str"


@irdl_attr_definition
class DeviceType(ParametrizedAttribute, TypeAttribute):
    name = "torch.Device"


@irdl_attr_definition
class NumberType(ParametrizedAttribute, TypeAttribute):
    """`!torch.number`: a Scalar that is either an int or a float."""

    name = "torch.number"


@dataclass(frozen=True, init=False)
class _ContainerType(ParametrizedAttribute, TypeAttribute, Generic[AttributeCovT], ABC):
    """A torch type around one torch type, which torch-mlir prints without its `!torch.`
    prefix: `!torch.list<optional<vtensor>>`."""

    contained_type: AttributeCovT

    def __init__(self, contained_type: AttributeCovT):
        super().__init__(contained_type)

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        with parser.in_angle_brackets():
            return (_parse_nested_type(parser),)

    def print_parameters(self, printer: Printer) -> None:
        with printer.in_angle_brackets():
            _print_nested_type(printer, self.contained_type)

    def verify(self) -> None:
        if not isinstance(self.contained_type, TORCH_TYPES):
            raise VerifyException(
                f"{self.name} must contain a torch type, got {self.contained_type}"
            )


@irdl_attr_definition
class ListType(_ContainerType[AttributeCovT], Generic[AttributeCovT]):
    name = "torch.list"


@irdl_attr_definition
class OptionalType(_ContainerType[AttributeCovT], Generic[AttributeCovT]):
    name = "torch.optional"


TORCH_TYPES = (
    ValueTensorType,
    NonValueTensorType,
    IntType,
    FloatType,
    BoolType,
    NoneType,
    StringType,
    DeviceType,
    NumberType,
    ListType,
    OptionalType,
)

_TYPES_BY_MNEMONIC: dict[str, type[ParametrizedAttribute]] = {
    t.name.removeprefix("torch."): t for t in TORCH_TYPES
}


def _parse_nested_type(parser: AttrParser) -> Attribute:
    mnemonic = parser.parse_identifier("expected a torch type")
    if (cls := _TYPES_BY_MNEMONIC.get(mnemonic)) is None:
        parser.raise_error(f"unknown torch type '{mnemonic}'")
    return cls.new(cls.parse_parameters(parser))


def _print_nested_type(printer: Printer, t: Attribute) -> None:
    assert isinstance(t, ParametrizedAttribute)
    printer.print_string(t.name.removeprefix("torch."))
    t.print_parameters(printer)


# Operand constraints, named after torch-mlir's.
AnyTorchTensorType = ValueTensorType | NonValueTensorType
AnyTorchOptionalTensorType = ValueTensorType | NonValueTensorType | NoneType
AnyTorchScalarType = IntType | FloatType | BoolType | NumberType

# --------------------------------------------------------------------------------------
# Constants, lists, literals, opaque operators
# --------------------------------------------------------------------------------------


@irdl_op_definition
class ConstantIntOp(IRDLOperation):
    name = "torch.constant.int"

    value = prop_def(IntegerAttr[I64])
    result = result_def(IntType)

    traits = traits_def(Pure())

    def __init__(self, value: int):
        super().__init__(properties={"value": IntegerAttr(value, i64)}, result_types=[IntType()])


@irdl_op_definition
class ConstantFloatOp(IRDLOperation):
    name = "torch.constant.float"

    value = prop_def(FloatAttr[Float64Type])
    result = result_def(FloatType)

    traits = traits_def(Pure())

    def __init__(self, value: float):
        super().__init__(properties={"value": FloatAttr(value, f64)}, result_types=[FloatType()])


@irdl_op_definition
class ConstantBoolOp(IRDLOperation):
    name = "torch.constant.bool"

    value = prop_def(BoolAttr)
    result = result_def(BoolType)

    traits = traits_def(Pure())

    def __init__(self, value: bool):
        super().__init__(
            properties={"value": IntegerAttr.from_bool(value)}, result_types=[BoolType()]
        )


@irdl_op_definition
class ConstantNoneOp(IRDLOperation):
    name = "torch.constant.none"

    result = result_def(NoneType)

    traits = traits_def(Pure())

    def __init__(self):
        super().__init__(result_types=[NoneType()])


@irdl_op_definition
class ConstantStrOp(IRDLOperation):
    name = "torch.constant.str"

    value = prop_def(StringAttr)
    result = result_def(StringType)

    traits = traits_def(Pure())

    def __init__(self, value: str):
        super().__init__(properties={"value": StringAttr(value)}, result_types=[StringType()])


@irdl_op_definition
class ConstantDeviceOp(IRDLOperation):
    name = "torch.constant.device"

    value = prop_def(StringAttr)
    result = result_def(DeviceType)

    traits = traits_def(Pure())

    def __init__(self, value: str):
        super().__init__(properties={"value": StringAttr(value)}, result_types=[DeviceType()])


@irdl_op_definition
class PrimListConstructOp(IRDLOperation):
    """Builds a list argument (`int[]` sizes, `Tensor[]` of `cat`, `Tensor?[]` of `index`)."""

    name = "torch.prim.ListConstruct"

    elements = var_operand_def()
    result = result_def(ListType)

    traits = traits_def(Pure())

    def __init__(self, elements: Sequence[SSAValue], result_type: ListType):
        super().__init__(operands=[elements], result_types=[result_type])


@irdl_op_definition
class ValueTensorLiteralOp(IRDLOperation):
    """A constant tensor. The builtin tensor type of `value` keeps torch's signed dtype
    (`tensor<3xsi64>`), so it matches the result's sizes and dtype exactly."""

    name = "torch.vtensor.literal"

    value = prop_def(DenseIntOrFPElementsAttr | DenseResourceAttr)
    result = result_def(ValueTensorType)

    traits = traits_def(Pure())

    def __init__(self, value: DenseIntOrFPElementsAttr | DenseResourceAttr):
        tensor = value.get_type()
        assert isinstance(tensor, TensorType)
        super().__init__(
            properties={"value": value},
            result_types=[ValueTensorType(tensor.get_shape(), tensor.get_element_type())],
        )

    def verify_(self) -> None:
        tensor = self.value.get_type()
        result = self.result.type
        expected = ValueTensorType(tensor.get_shape(), tensor.get_element_type())
        if result != expected:
            raise VerifyException(f"literal of type {tensor} must produce {expected}, got {result}")


@irdl_op_definition
class OperatorOp(IRDLOperation):
    """An op torch-mlir has no definition for, named by its `name` property
    (`"torch.aten.diff"`); the importer emits it for ATen ops outside its registry."""

    name = "torch.operator"

    op_name = prop_def(StringAttr, prop_name="name")
    op_operands = var_operand_def()
    op_results = var_result_def()
    op_regions = var_region_def()


# --------------------------------------------------------------------------------------
# ATen ops
# --------------------------------------------------------------------------------------

_T = TypeVar("_T")


@dataclass(frozen=True)
class AtenOverload:
    """The ATen overload an op stands for: `torch.ops.aten.<name>.<overload>`.

    The op's operands are the overload's arguments in schema order; the last
    `len(keyword_only)` of them are keyword-only in the schema (after its `*`), so a call
    must pass them by name.
    """

    name: str
    overload: str = "default"
    keyword_only: tuple[str, ...] = ()

    @property
    def schema_name(self) -> str:
        """The schema's name, as `torch.ops.aten.<name>.<overload>._schema` spells it:
        `aten::linear`, `aten::add.Tensor`."""
        suffix = "" if self.overload == "default" else f".{self.overload}"
        return f"aten::{self.name}{suffix}"

    def split(self, values: Sequence[_T]) -> tuple[tuple[_T, ...], dict[str, _T]]:
        """Split per-operand values (in operand order) into call arguments:
        `packet.overload(*args, **kwargs)`."""
        positional = len(values) - len(self.keyword_only)
        return tuple(values[:positional]), dict(zip(self.keyword_only, values[positional:]))


class AtenOp(IRDLOperation):
    """An op standing for one ATen overload; `ATEN` says which."""

    ATEN: ClassVar[AtenOverload]


# BEGIN GENERATED ATEN OPS
# Generated by dialects/tools/gen_torch_ops.py from torch 2.13.0's ATen schemas;
# edit the script, not this block.


@irdl_op_definition
class AtenEmbeddingOp(AtenOp):
    """`aten::embedding(Tensor weight, Tensor indices, SymInt padding_idx=-1, bool
    scale_grad_by_freq=False, bool sparse=False) -> Tensor`
    """

    name = "torch.aten.embedding"
    ATEN: ClassVar[AtenOverload] = AtenOverload("embedding")

    weight = operand_def(AnyTorchTensorType)
    indices = operand_def(AnyTorchTensorType)
    padding_idx = operand_def(IntType)
    scale_grad_by_freq = operand_def(BoolType)
    sparse = operand_def(BoolType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenArangeOp(AtenOp):
    """`aten::arange(Scalar end, *, ScalarType? dtype=None, Layout? layout=None, Device?
    device=None, bool? pin_memory=None) -> Tensor`
    """

    name = "torch.aten.arange"
    ATEN: ClassVar[AtenOverload] = AtenOverload(
        "arange", "default", keyword_only=("dtype", "layout", "device", "pin_memory")
    )

    end = operand_def(AnyTorchScalarType)
    dtype = operand_def(IntType | NoneType)
    layout = operand_def(IntType | NoneType)
    device = operand_def(DeviceType | NoneType)
    pin_memory = operand_def(BoolType | NoneType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenArangeStartOp(AtenOp):
    """`aten::arange.start(Scalar start, Scalar end, *, ScalarType? dtype=None, Layout?
    layout=None, Device? device=None, bool? pin_memory=None) -> Tensor`
    """

    name = "torch.aten.arange.start"
    ATEN: ClassVar[AtenOverload] = AtenOverload(
        "arange", "start", keyword_only=("dtype", "layout", "device", "pin_memory")
    )

    start = operand_def(AnyTorchScalarType)
    end = operand_def(AnyTorchScalarType)
    dtype = operand_def(IntType | NoneType)
    layout = operand_def(IntType | NoneType)
    device = operand_def(DeviceType | NoneType)
    pin_memory = operand_def(BoolType | NoneType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenArangeStartStepOp(AtenOp):
    """`aten::arange.start_step(Scalar start, Scalar end, Scalar step=1, *, ScalarType? dtype=None,
    Layout? layout=None, Device? device=None, bool? pin_memory=None) -> Tensor`
    """

    name = "torch.aten.arange.start_step"
    ATEN: ClassVar[AtenOverload] = AtenOverload(
        "arange", "start_step", keyword_only=("dtype", "layout", "device", "pin_memory")
    )

    start = operand_def(AnyTorchScalarType)
    end = operand_def(AnyTorchScalarType)
    step = operand_def(AnyTorchScalarType)
    dtype = operand_def(IntType | NoneType)
    layout = operand_def(IntType | NoneType)
    device = operand_def(DeviceType | NoneType)
    pin_memory = operand_def(BoolType | NoneType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenAddTensorOp(AtenOp):
    """`aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor`"""

    name = "torch.aten.add.Tensor"
    ATEN: ClassVar[AtenOverload] = AtenOverload("add", "Tensor", keyword_only=("alpha",))

    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchTensorType)
    alpha = operand_def(AnyTorchScalarType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenAddScalarOp(AtenOp):
    """`aten::add.Scalar(Tensor self, Scalar other, Scalar alpha=1) -> Tensor`"""

    name = "torch.aten.add.Scalar"
    ATEN: ClassVar[AtenOverload] = AtenOverload("add", "Scalar")

    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchScalarType)
    alpha = operand_def(AnyTorchScalarType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenSubTensorOp(AtenOp):
    """`aten::sub.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor`"""

    name = "torch.aten.sub.Tensor"
    ATEN: ClassVar[AtenOverload] = AtenOverload("sub", "Tensor", keyword_only=("alpha",))

    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchTensorType)
    alpha = operand_def(AnyTorchScalarType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenSubScalarOp(AtenOp):
    """`aten::sub.Scalar(Tensor self, Scalar other, Scalar alpha=1) -> Tensor`"""

    name = "torch.aten.sub.Scalar"
    ATEN: ClassVar[AtenOverload] = AtenOverload("sub", "Scalar")

    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchScalarType)
    alpha = operand_def(AnyTorchScalarType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenMulTensorOp(AtenOp):
    """`aten::mul.Tensor(Tensor self, Tensor other) -> Tensor`"""

    name = "torch.aten.mul.Tensor"
    ATEN: ClassVar[AtenOverload] = AtenOverload("mul", "Tensor")

    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenMulScalarOp(AtenOp):
    """`aten::mul.Scalar(Tensor self, Scalar other) -> Tensor`"""

    name = "torch.aten.mul.Scalar"
    ATEN: ClassVar[AtenOverload] = AtenOverload("mul", "Scalar")

    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchScalarType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenDivTensorOp(AtenOp):
    """`aten::div.Tensor(Tensor self, Tensor other) -> Tensor`"""

    name = "torch.aten.div.Tensor"
    ATEN: ClassVar[AtenOverload] = AtenOverload("div", "Tensor")

    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenDivScalarOp(AtenOp):
    """`aten::div.Scalar(Tensor self, Scalar other) -> Tensor`"""

    name = "torch.aten.div.Scalar"
    ATEN: ClassVar[AtenOverload] = AtenOverload("div", "Scalar")

    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchScalarType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenNegOp(AtenOp):
    """`aten::neg(Tensor self) -> Tensor`"""

    name = "torch.aten.neg"
    ATEN: ClassVar[AtenOverload] = AtenOverload("neg")

    self = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenPowTensorScalarOp(AtenOp):
    """`aten::pow.Tensor_Scalar(Tensor self, Scalar exponent) -> Tensor`"""

    name = "torch.aten.pow.Tensor_Scalar"
    ATEN: ClassVar[AtenOverload] = AtenOverload("pow", "Tensor_Scalar")

    self = operand_def(AnyTorchTensorType)
    exponent = operand_def(AnyTorchScalarType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenMeanDimOp(AtenOp):
    """`aten::mean.dim(Tensor self, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None) ->
    Tensor`
    """

    name = "torch.aten.mean.dim"
    ATEN: ClassVar[AtenOverload] = AtenOverload("mean", "dim", keyword_only=("dtype",))

    self = operand_def(AnyTorchTensorType)
    dim = operand_def(ListType[IntType] | NoneType)
    keepdim = operand_def(BoolType)
    dtype = operand_def(IntType | NoneType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenRsqrtOp(AtenOp):
    """`aten::rsqrt(Tensor self) -> Tensor`"""

    name = "torch.aten.rsqrt"
    ATEN: ClassVar[AtenOverload] = AtenOverload("rsqrt")

    self = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenSqrtOp(AtenOp):
    """`aten::sqrt(Tensor self) -> Tensor`"""

    name = "torch.aten.sqrt"
    ATEN: ClassVar[AtenOverload] = AtenOverload("sqrt")

    self = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenExpOp(AtenOp):
    """`aten::exp(Tensor self) -> Tensor`"""

    name = "torch.aten.exp"
    ATEN: ClassVar[AtenOverload] = AtenOverload("exp")

    self = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenCosOp(AtenOp):
    """`aten::cos(Tensor self) -> Tensor`"""

    name = "torch.aten.cos"
    ATEN: ClassVar[AtenOverload] = AtenOverload("cos")

    self = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenSinOp(AtenOp):
    """`aten::sin(Tensor self) -> Tensor`"""

    name = "torch.aten.sin"
    ATEN: ClassVar[AtenOverload] = AtenOverload("sin")

    self = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenSiluOp(AtenOp):
    """`aten::silu(Tensor self) -> Tensor`"""

    name = "torch.aten.silu"
    ATEN: ClassVar[AtenOverload] = AtenOverload("silu")

    self = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenSigmoidOp(AtenOp):
    """`aten::sigmoid(Tensor self) -> Tensor`"""

    name = "torch.aten.sigmoid"
    ATEN: ClassVar[AtenOverload] = AtenOverload("sigmoid")

    self = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenGeluOp(AtenOp):
    """`aten::gelu(Tensor self, *, str approximate="none") -> Tensor`"""

    name = "torch.aten.gelu"
    ATEN: ClassVar[AtenOverload] = AtenOverload("gelu", "default", keyword_only=("approximate",))

    self = operand_def(AnyTorchTensorType)
    approximate = operand_def(StringType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenTanhOp(AtenOp):
    """`aten::tanh(Tensor self) -> Tensor`"""

    name = "torch.aten.tanh"
    ATEN: ClassVar[AtenOverload] = AtenOverload("tanh")

    self = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenSoftmaxIntOp(AtenOp):
    """`aten::softmax.int(Tensor self, int dim, ScalarType? dtype=None) -> Tensor`"""

    name = "torch.aten.softmax.int"
    ATEN: ClassVar[AtenOverload] = AtenOverload("softmax", "int")

    self = operand_def(AnyTorchTensorType)
    dim = operand_def(IntType)
    dtype = operand_def(IntType | NoneType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class Aten_SoftmaxOp(AtenOp):
    """`aten::_softmax(Tensor self, int dim, bool half_to_float) -> Tensor`"""

    name = "torch.aten._softmax"
    ATEN: ClassVar[AtenOverload] = AtenOverload("_softmax")

    self = operand_def(AnyTorchTensorType)
    dim = operand_def(IntType)
    half_to_float = operand_def(BoolType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenDropoutOp(AtenOp):
    """`aten::dropout(Tensor input, float p, bool train) -> Tensor`"""

    name = "torch.aten.dropout"
    ATEN: ClassVar[AtenOverload] = AtenOverload("dropout")

    input = operand_def(AnyTorchTensorType)
    p = operand_def(FloatType)
    train = operand_def(BoolType)
    result = result_def(AnyTorchTensorType)


@irdl_op_definition
class AtenMatmulOp(AtenOp):
    """`aten::matmul(Tensor self, Tensor other) -> Tensor`"""

    name = "torch.aten.matmul"
    ATEN: ClassVar[AtenOverload] = AtenOverload("matmul")

    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenBmmOp(AtenOp):
    """`aten::bmm(Tensor self, Tensor mat2) -> Tensor`"""

    name = "torch.aten.bmm"
    ATEN: ClassVar[AtenOverload] = AtenOverload("bmm")

    self = operand_def(AnyTorchTensorType)
    mat2 = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenMmOp(AtenOp):
    """`aten::mm(Tensor self, Tensor mat2) -> Tensor`"""

    name = "torch.aten.mm"
    ATEN: ClassVar[AtenOverload] = AtenOverload("mm")

    self = operand_def(AnyTorchTensorType)
    mat2 = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenLinearOp(AtenOp):
    """`aten::linear(Tensor input, Tensor weight, Tensor? bias=None) -> Tensor`"""

    name = "torch.aten.linear"
    ATEN: ClassVar[AtenOverload] = AtenOverload("linear")

    input = operand_def(AnyTorchTensorType)
    weight = operand_def(AnyTorchTensorType)
    bias = operand_def(AnyTorchOptionalTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenTOp(AtenOp):
    """`aten::t(Tensor(a) self) -> Tensor(a)`"""

    name = "torch.aten.t"
    ATEN: ClassVar[AtenOverload] = AtenOverload("t")

    self = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenTransposeIntOp(AtenOp):
    """`aten::transpose.int(Tensor(a) self, int dim0, int dim1) -> Tensor(a)`"""

    name = "torch.aten.transpose.int"
    ATEN: ClassVar[AtenOverload] = AtenOverload("transpose", "int")

    self = operand_def(AnyTorchTensorType)
    dim0 = operand_def(IntType)
    dim1 = operand_def(IntType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenPermuteOp(AtenOp):
    """`aten::permute(Tensor(a) self, int[] dims) -> Tensor(a)`"""

    name = "torch.aten.permute"
    ATEN: ClassVar[AtenOverload] = AtenOverload("permute")

    self = operand_def(AnyTorchTensorType)
    dims = operand_def(ListType[IntType])
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenViewOp(AtenOp):
    """`aten::view(Tensor(a) self, SymInt[] size) -> Tensor(a)`"""

    name = "torch.aten.view"
    ATEN: ClassVar[AtenOverload] = AtenOverload("view")

    self = operand_def(AnyTorchTensorType)
    size = operand_def(ListType[IntType])
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenReshapeOp(AtenOp):
    """`aten::reshape(Tensor(a) self, SymInt[] shape) -> Tensor(a)`"""

    name = "torch.aten.reshape"
    ATEN: ClassVar[AtenOverload] = AtenOverload("reshape")

    self = operand_def(AnyTorchTensorType)
    shape = operand_def(ListType[IntType])
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class Aten_UnsafeViewOp(AtenOp):
    """`aten::_unsafe_view(Tensor self, SymInt[] size) -> Tensor`"""

    name = "torch.aten._unsafe_view"
    ATEN: ClassVar[AtenOverload] = AtenOverload("_unsafe_view")

    self = operand_def(AnyTorchTensorType)
    size = operand_def(ListType[IntType])
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenUnsqueezeOp(AtenOp):
    """`aten::unsqueeze(Tensor(a) self, int dim) -> Tensor(a)`"""

    name = "torch.aten.unsqueeze"
    ATEN: ClassVar[AtenOverload] = AtenOverload("unsqueeze")

    self = operand_def(AnyTorchTensorType)
    dim = operand_def(IntType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenSqueezeDimOp(AtenOp):
    """`aten::squeeze.dim(Tensor(a) self, int dim) -> Tensor(a)`"""

    name = "torch.aten.squeeze.dim"
    ATEN: ClassVar[AtenOverload] = AtenOverload("squeeze", "dim")

    self = operand_def(AnyTorchTensorType)
    dim = operand_def(IntType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenExpandOp(AtenOp):
    """`aten::expand(Tensor(a) self, SymInt[] size, *, bool implicit=False) -> Tensor(a)`"""

    name = "torch.aten.expand"
    ATEN: ClassVar[AtenOverload] = AtenOverload("expand", "default", keyword_only=("implicit",))

    self = operand_def(AnyTorchTensorType)
    size = operand_def(ListType[IntType])
    implicit = operand_def(BoolType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenSliceTensorOp(AtenOp):
    """`aten::slice.Tensor(Tensor(a) self, int dim=0, SymInt? start=None, SymInt? end=None, SymInt
    step=1) -> Tensor(a)`
    """

    name = "torch.aten.slice.Tensor"
    ATEN: ClassVar[AtenOverload] = AtenOverload("slice", "Tensor")

    self = operand_def(AnyTorchTensorType)
    dim = operand_def(IntType)
    start = operand_def(IntType | NoneType)
    end = operand_def(IntType | NoneType)
    step = operand_def(IntType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenSelectIntOp(AtenOp):
    """`aten::select.int(Tensor(a) self, int dim, SymInt index) -> Tensor(a)`"""

    name = "torch.aten.select.int"
    ATEN: ClassVar[AtenOverload] = AtenOverload("select", "int")

    self = operand_def(AnyTorchTensorType)
    dim = operand_def(IntType)
    index = operand_def(IntType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenCatOp(AtenOp):
    """`aten::cat(Tensor[] tensors, int dim=0) -> Tensor`"""

    name = "torch.aten.cat"
    ATEN: ClassVar[AtenOverload] = AtenOverload("cat")

    tensors = operand_def(ListType)
    dim = operand_def(IntType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenIndexTensorOp(AtenOp):
    """`aten::index.Tensor(Tensor self, Tensor?[] indices) -> Tensor`"""

    name = "torch.aten.index.Tensor"
    ATEN: ClassVar[AtenOverload] = AtenOverload("index", "Tensor")

    self = operand_def(AnyTorchTensorType)
    indices = operand_def(ListType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenCumsumOp(AtenOp):
    """`aten::cumsum(Tensor self, int dim, *, ScalarType? dtype=None) -> Tensor`"""

    name = "torch.aten.cumsum"
    ATEN: ClassVar[AtenOverload] = AtenOverload("cumsum", "default", keyword_only=("dtype",))

    self = operand_def(AnyTorchTensorType)
    dim = operand_def(IntType)
    dtype = operand_def(IntType | NoneType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenNeScalarOp(AtenOp):
    """`aten::ne.Scalar(Tensor self, Scalar other) -> Tensor`"""

    name = "torch.aten.ne.Scalar"
    ATEN: ClassVar[AtenOverload] = AtenOverload("ne", "Scalar")

    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchScalarType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenEqTensorOp(AtenOp):
    """`aten::eq.Tensor(Tensor self, Tensor other) -> Tensor`"""

    name = "torch.aten.eq.Tensor"
    ATEN: ClassVar[AtenOverload] = AtenOverload("eq", "Tensor")

    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenEqScalarOp(AtenOp):
    """`aten::eq.Scalar(Tensor self, Scalar other) -> Tensor`"""

    name = "torch.aten.eq.Scalar"
    ATEN: ClassVar[AtenOverload] = AtenOverload("eq", "Scalar")

    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchScalarType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenLeTensorOp(AtenOp):
    """`aten::le.Tensor(Tensor self, Tensor other) -> Tensor`"""

    name = "torch.aten.le.Tensor"
    ATEN: ClassVar[AtenOverload] = AtenOverload("le", "Tensor")

    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenLtTensorOp(AtenOp):
    """`aten::lt.Tensor(Tensor self, Tensor other) -> Tensor`"""

    name = "torch.aten.lt.Tensor"
    ATEN: ClassVar[AtenOverload] = AtenOverload("lt", "Tensor")

    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenGeTensorOp(AtenOp):
    """`aten::ge.Tensor(Tensor self, Tensor other) -> Tensor`"""

    name = "torch.aten.ge.Tensor"
    ATEN: ClassVar[AtenOverload] = AtenOverload("ge", "Tensor")

    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenGtTensorOp(AtenOp):
    """`aten::gt.Tensor(Tensor self, Tensor other) -> Tensor`"""

    name = "torch.aten.gt.Tensor"
    ATEN: ClassVar[AtenOverload] = AtenOverload("gt", "Tensor")

    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class Aten__And__TensorOp(AtenOp):
    """`aten::__and__.Tensor(Tensor self, Tensor other) -> Tensor`"""

    name = "torch.aten.__and__.Tensor"
    ATEN: ClassVar[AtenOverload] = AtenOverload("__and__", "Tensor")

    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class Aten__Or__TensorOp(AtenOp):
    """`aten::__or__.Tensor(Tensor self, Tensor other) -> Tensor`"""

    name = "torch.aten.__or__.Tensor"
    ATEN: ClassVar[AtenOverload] = AtenOverload("__or__", "Tensor")

    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenLogicalNotOp(AtenOp):
    """`aten::logical_not(Tensor self) -> Tensor`"""

    name = "torch.aten.logical_not"
    ATEN: ClassVar[AtenOverload] = AtenOverload("logical_not")

    self = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenWhereSelfOp(AtenOp):
    """`aten::where.self(Tensor condition, Tensor self, Tensor other) -> Tensor`"""

    name = "torch.aten.where.self"
    ATEN: ClassVar[AtenOverload] = AtenOverload("where", "self")

    condition = operand_def(AnyTorchTensorType)
    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenWhereScalarOtherOp(AtenOp):
    """`aten::where.ScalarOther(Tensor condition, Tensor self, Scalar other) -> Tensor`"""

    name = "torch.aten.where.ScalarOther"
    ATEN: ClassVar[AtenOverload] = AtenOverload("where", "ScalarOther")

    condition = operand_def(AnyTorchTensorType)
    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchScalarType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenMaskedFillScalarOp(AtenOp):
    """`aten::masked_fill.Scalar(Tensor self, Tensor mask, Scalar value) -> Tensor`"""

    name = "torch.aten.masked_fill.Scalar"
    ATEN: ClassVar[AtenOverload] = AtenOverload("masked_fill", "Scalar")

    self = operand_def(AnyTorchTensorType)
    mask = operand_def(AnyTorchTensorType)
    value = operand_def(AnyTorchScalarType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenTriuOp(AtenOp):
    """`aten::triu(Tensor self, SymInt diagonal=0) -> Tensor`"""

    name = "torch.aten.triu"
    ATEN: ClassVar[AtenOverload] = AtenOverload("triu")

    self = operand_def(AnyTorchTensorType)
    diagonal = operand_def(IntType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenTrilOp(AtenOp):
    """`aten::tril(Tensor self, SymInt diagonal=0) -> Tensor`"""

    name = "torch.aten.tril"
    ATEN: ClassVar[AtenOverload] = AtenOverload("tril")

    self = operand_def(AnyTorchTensorType)
    diagonal = operand_def(IntType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenNewOnesOp(AtenOp):
    """`aten::new_ones(Tensor self, SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None,
    Device? device=None, bool? pin_memory=None) -> Tensor`
    """

    name = "torch.aten.new_ones"
    ATEN: ClassVar[AtenOverload] = AtenOverload(
        "new_ones", "default", keyword_only=("dtype", "layout", "device", "pin_memory")
    )

    self = operand_def(AnyTorchTensorType)
    size = operand_def(ListType[IntType])
    dtype = operand_def(IntType | NoneType)
    layout = operand_def(IntType | NoneType)
    device = operand_def(DeviceType | NoneType)
    pin_memory = operand_def(BoolType | NoneType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenOnesOp(AtenOp):
    """`aten::ones(SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device?
    device=None, bool? pin_memory=None) -> Tensor`
    """

    name = "torch.aten.ones"
    ATEN: ClassVar[AtenOverload] = AtenOverload(
        "ones", "default", keyword_only=("dtype", "layout", "device", "pin_memory")
    )

    size = operand_def(ListType[IntType])
    dtype = operand_def(IntType | NoneType)
    layout = operand_def(IntType | NoneType)
    device = operand_def(DeviceType | NoneType)
    pin_memory = operand_def(BoolType | NoneType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenZerosOp(AtenOp):
    """`aten::zeros(SymInt[] size, *, ScalarType? dtype=None, Layout? layout=None, Device?
    device=None, bool? pin_memory=None) -> Tensor`
    """

    name = "torch.aten.zeros"
    ATEN: ClassVar[AtenOverload] = AtenOverload(
        "zeros", "default", keyword_only=("dtype", "layout", "device", "pin_memory")
    )

    size = operand_def(ListType[IntType])
    dtype = operand_def(IntType | NoneType)
    layout = operand_def(IntType | NoneType)
    device = operand_def(DeviceType | NoneType)
    pin_memory = operand_def(BoolType | NoneType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenFullOp(AtenOp):
    """`aten::full(SymInt[] size, Scalar fill_value, *, ScalarType? dtype=None, Layout?
    layout=None, Device? device=None, bool? pin_memory=None) -> Tensor`
    """

    name = "torch.aten.full"
    ATEN: ClassVar[AtenOverload] = AtenOverload(
        "full", "default", keyword_only=("dtype", "layout", "device", "pin_memory")
    )

    size = operand_def(ListType[IntType])
    fill_value = operand_def(AnyTorchScalarType)
    dtype = operand_def(IntType | NoneType)
    layout = operand_def(IntType | NoneType)
    device = operand_def(DeviceType | NoneType)
    pin_memory = operand_def(BoolType | NoneType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenToDtypeOp(AtenOp):
    """`aten::to.dtype(Tensor(a) self, ScalarType dtype, bool non_blocking=False, bool copy=False,
    MemoryFormat? memory_format=None) -> Tensor(a)`
    """

    name = "torch.aten.to.dtype"
    ATEN: ClassVar[AtenOverload] = AtenOverload("to", "dtype")

    self = operand_def(AnyTorchTensorType)
    dtype = operand_def(IntType)
    non_blocking = operand_def(BoolType)
    copy = operand_def(BoolType)
    memory_format = operand_def(IntType | NoneType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenToDtypeLayoutOp(AtenOp):
    """`aten::to.dtype_layout(Tensor(a) self, *, ScalarType? dtype=None, Layout? layout=None,
    Device? device=None, bool? pin_memory=None, bool non_blocking=False, bool copy=False,
    MemoryFormat? memory_format=None) -> Tensor(a)`
    """

    name = "torch.aten.to.dtype_layout"
    ATEN: ClassVar[AtenOverload] = AtenOverload(
        "to", "dtype_layout", keyword_only=("dtype", "layout", "device", "pin_memory",
        "non_blocking", "copy", "memory_format")
    )

    self = operand_def(AnyTorchTensorType)
    dtype = operand_def(IntType | NoneType)
    layout = operand_def(IntType | NoneType)
    device = operand_def(DeviceType | NoneType)
    pin_memory = operand_def(BoolType | NoneType)
    non_blocking = operand_def(BoolType)
    copy = operand_def(BoolType)
    memory_format = operand_def(IntType | NoneType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenToDeviceOp(AtenOp):
    """`aten::to.device(Tensor(a) self, Device device, ScalarType dtype, bool non_blocking=False,
    bool copy=False, MemoryFormat? memory_format=None) -> Tensor(a)`
    """

    name = "torch.aten.to.device"
    ATEN: ClassVar[AtenOverload] = AtenOverload("to", "device")

    self = operand_def(AnyTorchTensorType)
    device = operand_def(DeviceType)
    dtype = operand_def(IntType)
    non_blocking = operand_def(BoolType)
    copy = operand_def(BoolType)
    memory_format = operand_def(IntType | NoneType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class Aten_ToCopyOp(AtenOp):
    """`aten::_to_copy(Tensor self, *, ScalarType? dtype=None, Layout? layout=None, Device?
    device=None, bool? pin_memory=None, bool non_blocking=False, MemoryFormat?
    memory_format=None) -> Tensor`
    """

    name = "torch.aten._to_copy"
    ATEN: ClassVar[AtenOverload] = AtenOverload(
        "_to_copy", "default", keyword_only=("dtype", "layout", "device", "pin_memory",
        "non_blocking", "memory_format")
    )

    self = operand_def(AnyTorchTensorType)
    dtype = operand_def(IntType | NoneType)
    layout = operand_def(IntType | NoneType)
    device = operand_def(DeviceType | NoneType)
    pin_memory = operand_def(BoolType | NoneType)
    non_blocking = operand_def(BoolType)
    memory_format = operand_def(IntType | NoneType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class Aten_AssertTensorMetadataOp(AtenOp):
    """`aten::_assert_tensor_metadata(Tensor a, SymInt[]? size=None, SymInt[]? stride=None,
    ScalarType? dtype=None, *, Device? device=None, Layout? layout=None) -> ()`
    """

    name = "torch.aten._assert_tensor_metadata"
    ATEN: ClassVar[AtenOverload] = AtenOverload(
        "_assert_tensor_metadata", "default", keyword_only=("device", "layout")
    )

    a = operand_def(AnyTorchTensorType)
    size = operand_def(ListType[IntType] | NoneType)
    stride = operand_def(ListType[IntType] | NoneType)
    dtype = operand_def(IntType | NoneType)
    device = operand_def(DeviceType | NoneType)
    layout = operand_def(IntType | NoneType)


@irdl_op_definition
class AtenAliasOp(AtenOp):
    """`aten::alias(Tensor(a) self) -> Tensor(a)`"""

    name = "torch.aten.alias"
    ATEN: ClassVar[AtenOverload] = AtenOverload("alias")

    self = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenCloneOp(AtenOp):
    """`aten::clone(Tensor self, *, MemoryFormat? memory_format=None) -> Tensor`"""

    name = "torch.aten.clone"
    ATEN: ClassVar[AtenOverload] = AtenOverload("clone", "default", keyword_only=("memory_format",))

    self = operand_def(AnyTorchTensorType)
    memory_format = operand_def(IntType | NoneType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenContiguousOp(AtenOp):
    """`aten::contiguous(Tensor(a) self, *, MemoryFormat memory_format=0) -> Tensor(a)`"""

    name = "torch.aten.contiguous"
    ATEN: ClassVar[AtenOverload] = AtenOverload(
        "contiguous", "default", keyword_only=("memory_format",)
    )

    self = operand_def(AnyTorchTensorType)
    memory_format = operand_def(IntType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenDetachOp(AtenOp):
    """`aten::detach(Tensor(a) self) -> Tensor(a)`"""

    name = "torch.aten.detach"
    ATEN: ClassVar[AtenOverload] = AtenOverload("detach")

    self = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenSizeIntOp(AtenOp):
    """`aten::size.int(Tensor self, int dim) -> int`"""

    name = "torch.aten.size.int"
    ATEN: ClassVar[AtenOverload] = AtenOverload("size", "int")

    self = operand_def(AnyTorchTensorType)
    dim = operand_def(IntType)
    result = result_def(IntType)

    traits = traits_def(Pure())


@irdl_op_definition
class AtenScaledDotProductAttentionOp(AtenOp):
    """`aten::scaled_dot_product_attention(Tensor query, Tensor key, Tensor value, Tensor?
    attn_mask=None, float dropout_p=0., bool is_causal=False, *, float? scale=None, bool
    enable_gqa=False) -> Tensor`
    """

    name = "torch.aten.scaled_dot_product_attention"
    ATEN: ClassVar[AtenOverload] = AtenOverload(
        "scaled_dot_product_attention", "default", keyword_only=("scale", "enable_gqa")
    )

    query = operand_def(AnyTorchTensorType)
    key = operand_def(AnyTorchTensorType)
    value = operand_def(AnyTorchTensorType)
    attn_mask = operand_def(AnyTorchOptionalTensorType)
    dropout_p = operand_def(FloatType)
    is_causal = operand_def(BoolType)
    scale = operand_def(FloatType | NoneType)
    enable_gqa = operand_def(BoolType)
    result = result_def(AnyTorchTensorType)


@irdl_op_definition
class AtenTypeAsOp(AtenOp):
    """`aten::type_as(Tensor self, Tensor other) -> Tensor`"""

    name = "torch.aten.type_as"
    ATEN: ClassVar[AtenOverload] = AtenOverload("type_as")

    self = operand_def(AnyTorchTensorType)
    other = operand_def(AnyTorchTensorType)
    result = result_def(AnyTorchTensorType)

    traits = traits_def(Pure())


ATEN_OPS: tuple[type[AtenOp], ...] = (
    AtenEmbeddingOp,
    AtenArangeOp,
    AtenArangeStartOp,
    AtenArangeStartStepOp,
    AtenAddTensorOp,
    AtenAddScalarOp,
    AtenSubTensorOp,
    AtenSubScalarOp,
    AtenMulTensorOp,
    AtenMulScalarOp,
    AtenDivTensorOp,
    AtenDivScalarOp,
    AtenNegOp,
    AtenPowTensorScalarOp,
    AtenMeanDimOp,
    AtenRsqrtOp,
    AtenSqrtOp,
    AtenExpOp,
    AtenCosOp,
    AtenSinOp,
    AtenSiluOp,
    AtenSigmoidOp,
    AtenGeluOp,
    AtenTanhOp,
    AtenSoftmaxIntOp,
    Aten_SoftmaxOp,
    AtenDropoutOp,
    AtenMatmulOp,
    AtenBmmOp,
    AtenMmOp,
    AtenLinearOp,
    AtenTOp,
    AtenTransposeIntOp,
    AtenPermuteOp,
    AtenViewOp,
    AtenReshapeOp,
    Aten_UnsafeViewOp,
    AtenUnsqueezeOp,
    AtenSqueezeDimOp,
    AtenExpandOp,
    AtenSliceTensorOp,
    AtenSelectIntOp,
    AtenCatOp,
    AtenIndexTensorOp,
    AtenCumsumOp,
    AtenNeScalarOp,
    AtenEqTensorOp,
    AtenEqScalarOp,
    AtenLeTensorOp,
    AtenLtTensorOp,
    AtenGeTensorOp,
    AtenGtTensorOp,
    Aten__And__TensorOp,
    Aten__Or__TensorOp,
    AtenLogicalNotOp,
    AtenWhereSelfOp,
    AtenWhereScalarOtherOp,
    AtenMaskedFillScalarOp,
    AtenTriuOp,
    AtenTrilOp,
    AtenNewOnesOp,
    AtenOnesOp,
    AtenZerosOp,
    AtenFullOp,
    AtenToDtypeOp,
    AtenToDtypeLayoutOp,
    AtenToDeviceOp,
    Aten_ToCopyOp,
    Aten_AssertTensorMetadataOp,
    AtenAliasOp,
    AtenCloneOp,
    AtenContiguousOp,
    AtenDetachOp,
    AtenSizeIntOp,
    AtenScaledDotProductAttentionOp,
    AtenTypeAsOp,
)
# END GENERATED ATEN OPS

TORCH = Dialect(
    "torch",
    [
        ConstantIntOp,
        ConstantFloatOp,
        ConstantBoolOp,
        ConstantNoneOp,
        ConstantStrOp,
        ConstantDeviceOp,
        PrimListConstructOp,
        ValueTensorLiteralOp,
        OperatorOp,
        *ATEN_OPS,
    ],
    list(TORCH_TYPES),
)
