"""The `accllm` command line.

    accllm compile [--model DIR | --arch NAME] [--target BOARD] [--config JSON] [-o OUT]
                                                          import, raise, map onto the engine, estimate
    accllm compress --model DIR [--config JSON] [--calib TEXT] -o OUT   prune + quantize
    accllm eval --model DIR --data TEXT [--config JSON]  perplexity of each compression step
    accllm hls --compressed DIR [--model DIR] [--target BOARD] -o OUT
                                                          the Vitis HLS project of a compressed model
    accllm csim PROJECT [--steps N] [--prompt TEXT]      C simulation (bounded, timed), bit for bit against
                                                          the golden model
    accllm audit PROJECT                                 on-chip memories, DSPs and II lint of the kernel
    accllm generate --prompt TEXT [--csim [PROJECT]]     greedy text from the compressed model
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
from pathlib import Path

from xdsl.utils.exceptions import DiagnosticException

from accllm.atomic import write_folder_atomically
from accllm.diagnostics import AccllmError
from accllm.frontend.architectures import DEFAULT_ARCHITECTURE, architecture_names

BUILTIN_MODEL = Path(__file__).parent / "models" / "pydocs-tiny-llama"


def _compile(args: argparse.Namespace) -> int:
    if args.arch is None and args.target != "none":
        return _main_job(args)
    from accllm.compiler import compile as compile_model

    source = args.arch or args.model or (str(BUILTIN_MODEL) if BUILTIN_MODEL.is_dir() else DEFAULT_ARCHITECTURE)
    target = None if args.target == "none" else args.target
    design = compile_model(source, max_seq_len=args.max_seq_len, verbose=not args.quiet, target=target,
                           compression=_load_config(args.config), engine_overrides=_engine_overrides(args.engine))
    out = design.write(args.output)
    sys.stdout.write(design.report())
    if design.engine is not None:
        print("\n" + design.engine.report())
    timings = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in design.timings.items())
    print(f"\n  time: {timings}")
    written = "accllm.mlir, torch.mlir, report.txt, report.json" + (
        ", engine.mlir, engine.json, program.bin, program.lst, hls/ (kernel project, no HBM images)"
        if target else "")
    print(f"wrote {out}/{written}")
    return 0


def _main_job(args: argparse.Namespace) -> int:
    """A checkpoint (default: the built-in model) through every stage to a checked HLS project."""
    from accllm.main_job import JobOptions, run_job

    options = JobOptions(
        model=args.model or str(BUILTIN_MODEL), output=args.output, data=args.data, calib=args.calib,
        target=args.target, config=_load_config(args.config), engine_overrides=_engine_overrides(args.engine),
        from_stage=args.from_stage, csim_steps=args.csim_steps, reference=not args.no_reference, quiet=args.quiet,
        max_seq_len=args.max_seq_len,
    )
    state = run_job(options)
    rows = [("stage", "seconds", "")] + [(name, f"{sec:.1f}", _stage_note(state, name))
                                         for name, sec in state.timings.items()]
    width = max(len(r[0]) for r in rows)
    print("\n".join(f"  {a:<{width}}  {b:>7}  {c}" for a, b, c in rows))
    print(f"  {'total':<{width}}  {sum(state.timings.values()):>7.1f}")
    print(f"wrote {args.output}/: report.html, report.md, report.json, hls/, compressed/, engine.mlir, program.bin")
    return 0


def _stage_note(state, name: str) -> str:
    """One figure per stage for the summary table."""
    if name == "compress":
        from accllm.compression.ablation import bits_per_weight

        return f"{bits_per_weight(state.compressed.config):.2f} bits/weight"
    if name == "engine":
        d = state.engine.estimate.decode
        c = 2048 if 2048 in d else next(iter(d))
        return f"{state.engine.config.lanes}x{state.engine.config.kept_per_lane} array, {d[c]['tokens_per_s']:,.0f} tok/s @{c} (est.)"
    if name == "csim":
        timed = state.csim["hardware"]["decode"]["timed_tokens_per_s"]
        return (f"bit-exact, {state.csim['decode_steps']} steps ({state.csim['tokens_per_s']:.0f} tok/s simulated); "
                f"kernel timed {timed:,.2f} tok/s")
    if name == "eval" and state.perplexity:
        return f"perplexity x{state.perplexity['ratio']:.3f} FP"
    if name == "llama-2-7b" and state.reference:
        return f"{state.reference['decode_tokens_per_s'].get('2048')} tok/s @2048 (est.; AccLLM 164, FlightLLM 55)"
    return ""


def _engine_overrides(items: list[str] | None) -> dict[str, int] | None:
    """`--engine lanes=256 --engine kept_per_lane=16` -> {"lanes": 256, ...}."""
    from accllm.dialects.engine import ENGINE_FIELDS

    if not items:
        return None
    overrides = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or key not in ENGINE_FIELDS[1:]:
            raise AccllmError(
                f"error: --engine expects KEY=VALUE with KEY one of {', '.join(ENGINE_FIELDS[1:])}, got '{item}'"
            )
        try:
            overrides[key] = int(value)
        except ValueError:
            raise AccllmError(f"error: --engine {key} must be an integer, got '{value}'") from None
    return overrides


def _check_import(args: argparse.Namespace) -> int:
    from accllm.reference import compare_with_transformers

    result = compare_with_transformers(args.model, seq_len=args.seq_len, seed=args.seed)
    print(
        f"{args.model}: {result.seq_len} random tokens, max |accllm - HF| = {result.max_abs:.3e}, "
        f"max relative = {result.max_rel:.3e} (tolerance {args.rtol:g})"
    )
    return 0 if result.max_rel <= args.rtol else 1


def _load_config(path: str | None):
    from accllm.compression.config import CompressionConfig, ConfigError

    try:
        return CompressionConfig.from_json(path) if path else CompressionConfig()
    except ConfigError as err:
        raise AccllmError(f"error: {err}") from None


def _compress(args: argparse.Namespace) -> int:
    from accllm.compression.compress import compress

    config = _load_config(args.config)
    if args.recovery_steps is not None:
        config = config.with_(recovery_steps=args.recovery_steps)
    compressed = compress(args.model, config, args.calib, device=args.device, progress=not args.quiet)
    write_folder_atomically(args.output, compressed.save)
    print(f"wrote {args.output}/compressed.safetensors, compression.json")
    return 0


def _eval(args: argparse.Namespace) -> int:
    from accllm.compression.evaluation_job import run_evaluation

    run_evaluation(
        model_dir=args.model, data=args.data, config=_load_config(args.config), calib=args.calib,
        context=args.context, stride=args.stride, out=args.output, max_windows=args.max_windows,
        streaming=args.streaming, ablation=not args.no_ablation, device=args.device,
        progress=not args.quiet, compressed_dir=args.compressed,
    )
    return 0


def _hls(args: argparse.Namespace) -> int:
    from accllm.backend_hls.project import DEFAULT_PROMPT, build_project

    out = build_project(args.model, args.compressed, args.output, target=args.target,
                        engine_overrides=_engine_overrides(args.engine), prompt=args.prompt or DEFAULT_PROMPT,
                        verbose=not args.quiet)
    print(f"wrote the HLS project {out} (csim: accllm csim {out}; synthesis: vitis_hls -f {out}/hls.tcl)")
    return 0


def _csim(args: argparse.Namespace) -> int:
    from accllm.backend_hls.csim import run_csim

    prompt_ids = None
    if args.prompt is not None:
        import json

        from accllm.compression.calibration import load_tokenizer, tokenize

        try:
            model = json.loads((Path(args.project) / "project.json").read_text())["sources"]["model"]
        except (OSError, ValueError, KeyError) as err:
            raise AccllmError(f"error: {args.project}/project.json records no model to tokenize with ({err})") from None
        prompt_ids = [int(i) for i in tokenize(load_tokenizer(model), args.prompt)]
    result = run_csim(args.project, steps=args.steps, prompt_ids=prompt_ids, check=not args.no_check)
    print(f"build {result.build_seconds:.1f} s; {result.summary}")
    print(f"{len(result.calls)} calls, {sum(c['instructions'] for c in result.calls)} instructions, "
          f"{sum(sum(c['read'].values()) for c in result.calls) / 2**20:.1f} MiB read from HBM")
    if args.no_check:
        return 0
    for problem in result.mismatches:
        print(f"error: csim differs from the golden model: {problem}", file=sys.stderr)
    if result.mismatches:
        return 1
    print(f"equal to the golden model bit for bit: {len(result.logits)} logit rows, {len(result.tokens)} tokens")
    return 0


def _audit(args: argparse.Namespace) -> int:
    """The on-chip memory / DSP audit and the II lint of a project's kernel sources."""
    import json

    from accllm.backend_hls import program_binary
    from accllm.backend_hls.ii_lint import lint_ii_project
    from accllm.backend_hls.memory_audit import audit_project, audit_table
    from accllm.passes.cost_model import declared_resources

    root = Path(args.project)
    try:
        board = json.loads((root / "project.json").read_text())["board"]
        module = program_binary.decode((root / "data/program.bin").read_bytes())
    except (OSError, ValueError, KeyError) as err:
        raise AccllmError(f"error: {root}: not an accllm HLS project ({err})") from None
    model = declared_resources(module, module.attributes["engine.config"].config)
    print(audit_table(audit_project(root), model=model, board=board))
    findings = lint_ii_project(root)
    print(f"\nII lint: {len(findings)} findings" + (":" if findings else ""))
    for line in findings:
        print(f"  {line}")
    return 0


def _generate(args: argparse.Namespace) -> int:
    import time

    from accllm.compression.calibration import load_tokenizer, tokenize
    from accllm.generate import csim_tokens, golden_tokens, stream_text

    if args.max_new_tokens < 1:
        raise AccllmError(f"error: --max-new-tokens must be positive, got {args.max_new_tokens}")
    tokenizer = load_tokenizer(args.model)
    prompt_ids = [int(i) for i in tokenize(tokenizer, args.prompt)]
    if not prompt_ids:
        raise AccllmError("error: the prompt is empty after tokenization")
    if args.csim is not None:
        tokens = csim_tokens(args.csim, prompt_ids, args.max_new_tokens, args.model)
    else:
        tokens = golden_tokens(args.model, args.compressed, prompt_ids, args.max_new_tokens)
    start, count = time.perf_counter(), 0
    sys.stdout.write(args.prompt)
    sys.stdout.flush()
    for _token, text in stream_text(tokenizer, prompt_ids, tokens):
        count += 1
        sys.stdout.write(text)
        sys.stdout.flush()
    seconds = time.perf_counter() - start
    where = f"C simulation of {args.csim}" if args.csim is not None else "golden model"
    print(f"\n[{count} tokens in {seconds:.1f} s on the {where}]", file=sys.stderr)
    return 0


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


def _keep_freed_memory() -> None:
    """Let glibc keep large freed blocks instead of unmapping them.

    Attention over a 512-token window allocates 32 MiB tensors many times per batch; by
    default glibc serves each with a fresh mmap and the kernel zero-fills its pages again,
    which doubled the wall time of `accllm eval` (104 s of 120 s in the kernel). Reusing the
    heap costs a little resident memory and nothing else. No-op off glibc."""
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    m_trim_threshold, m_top_pad, m_mmap_threshold = -1, -2, -3
    libc.mallopt(m_mmap_threshold, 1 << 30)
    libc.mallopt(m_trim_threshold, (1 << 31) - 1)
    libc.mallopt(m_top_pad, 1 << 28)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="accllm", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    comp = sub.add_parser("compile", help="the main job: import, compress, map onto the engine, write and check "
                          "the HLS project, report (--arch / --target none: IR and estimates only)")
    src = comp.add_mutually_exclusive_group()
    src.add_argument("--model", help="local Hugging Face checkpoint directory "
                     "(default: the built-in model, accllm/models/pydocs-tiny-llama)")
    src.add_argument(
        "--arch", choices=architecture_names(),
        help="built-in architecture, compiled without weights",
    )
    comp.add_argument("-o", "--output", default="build", help="output folder (default: build)")
    comp.add_argument("--max-seq-len", type=int, help="longest sequence the IR must accept")
    comp.add_argument("--target", default="u280",
                      help="board to map the engine onto: u280, u55c, u50, or none (default: u280)")
    comp.add_argument("--config", help="compression configuration JSON (default: the AccLLM defaults)")
    comp.add_argument("--engine", action="append", metavar="KEY=VALUE",
                      help="fix an engine parameter instead of exploring (repeatable), e.g. lanes=256")
    comp.add_argument("--data", help="evaluation text: adds FP vs compressed perplexity to the report")
    comp.add_argument("--calib", help="calibration text file (default: the checkpoint's calibration.txt, else "
                      "text the model generates)")
    comp.add_argument("--from", dest="from_stage", choices=["mlir", "engine"],
                      help="start from the output folder's saved accllm.mlir or engine.mlir (and compressed/)")
    comp.add_argument("--csim-steps", type=int, default=16, help="decode steps of the C simulation check (default 16)")
    comp.add_argument("--no-reference", action="store_true",
                      help="skip the Llama-2-7B estimate next to the published designs")
    comp.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    comp.set_defaults(run=_compile)

    check = sub.add_parser("check-import", help="compare interpreted accllm IR with HF logits")
    check.add_argument("--model", required=True, help="local Hugging Face checkpoint directory")
    check.add_argument("--seq-len", type=int, default=16, help="random prompt length")
    check.add_argument("--seed", type=int, default=0)
    check.add_argument("--rtol", type=float, default=1e-4, help="maximum relative error")
    check.set_defaults(run=_check_import)

    comp_ = sub.add_parser("compress", help="prune and quantize a checkpoint")
    comp_.add_argument("--model", default=str(BUILTIN_MODEL), help="checkpoint directory (default: the built-in model)")
    comp_.add_argument("--config", help="compression configuration (JSON); default W2A8KV4 + 2:4 + Λ")
    comp_.add_argument("--calib", help="calibration text file (default: the checkpoint's calibration.txt, else "
                       "text the model generates)")
    comp_.add_argument("--recovery-steps", type=int, help="override the config's recovery_steps")
    comp_.add_argument("-o", "--output", default="build/compressed", help="output folder")
    comp_.add_argument("--device", help="torch device (default: cuda if available, else cpu)")
    comp_.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    comp_.set_defaults(run=_compress)

    ev = sub.add_parser("eval", help="perplexity of FP vs each compression step")
    ev.add_argument("--model", default=str(BUILTIN_MODEL), help="checkpoint directory (default: the built-in model)")
    ev.add_argument("--data", required=True, help="evaluation text file")
    ev.add_argument("--config", help="the full compression configuration (JSON)")
    ev.add_argument("--calib", help="calibration text file (default: text the model generates)")
    ev.add_argument("--context", type=int, help="evaluation context (default: the model's training context)")
    ev.add_argument("--stride", type=int, help="window stride (default: the context, non-overlapping)")
    ev.add_argument("--max-windows", type=int, help="evaluate at most this many windows")
    ev.add_argument("--compressed", help="evaluate this folder written by `accllm compress` (FP vs it, "
                    "no recompression; its configuration replaces --config)")
    ev.add_argument("--streaming", action="store_true", help="also the 1x-8x long-context table")
    ev.add_argument("--no-ablation", action="store_true",
                    help="evaluate only FP and the configuration, not the whole ladder")
    ev.add_argument("-o", "--output", default="build/eval", help="folder for ablation.json/.md")
    ev.add_argument("--device", help="torch device (default: cuda if available, else cpu)")
    ev.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    ev.set_defaults(run=_eval)

    hls = sub.add_parser("hls", help="write the Vitis HLS project of a compressed model")
    hls.add_argument("--model", default=str(BUILTIN_MODEL), help="checkpoint directory (default: the built-in model)")
    hls.add_argument("--compressed", required=True, help="folder written by `accllm compress`")
    hls.add_argument("--target", default="u280", help="board: u280, u55c or u50 (default: u280)")
    hls.add_argument("--engine", action="append", metavar="KEY=VALUE",
                     help="fix an engine parameter instead of exploring (repeatable)")
    hls.add_argument("--prompt", help="the project's default prompt text (default: a pydocs passage)")
    hls.add_argument("-o", "--output", default="build/hls", help="project folder (default: build/hls)")
    hls.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    hls.set_defaults(run=_hls)

    cs = sub.add_parser("csim", help="build and run the C simulation, compare with the golden model")
    cs.add_argument("project", help="HLS project folder (written by `accllm hls`)")
    cs.add_argument("--steps", type=int, default=16, help="greedy decode steps after the prompt (default: 16)")
    cs.add_argument("--prompt", help="prompt text (default: the project's prompt)")
    cs.add_argument("--no-check", action="store_true", help="run only, do not compare with the golden model")
    cs.set_defaults(run=_csim)

    aud = sub.add_parser("audit", help="on-chip memories, DSPs and II lint of a project's kernel, beside the "
                                       "resource model and the board")
    aud.add_argument("project", help="an HLS project folder (accllm hls, accllm compile)")
    aud.set_defaults(run=_audit)

    gen = sub.add_parser("generate", help="generate text from the compressed model (golden model or C simulation)")
    gen.add_argument("--model", default=str(BUILTIN_MODEL), help="checkpoint directory (default: the built-in model)")
    gen.add_argument("--compressed", default="build/compressed",
                     help="folder written by `accllm compress` / `accllm compile` (default: build/compressed)")
    gen.add_argument("--prompt", required=True, help="prompt text")
    gen.add_argument("--max-new-tokens", type=int, default=64, help="tokens to generate (default 64)")
    gen.add_argument("--csim", nargs="?", const="build/hls", metavar="PROJECT",
                     help="generate through the C simulation of an HLS project (default: build/hls)")
    gen.set_defaults(run=_generate)

    archs = sub.add_parser("archs", help="list the built-in architectures")
    archs.set_defaults(run=_archs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _quiet_libraries()
    _keep_freed_memory()
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
