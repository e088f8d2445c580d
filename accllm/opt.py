"""`accllm-opt`: the xdsl-opt driver with accllm's dialects, passes and targets.

Unlike plain xdsl-opt, bad input (malformed IR, a failing verifier, an unknown pass, a pass that
cannot apply) ends with one `file:line:col: error: ...` line per problem and exit code 1, not a
Python traceback. `--verify-diagnostics` / `--parsing-diagnostics` keep xDSL's behaviour of
printing the diagnostic and exiting 0, which is what the lit tests check.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import IO

from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass, PassPipeline
from xdsl.utils.exceptions import (
    ArgSpecParseError,
    DiagnosticException,
    ParseError,
    PassFailedException,
)
from xdsl.xdsl_opt_main import xDSLOptMain

from accllm.diagnostics import (
    AccllmError,
    LocatingParser,
    parse_error_message,
    verify_module,
)
from accllm.universe import ACCLLM_UNIVERSE


class AccllmOptMain(xDSLOptMain):
    version_format = "accllm-opt (xdsl {xdsl_version})"

    def __init__(self, args: Sequence[str] | None = None):
        self.op_locations: dict = {}
        super().__init__(description="accllm modular optimizer driver", args=args)

    def register_all_dialects(self):
        super().register_all_dialects()
        for name, factory in ACCLLM_UNIVERSE.all_dialects.items():
            if name not in self.ctx.registered_dialect_names:
                self.ctx.register_dialect(name, factory)

    def register_all_passes(self):
        super().register_all_passes()
        for name, factory in ACCLLM_UNIVERSE.all_passes.items():
            self.register_pass(name, factory)

    def register_all_frontends(self):
        def parse_mlir(io: IO[bytes]) -> ModuleOp:
            parser = LocatingParser(self.ctx, io.read(), self.get_input_name())
            module = parser.parse_module(not self.args.no_implicit_module)
            self.op_locations.update(parser.op_locations)
            return module

        self.available_frontends["mlir"] = parse_mlir

    def setup_pipeline(self):
        try:
            super().setup_pipeline()
        except (ValueError, TypeError, ArgSpecParseError) as err:
            raise AccllmError(f"error: invalid pass pipeline: {_first_line(str(err))}") from None
        if self._diagnostics_mode():
            return
        # Verify with located one-line errors instead of xDSL's whole-module dumps.
        self.pipeline = PassPipeline(self.pipeline.passes, self._between_passes)

    def _diagnostics_mode(self) -> bool:
        return self.args.verify_diagnostics or self.args.parsing_diagnostics

    def _between_passes(
        self, previous: ModulePass | None, module: ModuleOp, _next: ModulePass | None
    ) -> None:
        if self.args.disable_verify:
            return
        try:
            verify_module(module, self.op_locations)
        except AccllmError as err:
            if previous is None:
                raise
            raise AccllmError(f"{err}\n(the IR produced by pass '{previous.name}')") from None


def main(argv: Sequence[str] | None = None) -> int:
    try:
        AccllmOptMain(args=argv).run()
    except AccllmError as err:
        print(str(err), file=sys.stderr)
        return 1
    except ParseError as err:
        print(parse_error_message(err), file=sys.stderr)
        return 1
    except PassFailedException as err:
        print(str(err).strip(), file=sys.stderr)
        return 1
    except DiagnosticException as err:
        print(f"error: {_first_line(str(err))}", file=sys.stderr)
        return 1
    except FileNotFoundError as err:
        print(f"error: cannot open '{err.filename}': {err.strerror}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, BrokenPipeError):
        return 130
    return 0


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else "failed"


if __name__ == "__main__":
    sys.exit(main())
