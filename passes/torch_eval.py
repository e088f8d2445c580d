"""Evaluate position-only parts of a torch-dialect graph with PyTorch itself.

HF models build their attention masks and RoPE cos/sin tables inside the traced graph from
`arange`, `cumsum`, comparisons and the `inv_freq` buffer. Those subgraphs depend only on the
sequence length, never on token ids or weights. Instead of pattern-matching the dozens of ways
transformers versions spell them, the raising pass evaluates them for a concrete length with
`torch.ops.aten` (the very kernels the model ran) and reads off what they mean.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from xdsl.dialects.builtin import DenseIntOrFPElementsAttr
from xdsl.ir import Block, BlockArgument, Operation, SSAValue

from accllm.diagnostics import op_name
from accllm.dialects.accllm import WeightOp

# torch.ScalarType / Layout / MemoryFormat are passed as integers in the torch dialect.
_SCALAR_TYPES = {
    0: torch.uint8, 1: torch.int8, 2: torch.int16, 3: torch.int32, 4: torch.int64,
    5: torch.float16, 6: torch.float32, 7: torch.float64, 11: torch.bool, 15: torch.bfloat16,
}
_LAYOUTS = {0: torch.strided}
_MEMORY_FORMATS = {0: torch.contiguous_format, 1: torch.preserve_format}


class NotPositionOnly(Exception):
    """The value depends on token ids or weights, so it cannot be evaluated here."""


def aten_overload(op: Operation) -> Any:
    """`torch.aten.name[.overload]` (or `torch.operator "torch.aten..."`) -> OpOverload."""
    name = op_name(op)
    if name == "torch.operator":
        name = op.properties["name"].data if "name" in op.properties else op.attributes["name"].data
    parts = name.split(".")
    if len(parts) < 3 or parts[:2] != ["torch", "aten"]:
        raise KeyError(name)
    packet = getattr(torch.ops.aten, parts[2])
    return getattr(packet, parts[3] if len(parts) > 3 else "default")


def _convert_argument(schema_type: str, value: Any) -> Any:
    if "Device" in schema_type and value is not None:
        return "cpu"  # the graph may name the device it was traced on, e.g. `meta`
    if isinstance(value, int) and not isinstance(value, bool):
        if "ScalarType" in schema_type:
            return _SCALAR_TYPES[value]
        if "Layout" in schema_type:
            return _LAYOUTS[value]
        if "MemoryFormat" in schema_type:
            return _MEMORY_FORMATS[value]
    return value


def _literal_value(op: Operation) -> Any:
    value = op.properties.get("value", op.attributes.get("value"))
    if op_name(op) == "torch.constant.none":
        return None
    if op_name(op) == "torch.vtensor.literal":
        if not isinstance(value, DenseIntOrFPElementsAttr):
            raise NotPositionOnly(f"unsupported literal {value}")
        shape = value.get_shape()
        array = np.array(value.get_values()).reshape(shape)
        return torch.from_numpy(array.copy())
    if op_name(op) == "torch.constant.bool":
        return bool(value.value.data)
    if op_name(op) == "torch.constant.device":
        return value.data
    if op_name(op) == "torch.constant.str":
        return value.data
    return value.value.data  # int / float


class TorchEvaluator:
    """Evaluates SSA values of one function for a given example input (memoized)."""

    def __init__(self, inputs: dict[BlockArgument, torch.Tensor]):
        self._values: dict[SSAValue, Any] = dict(inputs)

    def __call__(self, value: SSAValue) -> Any:
        if value in self._values:
            return self._values[value]
        if isinstance(value, BlockArgument):
            raise NotPositionOnly("function argument")
        op = value.owner
        assert isinstance(op, Operation)
        result = self._evaluate(op)
        results = result if isinstance(result, (tuple, list)) and len(op.results) > 1 else [result]
        for res, val in zip(op.results, results):
            self._values[res] = val
        return self._values[value]

    def _evaluate(self, op: Operation) -> Any:
        if isinstance(op, WeightOp):
            raise NotPositionOnly(f"weight '{op.param.data}'")
        if op_name(op).startswith("torch.constant.") or op_name(op) == "torch.vtensor.literal":
            return _literal_value(op)
        if op_name(op) == "torch.prim.ListConstruct":
            return [self(v) for v in op.operands]
        if op_name(op) == "torch.aten.size.int":
            return self(op.operands[0]).shape[self(op.operands[1])]
        try:
            overload = aten_overload(op)
        except (KeyError, AttributeError):
            raise NotPositionOnly(f"no evaluator for {op_name(op)}") from None
        args, kwargs = [], {}
        for operand, arg in zip(op.operands, overload._schema.arguments):
            value = _convert_argument(str(arg.type), self(operand))
            if arg.kwarg_only:
                kwargs[arg.name] = value
            else:
                args.append(value)
        return overload(*args, **kwargs)


def depends_on_data(block: Block) -> Callable[[SSAValue], bool]:
    """Which values depend on token ids or weights (`size.int` only reads a shape)."""
    data: set[SSAValue] = set(block.args)
    for op in block.ops:
        if op_name(op) == "torch.aten.size.int":
            continue
        if isinstance(op, WeightOp) or any(o in data for o in op.operands):
            data.update(op.results)
    return lambda value: value in data
