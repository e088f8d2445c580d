"""The values of weights that raising derived from checkpoint tensors.

Raising folds constant arithmetic into parameters (a fused projection split into its rows,
Gemma's `1 + w` norm weights, Granite's multipliers; see `accllm.weight`), so the raised IR
names tensors the checkpoint does not hold. `DerivedWeights` is the checkpoint seen through
the IR: every weight the IR names, by that name, computed when read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np
from xdsl.dialects.builtin import ModuleOp

from accllm.dialects.accllm import WeightOp

F32 = np.float32


def derive(op: WeightOp, source: np.ndarray) -> np.ndarray:
    """`(source[rows] + offset) * scale` in float32, for the derivation `op` declares."""
    value = np.asarray(source, dtype=F32)
    if op.row_range is not None:
        begin, end = op.row_range
        value = value[begin:end]
    if op.offset_value is not None:
        value = value + F32(op.offset_value)
    if op.scale_value is not None:
        value = value * F32(op.scale_value)
    return np.ascontiguousarray(value, dtype=F32)


def weight_value(op: WeightOp, weights: Mapping[str, np.ndarray]) -> np.ndarray:
    """The data of `op`: read by name when `weights` has it, else derived from its source."""
    name = op.param.data
    if name in weights or op.source is None:
        return weights[name]
    return derive(op, weights[op.checkpoint_name])


class DerivedWeights(Mapping[str, np.ndarray]):
    """`checkpoint` as `module` names it: its own tensors plus every derived weight."""

    def __init__(self, checkpoint: Mapping[str, np.ndarray], module: ModuleOp):
        self._checkpoint = checkpoint
        self._derived = {
            op.param.data: op for op in module.walk() if isinstance(op, WeightOp) and op.source is not None
        }

    def __getitem__(self, name: str) -> np.ndarray:
        op = self._derived.get(name)
        if op is None:
            return self._checkpoint[name]
        return derive(op, self._checkpoint[op.checkpoint_name])

    def __contains__(self, name: object) -> bool:
        return name in self._derived or name in self._checkpoint

    def __iter__(self) -> Iterator[str]:
        yield from self._checkpoint
        yield from (n for n in self._derived if n not in self._checkpoint)

    def __len__(self) -> int:
        return sum(1 for _ in self)
