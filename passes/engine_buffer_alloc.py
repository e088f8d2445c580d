"""`engine-buffer-alloc`: place every activation of a program in the on-chip activation
buffer, and size that buffer.

The buffer holds `max_tokens` rows; within a row each live value (float32 activations, int8
codes plus their float32 scale) occupies a byte range that no value live at the same time
overlaps. Values are placed first-fit in program order and released after their last use,
so the buffer is as wide as the widest set of simultaneously live values (during attention:
the residual stream, the query, keys and values). Each defining op gets an `engine.buffer`
attribute (byte offset within a row); the module gets `engine.act_row_bytes`, which the
resource model and the HLS backend size the buffer from.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import IntegerAttr, ModuleOp, i64
from xdsl.ir import SSAValue
from xdsl.passes import ModulePass

from accllm.dialects import engine
from accllm.passes.engine_tiling import BEAT_BYTES

ROW_ATTR = "engine.act_row_bytes"
BUFFER_ATTR = "engine.buffer"


def value_row_bytes(value: SSAValue) -> int:
    """Bytes one token of `value` takes in the activation buffer (beat aligned)."""
    t = value.type
    if isinstance(t, engine.ActType):
        nbytes = 4 * t.width.data
    elif isinstance(t, engine.QActType):
        nbytes = t.width.data + 4
    else:
        return 0
    return -(-nbytes // BEAT_BYTES) * BEAT_BYTES


def allocate_program(program: engine.ProgramOp) -> tuple[dict[SSAValue, int], int]:
    """(row offset of each activation value, row bytes) by first-fit over live ranges."""
    ops = list(program.body.block.ops)
    index = {op: i for i, op in enumerate(ops)}
    last_use: dict[SSAValue, int] = {}
    for i, op in enumerate(ops):
        for operand in op.operands:
            last_use[operand] = i
    live: list[tuple[int, int, SSAValue]] = []  # (offset, size, value)
    offsets: dict[SSAValue, int] = {}
    row = 0
    for i, op in enumerate(ops):
        live = [entry for entry in live if last_use.get(entry[2], index[entry[2].owner]) >= i]
        for result in op.results:
            size = value_row_bytes(result)
            if not size:
                continue
            offset = 0
            for start, length, _ in sorted(live, key=lambda e: e[0]):
                if offset + size <= start:
                    break
                offset = max(offset, start + length)
            live.append((offset, size, result))
            offsets[result] = offset
            row = max(row, offset + size)
    return offsets, row


def act_row_bytes(module: ModuleOp) -> int:
    """The activation buffer's row width for the module's programs (computed if the pass
    has not run)."""
    attr = module.attributes.get(ROW_ATTR)
    if isinstance(attr, IntegerAttr):
        return attr.value.data
    programs = [op for op in module.body.block.ops if isinstance(op, engine.ProgramOp)]
    return max((allocate_program(p)[1] for p in programs), default=0)


@dataclass(frozen=True)
class EngineBufferAllocPass(ModulePass):
    name = "engine-buffer-alloc"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        row = 0
        for program in op.body.block.ops:
            if not isinstance(program, engine.ProgramOp):
                continue
            offsets, program_row = allocate_program(program)
            for value, offset in offsets.items():
                value.owner.attributes[BUFFER_ATTR] = IntegerAttr(offset, i64)
            row = max(row, program_row)
        op.attributes[ROW_ATTR] = IntegerAttr(row, i64)
