"""Regenerate the ATen ops of `dialects/torch.py` from torch's own schemas.

    python dialects/tools/gen_torch_ops.py           # rewrite the generated block
    python dialects/tools/gen_torch_ops.py --check   # exit 1 if the block is out of date

The ops are those in `OVERLOADS`; each gets its operands named, ordered and constrained as the
schema's arguments (keyword-only ones last, as the schema lists them), its class and op name
as torch-mlir's own generator spells them, and `Pure` when the overload neither mutates nor
draws random numbers, so dead ones fold away.
"""

from __future__ import annotations

import argparse
import keyword
import sys
import textwrap
from pathlib import Path

import torch

TORCH_PY = Path(__file__).resolve().parents[1] / "torch.py"
BEGIN = "# BEGIN GENERATED ATEN OPS\n"
END = "# END GENERATED ATEN OPS\n"

# `name` or `name.overload`, as under `torch.ops.aten`.
OVERLOADS = [
    "embedding",
    "arange",
    "arange.start",
    "arange.start_step",
    "add.Tensor",
    "add.Scalar",
    "sub.Tensor",
    "sub.Scalar",
    "mul.Tensor",
    "mul.Scalar",
    "div.Tensor",
    "div.Scalar",
    "neg",
    "pow.Tensor_Scalar",
    "mean.dim",
    "rsqrt",
    "sqrt",
    "exp",
    "cos",
    "sin",
    "silu",
    "sigmoid",
    "gelu",
    "tanh",
    "softmax.int",
    "_softmax",
    "dropout",
    "matmul",
    "bmm",
    "mm",
    "linear",
    "t",
    "transpose.int",
    "permute",
    "view",
    "reshape",
    "_unsafe_view",
    "unsqueeze",
    "squeeze.dim",
    "expand",
    "slice.Tensor",
    "select.int",
    "cat",
    "index.Tensor",
    "cumsum",
    "ne.Scalar",
    "eq.Tensor",
    "eq.Scalar",
    "le.Tensor",
    "lt.Tensor",
    "ge.Tensor",
    "gt.Tensor",
    "__and__.Tensor",
    "__or__.Tensor",
    "logical_not",
    "where.self",
    "where.ScalarOther",
    "masked_fill.Scalar",
    "triu",
    "tril",
    "new_ones",
    "ones",
    "zeros",
    "full",
    "to.dtype",
    "to.dtype_layout",
    "to.device",
    "_to_copy",
    "_assert_tensor_metadata",
    "alias",
    "clone",
    "contiguous",
    "detach",
    "size.int",
    "scaled_dot_product_attention",
    "type_as",
]

# Schema types (as `str(argument.type)` spells them; ScalarType, Layout and MemoryFormat are
# `int`) to the constraints of dialects/torch.py.
CONSTRAINTS = {
    "Tensor": "AnyTorchTensorType",
    "Optional[Tensor]": "AnyTorchOptionalTensorType",
    "int": "IntType",
    "float": "FloatType",
    "bool": "BoolType",
    "number": "AnyTorchScalarType",
    "str": "StringType",
    "Device": "DeviceType",
    "List[int]": "ListType[IntType]",
    "List[Tensor]": "ListType",
    "List[Optional[Tensor]]": "ListType",
}

# Field names IRDL would take for its own (or silently skip) rather than as operands.
RESERVED = {"name", "result", "traits", "irdl_options", "assembly_format", "ATEN"}


def split_overload(spec: str) -> tuple[str, str]:
    name, _, overload = spec.partition(".")
    return name, overload or "default"


def class_name(name: str, overload: str) -> str:
    """torch-mlir's C++/Python class name: `__and__.Tensor` -> `Aten__And__TensorOp`."""
    atoms = ["aten", name] + ([] if overload == "default" else [overload])
    parts = [p or "_" for atom in atoms for p in atom.split("_")]
    return "".join(p[0].upper() + p[1:] for p in parts) + "Op"


def constraint(type_str: str) -> str:
    if type_str in CONSTRAINTS:
        return CONSTRAINTS[type_str]
    if type_str.startswith("Optional[") and type_str[9:-1] in CONSTRAINTS:
        return f"{CONSTRAINTS[type_str[9:-1]]} | NoneType"
    raise SystemExit(f"no constraint for schema type {type_str}")


def aten_overload_lines(name: str, overload: str, keyword_only: list[str]) -> list[str]:
    args = [f'"{name}"']
    if overload != "default" or keyword_only:
        args.append(f'"{overload}"')
    if keyword_only:
        trailing = "," if len(keyword_only) == 1 else ""
        args.append("keyword_only=(" + ", ".join(f'"{k}"' for k in keyword_only) + trailing + ")")
    call = ", ".join(args)
    one_line = f"    ATEN: ClassVar[AtenOverload] = AtenOverload({call})"
    if len(one_line) <= 100:
        return [one_line]
    indent = " " * 8
    return [
        "    ATEN: ClassVar[AtenOverload] = AtenOverload(",
        *textwrap.wrap(call, width=100, initial_indent=indent, subsequent_indent=indent),
        "    )",
    ]


def emit_op(spec: str) -> tuple[str, str]:
    name, overload = split_overload(spec)
    packet_overload = getattr(getattr(torch.ops.aten, name), overload)
    schema = packet_overload._schema
    cls = class_name(name, overload)
    op_name = f"torch.aten.{name}" + ("" if overload == "default" else f".{overload}")

    doc = textwrap.fill(
        f"`{schema}`", width=92, subsequent_indent="    ", break_on_hyphens=False
    )
    lines = [
        "@irdl_op_definition",
        f"class {cls}(AtenOp):",
        f'    """{doc}"""' if "\n" not in doc else f'    """{doc}\n    """',
        "",
        f'    name = "{op_name}"',
        *aten_overload_lines(name, overload, [a.name for a in schema.arguments if a.kwarg_only]),
        "",
    ]
    for arg in schema.arguments:
        if arg.name in RESERVED or keyword.iskeyword(arg.name):
            raise SystemExit(f"{spec}: argument name {arg.name!r} cannot be an operand name")
        lines.append(f"    {arg.name} = operand_def({constraint(str(arg.type))})")
    if len(schema.returns) > 1:
        raise SystemExit(f"{spec}: ops with several results are not supported")
    for ret in schema.returns:
        lines.append(f"    result = result_def({constraint(str(ret.type))})")
    nondeterministic = torch.Tag.nondeterministic_seeded in packet_overload.tags
    if schema.returns and not schema.is_mutable and not nondeterministic:
        lines += ["", "    traits = traits_def(Pure())"]
    return cls, "\n".join(lines)


def generate() -> str:
    classes, bodies = zip(*(emit_op(spec) for spec in OVERLOADS))
    version = torch.__version__.split("+")[0]
    header = (
        f"# Generated by dialects/tools/gen_torch_ops.py from torch {version}'s ATen schemas;\n"
        "# edit the script, not this block."
    )
    ops_tuple = "ATEN_OPS: tuple[type[AtenOp], ...] = (\n"
    ops_tuple += "".join(f"    {c},\n" for c in classes) + ")\n"
    return header + "\n\n\n" + "\n\n\n".join(bodies) + "\n\n\n" + ops_tuple


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if torch.py is stale")
    args = parser.parse_args()

    text = TORCH_PY.read_text()
    head, rest = text.split(BEGIN)
    _, tail = rest.split(END)
    updated = head + BEGIN + generate() + END + tail
    if args.check:
        if updated != text:
            print(f"{TORCH_PY} is out of date: run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    TORCH_PY.write_text(updated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
