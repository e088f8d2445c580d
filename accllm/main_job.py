"""The main job: `accllm compile` from a checkpoint to a checked HLS project and a report.

    run_job(JobOptions(model="path/to/hf-llama", output="build", data="test.txt"))

Stages, each timed and announced (`[3/8] engine ...`), all written into a staging folder that
replaces `output` only when everything succeeded (an interrupted or failed run leaves the
previous output untouched):

  1. import   torch.export + torch-mlir, raised to accllm IR      torch.mlir, accllm.mlir,
                                                                   import.json (op coverage)
  2. compress 2:4 + W2A8KV4 + Λ (calibration text or the model's   compressed/
              own generations)
  3. engine   accllm-to-engine for the board: exploration,         engine.mlir, engine.json,
              placement, schedule, cost model                      program.bin, program.lst
  4. hls      the Vitis HLS project with the HBM images            hls/
  5. csim     a short C simulation, bit for bit against the        (report)
              golden model (prompt + `csim_steps` decode steps),
              bounded and timed: the kernel's cycles beside the
              cost model, its memory audit and II lint
  6. eval     with `data`: FP vs compressed perplexity             (report)
  7. llama-2-7b  the same configuration on Llama-2-7B's            (report)
              architecture, next to the published FlightLLM and
              AccLLM figures
  8. report   report.md, report.html (embedded plots), report.json

`from_stage` ("mlir" or "engine") starts from the previous output's accllm.mlir or
engine.mlir (and its compressed/ model) instead of recomputing the stages before.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from accllm.atomic import write_folder_atomically
from accllm.compression.config import CompressionConfig
from accllm.diagnostics import AccllmError

STAGES = ("import", "compress", "engine", "hls", "csim", "eval", "llama-2-7b", "report")
FROM_STAGES = ("mlir", "engine")
_FROM_FILES = {"mlir": "accllm.mlir", "engine": "engine.mlir"}


@dataclass
class JobOptions:
    model: str
    output: str = "build"
    data: str | None = None
    calib: str | None = None
    target: str = "u280"
    config: CompressionConfig = field(default_factory=CompressionConfig)
    engine_overrides: dict[str, int] | None = None
    from_stage: str | None = None
    csim_steps: int = 16
    eval_windows: int = 16
    reference: bool = True
    quiet: bool = False
    max_seq_len: int | None = None


@dataclass
class JobState:
    """What the stages hand each other and the report reads."""

    options: JobOptions
    timings: dict[str, float] = field(default_factory=dict)
    model_info: dict = field(default_factory=dict)
    accllm_ir: object = None
    compressed: object = None
    engine: object = None
    csim: dict = field(default_factory=dict)
    perplexity: dict | None = None
    reference: dict | None = None


class _Stage:
    """Announce a stage (unless quiet) and record its wall time."""

    def __init__(self, state: JobState, name: str):
        self.state, self.name = state, name

    def __enter__(self):
        if not self.state.options.quiet:
            print(f"[{STAGES.index(self.name) + 1}/{len(STAGES)}] {self.name} ...", file=sys.stderr, flush=True)
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.state.timings[self.name] = round(time.perf_counter() - self.start, 1)


def run_job(options: JobOptions) -> JobState:
    """Run every stage into a staging folder and rename it to `options.output`."""
    if options.from_stage is not None and options.from_stage not in FROM_STAGES:
        raise AccllmError(f"error: --from must be one of {', '.join(FROM_STAGES)}, got '{options.from_stage}'")
    previous = Path(options.output)
    if options.from_stage and not (previous / _FROM_FILES[options.from_stage]).is_file():
        raise AccllmError(f"error: --from {options.from_stage} needs {previous / _FROM_FILES[options.from_stage]} "
                          "(run accllm compile once without --from)")
    from accllm.compression.calibration import read_text

    for text in (options.data, options.calib):
        if text is not None:
            read_text(text)  # a bad --data / --calib fails before any work
    state = JobState(options)

    def stages(folder: Path) -> None:
        _import(state, folder, previous)
        _compress(state, folder, previous)
        _engine(state, folder, previous)
        _hls(state, folder)
        _csim(state, folder)
        _eval(state)
        _reference(state)
        with _Stage(state, "report"):
            from accllm.report import write_report

            write_report(state, folder)

    write_folder_atomically(options.output, stages)
    return state


def _parse(path: Path):
    from accllm.frontend.importer import parse_mlir

    try:
        return parse_mlir(path.read_text(), str(path))
    except AccllmError as err:
        raise AccllmError(f"{str(err).splitlines()[0]} (the saved {path.name}; run without --from)") from None


def _import(state: JobState, folder: Path, previous: Path) -> None:
    from accllm.compiler import compile as compile_model
    from accllm.compiler import print_module

    opts = state.options
    with _Stage(state, "import"):
        if opts.from_stage:
            for name in ("torch.mlir", "accllm.mlir", "import.json"):
                if (previous / name).is_file():
                    shutil.copyfile(previous / name, folder / name)
            state.accllm_ir = _parse(previous / "accllm.mlir") if opts.from_stage == "mlir" else None
        else:
            design = compile_model(opts.model, max_seq_len=opts.max_seq_len)
            (folder / "torch.mlir").write_text(print_module(design.torch_ir))
            (folder / "accllm.mlir").write_text(print_module(design.accllm_ir))
            (folder / "import.json").write_text(json.dumps(design.coverage(), indent=2) + "\n")
            state.accllm_ir = design.accllm_ir
        if (folder / "import.json").is_file():
            state.model_info["coverage"] = json.loads((folder / "import.json").read_text())
        state.model_info.update(_model_info(opts.model))


def _model_info(model: str) -> dict:
    from accllm.frontend.checkpoint import load_config

    config = load_config(Path(model))
    keys = ("model_type", "num_hidden_layers", "hidden_size", "intermediate_size", "num_attention_heads",
            "num_key_value_heads", "vocab_size", "max_position_embeddings")
    return {"source": Path(model).name, **{k: getattr(config, k, None) for k in keys}}


def _compress(state: JobState, folder: Path, previous: Path) -> None:
    from accllm.compression.compress import compress, load_decoder
    from accllm.compression.compressed_model import CompressedModel

    opts = state.options
    with _Stage(state, "compress"):
        saved = previous / "compressed"
        if opts.from_stage and (saved / "compression.json").is_file():
            shutil.copytree(saved, folder / "compressed")
            spec, tensors, _ = load_decoder(opts.model, None)
            try:
                state.compressed = CompressedModel.load(folder / "compressed", spec, tensors)
            except ValueError as err:
                raise AccllmError(f"error: {err}") from None
            if opts.config != CompressionConfig() and state.compressed.config != opts.config:
                raise AccllmError(f"error: {saved} was compressed with another configuration than --config "
                                  "(run without --from to compress again)")
        else:
            state.compressed = compress(opts.model, opts.config, opts.calib, device="cpu", progress=not opts.quiet)
            state.compressed.save(folder / "compressed")


def _engine(state: JobState, folder: Path, previous: Path) -> None:
    from accllm.backend_hls import program_binary
    from accllm.compiler import print_module
    from accllm.engine_design import build_engine, design_from_module

    opts = state.options
    with _Stage(state, "engine"):
        config = state.compressed.config
        if opts.from_stage == "engine":
            try:
                explored = json.loads((previous / "engine.json").read_text())["explored_configurations"]
            except (OSError, ValueError, KeyError):
                explored = 0
            state.engine = design_from_module(_parse(previous / "engine.mlir"), config, explored)
        else:
            state.engine = build_engine(state.accllm_ir, config, target=opts.target,
                                        overrides=opts.engine_overrides)
        module = state.engine.module
        (folder / "engine.mlir").write_text(print_module(module))
        (folder / "engine.json").write_text(json.dumps(state.engine.to_json(), indent=2) + "\n")
        (folder / "program.bin").write_bytes(program_binary.encode(module))
        (folder / "program.lst").write_text(program_binary.listing(module))


def _tokenizer(model: str):
    """The checkpoint's tokenizer, or None (prompts are then token ids)."""
    from accllm.compression.calibration import load_tokenizer

    return load_tokenizer(model) if (Path(model) / "tokenizer.json").is_file() else None


def _hls(state: JobState, folder: Path) -> None:
    from accllm.backend_hls.project import DEFAULT_PROMPT, emit_project
    from accllm.compression.calibration import tokenize

    with _Stage(state, "hls"):
        tokenizer = _tokenizer(state.options.model)
        vocab = state.compressed.spec.vocab_size
        ids = ([int(i) for i in tokenize(tokenizer, DEFAULT_PROMPT)] if tokenizer
               else list(range(1, min(vocab, 33))))
        sources = {"model": str(Path(state.options.model).resolve()), "compressed": "../compressed"}
        emit_project(state.engine.module, state.compressed, folder / "hls", prompt_ids=ids, sources=sources)


def _csim(state: JobState, folder: Path) -> None:
    from accllm.backend_hls import csim
    from accllm.backend_hls.hardware_truth import ids_per_call, measure

    with _Stage(state, "csim"), tempfile.TemporaryDirectory(prefix="accllm-csim-build-") as build:
        steps = state.options.csim_steps
        result = csim.run_csim(folder / "hls", steps=steps, build_dir=build)
        if result.mismatches:
            raise AccllmError(f"error: the C simulation differs from the golden model: {result.mismatches[0]}")
        prompt = [int(v) for v in (folder / "hls/data/prompt.txt").read_text().split()]
        truth = measure(folder / "hls", state.engine.module, result, ids_per_call(folder / "hls", result, prompt))
        counted = sum(sum(c["read"].values()) + sum(c["written"].values()) for c in result.calls)
        modelled = sum(c.model_bytes for c in truth.calls)
        tokenizer = _tokenizer(state.options.model)
        decode = tokenizer.decode if tokenizer else (lambda ids: " ".join(map(str, ids)))
        state.csim = {
            "hardware": truth.as_json(),
            "bit_exact": True, "prompt_tokens": len(prompt), "decode_steps": steps,
            "calls": len(result.calls), "instructions": sum(c["instructions"] for c in result.calls),
            "hbm_bytes": counted, "cost_model_hbm_bytes": modelled,
            "prompt": decode(prompt), "continuation": decode(result.tokens),
            "tokens_per_s": result.decode_tokens_per_s, "build_seconds": round(result.build_seconds, 1),
        }


def _eval(state: JobState) -> None:
    opts = state.options
    if opts.data is None:
        return
    from accllm.compression.calibration import load_tokenizer, read_text, tokenize
    from accllm.compression.evaluate import perplexity
    from accllm.compression.fake_quant import FakeQuantDecoder

    with _Stage(state, "eval"):
        compressed = state.compressed
        tokens = tokenize(load_tokenizer(opts.model), read_text(opts.data))
        context = int(state.model_info.get("max_position_embeddings") or 512)
        fp = FakeQuantDecoder(compressed.spec, compressed.tensors, CompressionConfig.fp()).eval()
        rows = {}
        for name, model in (("FP", fp), ("compressed", compressed.fake_quant_model("cpu").eval())):
            rows[name] = perplexity(model, tokens, context, max_windows=opts.eval_windows, progress=not opts.quiet,
                                    desc=name)
        state.perplexity = {"data": Path(opts.data).name, "context": context, "windows": opts.eval_windows,
                            "fp": rows["FP"], "compressed": rows["compressed"],
                            "ratio": rows["compressed"] / rows["FP"]}


def _reference(state: JobState) -> None:
    """The same compression and board on Llama-2-7B's architecture (weights not needed):
    the engine estimate next to the published FlightLLM and AccLLM figures."""
    opts = state.options
    if not opts.reference or opts.target == "none":
        return
    from accllm.backend_hls.hardware_truth import measured_llama2_7b
    from accllm.compiler import compile as compile_model
    from accllm.report import decode_macs

    with _Stage(state, "llama-2-7b"):
        design = compile_model("llama-2-7b", target=opts.target, compression=state.compressed.config)
        est = design.engine.estimate
        at_2k = est.decode[2048]
        macs = decode_macs(design.engine.module, 2048)
        state.reference = {
            "architecture": "llama-2-7b", "board": opts.target,
            "engine": {"lanes": design.engine.config.lanes, "kept_per_lane": design.engine.config.kept_per_lane},
            "decode_tokens_per_s": {str(c): round(d["tokens_per_s"], 1) for c, d in est.decode.items()},
            "prefill_latency_ms": {str(p): round(d["latency_ms"], 1) for p, d in est.prefill.items()},
            "published": {"FlightLLM (U280, Llama-2-7B)": 55.0, "AccLLM (U280, Llama-2-7B)": 164.0},
            "emitted_kernel": measured_llama2_7b(),
            "roofline": {"intensity": 2 * macs / at_2k["bytes_per_token"], "ops_per_s": 2 * macs * at_2k["tokens_per_s"]},
        }
