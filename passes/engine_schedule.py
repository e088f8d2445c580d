"""`engine-schedule`: the `wait` / `signal` masks of every instruction (docs/engine.md §5).

The three queues (LD, EX, ST) each run in program order; a value that crosses from one
queue to another is synchronized by a token: the producer signals the consumer's queue, the
consumer waits for the producer's queue. Tokens are counted per queue pair, so every wait
must consume exactly the token of the producer it needs. Because each queue is in order,
a consumer only waits for the latest producer of its operands on each other queue, and only
if no earlier instruction of its own queue already waited for that producer or a later one;
the producer signals exactly the queues that wait for it. Waits and signals therefore pair
up one to one per queue pair, in the same order, and the program cannot deadlock.

The masks are written as integer attributes `wait` and `signal` (LD = 1, EX = 2, ST = 4) on
every instruction of every `engine.program`; the binary encoder (backend_hls/program_binary.py)
computes the same masks with `queue_masks` when they are absent.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import IntegerAttr, ModuleOp, i64
from xdsl.ir import Operation
from xdsl.passes import ModulePass

from accllm.dialects import engine

QUEUE_BITS = {"LD": 1, "EX": 2, "ST": 4}


def queue_masks(program: engine.ProgramOp) -> dict[Operation, tuple[int, int]]:
    """(wait, signal) of every instruction of `program`."""
    ops = list(program.body.block.ops)
    order = {op: i for i, op in enumerate(ops)}
    wait = dict.fromkeys(ops, 0)
    signal = dict.fromkeys(ops, 0)
    # (consumer queue, producer queue) -> index of the latest producer already waited for.
    synced: dict[tuple[str, str], int] = {}
    for op in ops:
        latest: dict[str, Operation] = {}
        for operand in op.operands:
            producer = operand.owner
            if not isinstance(producer, Operation) or producer.QUEUE == op.QUEUE:
                continue
            known = latest.get(producer.QUEUE)
            if known is None or order[producer] > order[known]:
                latest[producer.QUEUE] = producer
        for queue, producer in latest.items():
            if order[producer] > synced.get((op.QUEUE, queue), -1):
                synced[(op.QUEUE, queue)] = order[producer]
                wait[op] |= QUEUE_BITS[queue]
                signal[producer] |= QUEUE_BITS[op.QUEUE]
    return {op: (wait[op], signal[op]) for op in ops}


def mask_names(mask: int) -> str:
    """`LD|EX` for a mask, `-` for none (listings, diagnostics)."""
    return "|".join(q for q, bit in QUEUE_BITS.items() if mask & bit) or "-"


@dataclass(frozen=True)
class EngineSchedulePass(ModulePass):
    """Annotate every instruction with its `wait` and `signal` masks."""

    name = "engine-schedule"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for program in op.body.block.ops:
            if isinstance(program, engine.ProgramOp):
                for instr, (wait, signal) in queue_masks(program).items():
                    instr.attributes["wait"] = IntegerAttr(wait, i64)
                    instr.attributes["signal"] = IntegerAttr(signal, i64)
