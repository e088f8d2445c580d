"""One-line, located error reporting shared by every accllm command.

Users see `file:line:col: error: message` (the convention of MLIR's C++ tools), never a Python
traceback. `AccllmError` carries such a message; `LocatingParser` remembers where each op was
read so verifier and pass errors can point at the input line.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.dialects.builtin import FileLineColLoc, ModuleOp, UnregisteredOp
from xdsl.ir import Operation
from xdsl.parser import Parser
from xdsl.utils.exceptions import ParseError, VerifyException


class AccllmError(Exception):
    """An error whose message is complete and user-facing (one line per problem)."""


@dataclass(frozen=True)
class SourceLoc:
    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


class LocatingParser(Parser):
    """An xDSL parser that records the source position of every operation it parses."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.op_locations: dict[Operation, SourceLoc] = {}

    def parse_operation(self) -> Operation:
        start = self._current_token.span
        where = start.get_location()
        try:
            op = super().parse_operation()
        except VerifyException as err:
            # An attribute verifier failed while the op was being read: report it there.
            raise ParseError(start, _first_line(str(err))) from None
        self.op_locations[op] = SourceLoc(where.file, where.line, where.col)
        return op


def parse_error_message(error: ParseError) -> str:
    where = error.span.get_location()
    return f"{where.file}:{where.line}:{where.col}: error: {error.msg}"


def op_location(op: Operation, parsed: dict[Operation, SourceLoc] | None = None) -> str:
    """Where `op` came from: its line in the parsed input, else its debug location."""
    if parsed and op in parsed:
        return str(parsed[op])
    loc = op.location
    if isinstance(loc, FileLineColLoc):
        return f"{loc.filename.data}:{loc.line.data}:{loc.column.data}"
    return "<unknown>"


def op_name(op: Operation) -> str:
    """The op's full name, also for ops parsed as unregistered (outside the typed subset)."""
    return op.op_name.data if isinstance(op, UnregisteredOp) else op.name


def op_error(op: Operation, message: str, parsed: dict[Operation, SourceLoc] | None = None) -> str:
    return f"{op_location(op, parsed)}: error: '{op_name(op)}' op {message}"


def verify_module(module: ModuleOp, parsed: dict[Operation, SourceLoc] | None = None) -> None:
    """Verify every op; raise one AccllmError listing each failing op on its own line."""
    problems: list[str] = []
    for op in module.walk():
        try:
            op.verify(verify_nested_ops=False)
        except Exception as err:  # noqa: BLE001 - verifiers may raise any exception
            problems.append(op_error(op, _first_line(str(err)), parsed))
    if problems:
        raise AccllmError("\n".join(problems))


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "failed to verify"
