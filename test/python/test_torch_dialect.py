"""The typed `torch` dialect subset (`accllm.dialects.torch`): it reads real torch-mlir imports
into typed ops and types, prints them back as read, and its ATen ops match torch's schemas."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import torch
from torch_mlir.dialects import _torch_ops_gen
from xdsl.context import Context
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    Builtin,
    IntegerType,
    ModuleOp,
    Signedness,
    TensorType,
    UnregisteredOp,
    bf16,
    f32,
    i1,
    i64,
)
from xdsl.dialects.func import Func
from xdsl.parser import Parser
from xdsl.printer import Printer

from accllm.dialects.torch import (
    ATEN_OPS,
    TORCH,
    AtenArangeOp,
    AtenAddTensorOp,
    AtenLinearOp,
    AtenScaledDotProductAttentionOp,
    AtenToDtypeLayoutOp,
    Aten_AssertTensorMetadataOp,
    ConstantBoolOp,
    ConstantFloatOp,
    ConstantIntOp,
    ConstantNoneOp,
    IntType,
    ListType,
    NonValueTensorType,
    OperatorOp,
    OptionalType,
    PrimListConstructOp,
    ValueTensorLiteralOp,
    ValueTensorType,
)

REPO = Path(__file__).resolve().parents[2]
DECODER_LAYER = REPO / "test/dialects/torch/Inputs/llama_decoder_layer.mlir"


def parse(text: str) -> ModuleOp:
    """Parse with the torch dialect; other dialects' ops (accllm.weight) stay unregistered."""
    ctx = Context(allow_unregistered=True)
    for dialect in (Builtin, Func, TORCH):
        ctx.load_dialect(dialect)
    module = Parser(ctx, text).parse_module()
    module.verify()
    return module


def print_generic(module: ModuleOp) -> str:
    out = []
    printer = Printer(stream=_Collect(out), print_generic_format=True)
    printer.print_op(module)
    return "".join(out)


class _Collect:
    def __init__(self, out: list[str]):
        self.write = out.append


_LOC = re.compile(r' loc\([^()]*\)')
_FLOAT = re.compile(r"(?<![\w.])-?\d+\.\d+(?:[eE][-+]?\d+)?")


def normalized(text: str) -> list[str]:
    """The lines of `text` without comments, blank lines and locations, each float literal
    respelled by value (xDSL prints `1.000000e-06` for torch-mlir's `9.9999999999999995E-7`)."""
    lines = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        line = _LOC.sub("", line)
        lines.append(_FLOAT.sub(lambda m: repr(float(m.group())), line))
    return lines


def vtensor(text: str) -> ValueTensorType:
    module = parse(f'"test.op"() : () -> {text}')
    t = module.body.block.first_op.results[0].type
    assert isinstance(t, ValueTensorType | NonValueTensorType)
    return t


# --------------------------------------------------------------------------------------
# A real imported decoder layer
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def decoder_text() -> str:
    return DECODER_LAYER.read_text()


def test_decoder_layer_torch_ops_are_typed(decoder_text):
    module = parse(decoder_text)
    torch_ops = [op for op in module.walk() if op.name.startswith("torch.")]
    assert torch_ops and not [op.name for op in torch_ops if isinstance(op, UnregisteredOp)]

    kinds = Counter(type(op) for op in torch_ops)
    assert kinds[AtenLinearOp] == 7
    assert kinds[AtenScaledDotProductAttentionOp] == 1
    assert kinds[Aten_AssertTensorMetadataOp] == 4
    assert kinds[PrimListConstructOp] == 13


def test_decoder_layer_operands_by_schema_name(decoder_text):
    module = parse(decoder_text)
    linears = [op for op in module.walk() if isinstance(op, AtenLinearOp)]
    for op in linears:
        assert op.input.type.shape[-1] == op.weight.type.shape[1]
        assert isinstance(op.bias.owner, ConstantNoneOp)
        assert op.weight.owner.op_name.data == "accllm.weight"

    (sdpa,) = [op for op in module.walk() if isinstance(op, AtenScaledDotProductAttentionOp)]
    assert sdpa.attn_mask.type == ValueTensorType([1, 1, DYNAMIC_INDEX, DYNAMIC_INDEX], i1)
    assert isinstance(sdpa.scale.owner, ConstantFloatOp)
    assert sdpa.scale.owner.value.value.data == pytest.approx(8**-0.5)
    assert isinstance(sdpa.is_causal.owner, ConstantBoolOp)

    # An op without results: the importer's metadata checks.
    asserts = [op for op in module.walk() if isinstance(op, Aten_AssertTensorMetadataOp)]
    assert all(not op.results for op in asserts)


def test_decoder_layer_prints_back_as_read(decoder_text):
    assert normalized(print_generic(parse(decoder_text))) == normalized(decoder_text)


def test_locations_are_read_and_dropped():
    with_locs = (
        '"builtin.module"() ({\n'
        '  %x = "test.op"() : () -> !torch.vtensor<[1,?],si64> loc("model.py":3:0)\n'
        '  %0 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int loc("model.py":4:8)\n'
        '  %1 = "torch.aten.size.int"(%x, %0) : (!torch.vtensor<[1,?],si64>, !torch.int)'
        ' -> !torch.int loc(unknown)\n'
        '}) : () -> () loc(unknown)\n'
    )
    assert normalized(print_generic(parse(with_locs))) == normalized(with_locs)


# --------------------------------------------------------------------------------------
# Types
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    [
        "!torch.vtensor<[1,?,32],f32>",
        "!torch.vtensor<[],si64>",
        "!torch.vtensor<*,bf16>",
        "!torch.vtensor<[2,?],unk>",
        "!torch.vtensor",
        "!torch.tensor<[2,3],ui8>",
        "!torch.int",
        "!torch.Device",
        "!torch.list<optional<vtensor>>",
        "!torch.list<vtensor<[1,?],si64>>",
        "!torch.optional<list<int>>",
    ],
)
def test_type_spellings_round_trip(spelling):
    module = parse(f'"test.op"() : () -> {spelling}')
    assert str(module.body.block.first_op.results[0].type) == spelling


def test_vtensor_accessors():
    t = vtensor("!torch.vtensor<[1,?,32],f32>")
    assert t.has_sizes and t.has_dtype
    assert t.shape == (1, DYNAMIC_INDEX, 32)
    assert t.dtype == f32
    assert vtensor("!torch.vtensor<[1,?],si64>").dtype == IntegerType(64, Signedness.SIGNED)

    unknown = vtensor("!torch.vtensor")
    assert not unknown.has_sizes and not unknown.has_dtype
    with pytest.raises(ValueError):
        unknown.shape
    with pytest.raises(ValueError):
        unknown.dtype


@pytest.mark.parametrize(
    "spelling, builtin",
    [
        ("!torch.vtensor<[1,?],si64>", TensorType(i64, [1, DYNAMIC_INDEX])),
        ("!torch.vtensor<[1,?],ui8>", TensorType(IntegerType(8), [1, DYNAMIC_INDEX])),
        ("!torch.vtensor<[1,1,?,?],i1>", TensorType(i1, [1, 1, DYNAMIC_INDEX, DYNAMIC_INDEX])),
        ("!torch.vtensor<[64,32],f32>", TensorType(f32, [64, 32])),
        ("!torch.vtensor<[],bf16>", TensorType(bf16, [])),
        ("!torch.tensor<[2],f32>", TensorType(f32, [2])),
    ],
)
def test_to_builtin_tensor(spelling, builtin):
    assert vtensor(spelling).to_builtin_tensor() == builtin


def test_to_builtin_tensor_str():
    assert str(vtensor("!torch.vtensor<[1,?],si64>").to_builtin_tensor()) == "tensor<1x?xi64>"


def test_types_built_in_python_print_like_parsed_ones():
    t = ValueTensorType([1, DYNAMIC_INDEX], IntegerType(64, Signedness.SIGNED))
    assert str(t) == "!torch.vtensor<[1,?],si64>"
    assert t == vtensor("!torch.vtensor<[1,?],si64>")
    assert t != ValueTensorType([1, 2], IntegerType(64, Signedness.SIGNED))
    assert t != NonValueTensorType([1, DYNAMIC_INDEX], IntegerType(64, Signedness.SIGNED))
    assert str(ValueTensorType(None, f32)) == "!torch.vtensor<*,f32>"
    optional_tensors = ListType(OptionalType(ValueTensorType(None, None)))
    assert str(optional_tensors) == "!torch.list<optional<vtensor>>"


# --------------------------------------------------------------------------------------
# Constants, lists, literals, torch.operator, unregistered ops
# --------------------------------------------------------------------------------------

CONSTANTS = """\
"builtin.module"() ({
  %0 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
  %1 = "torch.constant.float"() <{value = 2.500000e-01 : f64}> : () -> !torch.float
  %2 = "torch.constant.bool"() <{value = true}> : () -> !torch.bool
  %3 = "torch.constant.none"() : () -> !torch.none
  %4 = "torch.constant.str"() <{value = "none"}> : () -> !torch.str
  %5 = "torch.constant.device"() <{value = "cpu"}> : () -> !torch.Device
  %6 = "torch.prim.ListConstruct"(%0, %0) : (!torch.int, !torch.int) -> !torch.list<int>
  %7 = "torch.vtensor.literal"() <{value = dense<[1, 2, 3]> : tensor<3xsi64>}> : () -> !torch.vtensor<[3],si64>
  %8 = "torch.operator"(%7, %0) <{name = "torch.aten.diff"}> : (!torch.vtensor<[3],si64>, !torch.int) -> !torch.vtensor<[2],si64>
}) : () -> ()
"""


def test_constants_round_trip():
    module = parse(CONSTANTS)
    assert print_generic(module) == CONSTANTS.rstrip("\n")
    ops = list(module.body.block.ops)
    assert [type(op).__name__ for op in ops] == [
        "ConstantIntOp", "ConstantFloatOp", "ConstantBoolOp", "ConstantNoneOp", "ConstantStrOp",
        "ConstantDeviceOp", "PrimListConstructOp", "ValueTensorLiteralOp", "OperatorOp",
    ]
    assert isinstance(ops[-1], OperatorOp) and ops[-1].op_name.data == "torch.aten.diff"
    assert isinstance(ops[-2], ValueTensorLiteralOp)
    assert ops[-2].result.type.to_builtin_tensor() == TensorType(i64, [3])


def test_builders_make_what_the_importer_makes():
    c = ConstantIntOp(-1)
    assert c.result.type == IntType() and c.value.value.data == -1
    lst = PrimListConstructOp([c.result, c.result], ListType(IntType()))
    assert str(lst.result.type) == "!torch.list<int>"
    parsed = parse('%0 = "torch.constant.bool"() <{value = true}> : () -> !torch.bool')
    assert ConstantBoolOp(True).properties == parsed.body.block.first_op.properties


def test_unregistered_torch_op_parses_with_typed_types():
    module = parse(
        '%x = "test.op"() : () -> !torch.vtensor<[2,3],f32>\n'
        '%0 = "torch.aten.foo"(%x) : (!torch.vtensor<[2,3],f32>) -> !torch.list<int>\n'
    )
    foo = module.body.block.last_op
    assert isinstance(foo, UnregisteredOp) and foo.op_name.data == "torch.aten.foo"
    assert isinstance(foo.operands[0].type, ValueTensorType)
    assert foo.results[0].type == ListType(IntType())


def test_unregistered_torch_op_is_an_error_when_not_allowed():
    ctx = Context()
    ctx.load_dialect(Builtin)
    ctx.load_dialect(TORCH)
    with pytest.raises(Exception, match="torch.aten.foo is not registered"):
        Parser(ctx, '"torch.aten.foo"() : () -> ()').parse_module()


# --------------------------------------------------------------------------------------
# ATen ops against torch's schemas
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("op", ATEN_OPS, ids=lambda op: op.name)
def test_aten_op_matches_its_schema(op):
    overload = getattr(getattr(torch.ops.aten, op.ATEN.name), op.ATEN.overload)
    schema = overload._schema
    overload_suffix = f".{schema.overload_name}" if schema.overload_name else ""
    assert op.ATEN.schema_name == schema.name + overload_suffix
    suffix = "" if op.ATEN.overload == "default" else f".{op.ATEN.overload}"
    assert op.name == f"torch.aten.{op.ATEN.name}{suffix}"

    definition = op.get_irdl_definition()
    assert [name for name, _ in definition.operands] == [a.name for a in schema.arguments]
    assert op.ATEN.keyword_only == tuple(a.name for a in schema.arguments if a.kwarg_only)
    assert len(definition.results) == len(schema.returns)


def test_aten_class_names_follow_torch_mlir():
    torch_mlir_names = {
        cls.OPERATION_NAME: name
        for name, cls in vars(_torch_ops_gen).items()
        if isinstance(cls, type) and hasattr(cls, "OPERATION_NAME") and not name.endswith("Adaptor")
    }
    for op in ATEN_OPS:
        assert torch_mlir_names[op.name] == op.__name__


def test_split_calls_torch_generically():
    args, kwargs = AtenArangeOp.ATEN.split([5, torch.int64, None, None, None])
    assert args == (5,) and kwargs == {
        "dtype": torch.int64, "layout": None, "device": None, "pin_memory": None,
    }
    packet = getattr(torch.ops.aten, AtenArangeOp.ATEN.name)
    arange = getattr(packet, AtenArangeOp.ATEN.overload)
    assert torch.equal(arange(*args, **kwargs), torch.arange(5))

    x, y = torch.ones(3), torch.arange(3.0)
    args, kwargs = AtenAddTensorOp.ATEN.split([x, y, 2])
    assert kwargs == {"alpha": 2}
    assert torch.equal(torch.ops.aten.add.Tensor(*args, **kwargs), x + 2 * y)

    values = [x, torch.float64, None, None, None, False, False, None]
    args, kwargs = AtenToDtypeLayoutOp.ATEN.split(values)
    assert torch.ops.aten.to.dtype_layout(*args, **kwargs).dtype == torch.float64


def test_generated_ops_are_current():
    """The checked-in block is what the generator writes from this torch's schemas."""
    script = REPO / "dialects/tools/gen_torch_ops.py"
    result = subprocess.run([sys.executable, script, "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
