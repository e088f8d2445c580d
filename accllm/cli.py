"""The `accllm` command line.

    accllm compile [--model DIR | --arch NAME] [-o OUT]   import + raise, write IR and report
    accllm check-import --model DIR                      interpreted accllm IR vs HF logits
    accllm archs                                          list built-in architectures

Every failure ends with one `error:` line per problem and a non-zero exit, never a traceback
(set ACCLLM_DEBUG=1 to see one for an internal error).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from xdsl.utils.exceptions import DiagnosticException

from accllm.diagnostics import AccllmError
from accllm.frontend.architectures import DEFAULT_ARCHITECTURE, architecture_names


def _compile(args: argparse.Namespace) -> int:
    from accllm.compiler import compile as compile_model

    source = args.model if args.model is not None else args.arch
    design = compile_model(source, max_seq_len=args.max_seq_len, verbose=not args.quiet)
    out = design.write(args.output)
    sys.stdout.write(design.report())
    timings = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in design.timings.items())
    print(f"\n  time: {timings}")
    print(f"wrote {out}/accllm.mlir, torch.mlir, report.txt, report.json")
    return 0


def _check_import(args: argparse.Namespace) -> int:
    from accllm.reference import compare_with_transformers

    result = compare_with_transformers(args.model, seq_len=args.seq_len, seed=args.seed)
    print(
        f"{args.model}: {result.seq_len} random tokens, max |accllm - HF| = {result.max_abs:.3e}, "
        f"max relative = {result.max_rel:.3e} (tolerance {args.rtol:g})"
    )
    return 0 if result.max_rel <= args.rtol else 1


def _archs(_args: argparse.Namespace) -> int:
    from accllm.frontend.architectures import architecture_config

    for name in architecture_names():
        c = architecture_config(name)
        print(
            f"{name:<16} layers {c.num_hidden_layers:>3}  hidden {c.hidden_size:>5}  "
            f"ffn {c.intermediate_size:>6}  heads {c.num_attention_heads:>3}/"
            f"{c.num_key_value_heads:<3} vocab {c.vocab_size}"
        )
    return 0


def _quiet_libraries() -> None:
    """transformers' config warnings are noise next to accllm's own one-line errors."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="accllm", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    comp = sub.add_parser("compile", help="import a model and raise it to accllm IR")
    src = comp.add_mutually_exclusive_group()
    src.add_argument("--model", help="local Hugging Face checkpoint directory")
    src.add_argument(
        "--arch", default=DEFAULT_ARCHITECTURE, choices=architecture_names(),
        help=f"built-in architecture, compiled without weights (default: {DEFAULT_ARCHITECTURE})",
    )
    comp.add_argument("-o", "--output", default="build", help="output folder (default: build)")
    comp.add_argument("--max-seq-len", type=int, help="longest sequence the IR must accept")
    comp.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    comp.set_defaults(run=_compile)

    check = sub.add_parser("check-import", help="compare interpreted accllm IR with HF logits")
    check.add_argument("--model", required=True, help="local Hugging Face checkpoint directory")
    check.add_argument("--seq-len", type=int, default=16, help="random prompt length")
    check.add_argument("--seed", type=int, default=0)
    check.add_argument("--rtol", type=float, default=1e-4, help="maximum relative error")
    check.set_defaults(run=_check_import)

    archs = sub.add_parser("archs", help="list the built-in architectures")
    archs.set_defaults(run=_archs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _quiet_libraries()
    try:
        return args.run(args)
    except AccllmError as err:
        print(str(err), file=sys.stderr)
    except DiagnosticException as err:
        print(str(err).strip(), file=sys.stderr)
    except KeyboardInterrupt:
        print("accllm: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # noqa: BLE001 - last line of defence against tracebacks
        if os.environ.get("ACCLLM_DEBUG"):
            raise
        print(f"accllm: internal error: {type(err).__name__}: {err}", file=sys.stderr)
        return 2
    return 1


if __name__ == "__main__":
    sys.exit(main())
