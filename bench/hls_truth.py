"""Benchmark: the emitted HLS kernel measured, beside the cost model the reports quote.

For the built-in model (compressed with the defaults) and for models with Llama-2-7B widths
(hidden 4096, FFN 11008, 32 heads of 128, vocabulary 32000; 1 and 2 layers, random packed
weights in the co-design configuration bench/configs/accllm-7b-codesign.json, on the engine
the design-space exploration picks for the full 32-layer model):

- the bounded, concurrent C simulation: bit-exact with the golden model, or the deadlock it
  ends in (with the FIFO depth the configuration declares);
- the timed C simulation: kernel cycles per call and per decoded token, next to
  cost_model.replay_call of the same calls (at 7B widths with the weight FIFO raised until
  the kernel does not deadlock, if it does at the declared depth);
- the on-chip memory audit and the II lint of the emitted sources, next to the resource
  model and the board;
- Llama-2-7B decode: the per-layer timed cycles (2 layers minus 1 layer) scaled to 32 layers,
  labelled as such, after the prompt (short context) and at 2k and 32k context (the same
  prompt and steps placed after that many positions of zero KV records: the kernel's timing
  there, not the golden model's numbers).

Prints the figures and writes bench/results/hls_truth.json.

    .venv/bin/python bench/hls_truth.py [--steps 8] [--prompt-tokens 16] [--skip-7b]
"""

from __future__ import annotations

import argparse
import json
import math
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CODESIGN = ROOT / "bench/configs/accllm-7b-codesign.json"
CONTEXTS = {"_2k": 2048, "_32k": 32768}  # the long-context decode points of the 7B runs


def _simulate(project: Path, golden, prompt: list[int], steps: int) -> tuple[object, list[str]]:
    """Build and run the C simulation of `project`; compare with `golden` (a GoldenModel)."""
    from accllm.backend_hls import csim

    binary, _, _ = csim.build(project)
    run = csim.run(project, steps=steps, prompt_ids=prompt, binary=binary, timeout=6 * 3600)
    return run, csim.compare(run, *csim.golden_rows(golden, prompt, steps))


def _truth(project: Path, module, run, prompt: list[int]) -> dict:
    from accllm.backend_hls.hardware_truth import ids_per_call, measure

    truth = measure(project, module, run, ids_per_call(project, run, prompt))
    return truth.as_json()


def builtin(steps: int, work: Path) -> dict:
    """The built-in model, compressed with the defaults, in its explored engine."""
    from accllm.backend_hls import program_binary
    from accllm.backend_hls.project import build_project
    from accllm.cli import BUILTIN_MODEL
    from accllm.compression.compress import compress
    from accllm.compression.config import CompressionConfig

    print("built-in model: compress, project, timed C simulation", flush=True)
    compress(BUILTIN_MODEL, CompressionConfig(), None, device="cpu", progress=False).save(work / "compressed")
    project = build_project(BUILTIN_MODEL, work / "compressed", work / "hls")
    from accllm.backend_hls import csim

    start = time.perf_counter()
    run = csim.run_csim(project, steps=steps)
    seconds = time.perf_counter() - start
    module = program_binary.decode((project / "data/program.bin").read_bytes())
    prompt = [int(v) for v in (project / "data/prompt.txt").read_text().split()]
    result = _truth(project, module, run, prompt)
    from accllm.backend_hls.memory_audit import audit_project, audit_table

    print(audit_table(audit_project(project), model=result["model_resources"], board="u280"), flush=True)
    result.update(bit_exact=not run.mismatches, mismatches=run.mismatches, csim_seconds=round(seconds, 1),
                  decode_steps=steps, prompt_tokens=len(prompt))
    return result


def _seven_b_design(layers: int, compression, engine_overrides: dict | None):
    from accllm.compiler import compile as compile_model
    from accllm.frontend.architectures import architecture_config

    config = architecture_config("llama-2-7b")
    config.num_hidden_layers = layers
    return compile_model(config, target="u280", compression=compression, engine_overrides=engine_overrides)


def _with_fifo(module, kib: int):
    """`module` with its engine configuration's weight FIFO set to `kib` (the rest unchanged)."""
    from accllm.dialects import engine

    config = module.attributes["engine.config"].config.with_(weight_fifo_kib=kib)
    module.attributes["engine.config"] = engine.EngineConfigAttr(config)
    return module


def seven_b(steps: int, prompt_tokens: int, work: Path) -> dict:
    """Llama-2-7B widths, 1 and 2 layers, random packed weights, co-design configuration."""
    from accllm.backend_hls import csim
    from accllm.backend_hls.kernel_source import kernel_params
    from accllm.backend_hls.memory_audit import audit_project, audit_table
    from accllm.passes.cost_model import declared_resources
    from accllm.backend_hls.project import emit_project
    from accllm.compression.config import CompressionConfig
    from accllm.compression.random_model import random_compressed_model
    from accllm.diagnostics import AccllmError
    from accllm.frontend.decoder_spec import DecoderSpec
    from accllm.passes.engine_tiling import BEAT_BYTES

    compression = CompressionConfig.from_json(str(CODESIGN))
    print("llama-2-7b: design-space exploration for 32 layers", flush=True)
    full = _seven_b_design(32, compression, None)
    engine_config = full.engine.config
    overrides = {k: v for k, v in asdict(engine_config).items() if k != "board"}
    rng = np.random.default_rng(7)
    prompt = [int(i) for i in rng.integers(0, 32000, size=prompt_tokens)]
    out: dict = {"engine": asdict(engine_config), "compression": json.loads(compression.to_json()),
                 "prompt_tokens": prompt_tokens, "decode_steps": steps,
                 "model_decode_tokens_per_s_2048": full.engine.estimate.decode[2048]["tokens_per_s"]
                 if 2048 in full.engine.estimate.decode else None,
                 "layers": {}}
    for layers in (1, 2):
        print(f"llama-2-7b widths, {layers} layer(s): random packed weights", flush=True)
        design = _seven_b_design(layers, compression, overrides)
        model = random_compressed_model(DecoderSpec.from_ir(design.accllm_ir), compression, seed=layers)
        golden = model.golden_model()
        module = design.engine.module
        entry: dict = {}
        # 1. As configured: the bounded simulation runs or reports its deadlock.
        project = emit_project(module, model, work / f"7b-{layers}", prompt_ids=prompt)
        declared = {"audit": audit_project(project).as_json(),
                    "model_resources": declared_resources(module, engine_config)}
        if layers == 2:
            print(audit_table(audit_project(project), model=declared["model_resources"], board="u280"), flush=True)
        start = time.perf_counter()
        try:
            run, mismatches = _simulate(project, golden, prompt, steps)
            entry["declared_fifo"] = {**declared, "deadlock": None, "bit_exact": not mismatches}
            timed_project, timed_module, timed_run = project, module, run
        except AccllmError as err:
            entry["declared_fifo"] = {**declared, "deadlock": str(err)}
            print(f"  declared FIFO ({engine_config.weight_fifo_kib} KiB): {err}", flush=True)
            # 2. The FIFO raised to hold the largest per-channel share of one matrix.
            beats = kernel_params(module).max_channel_beats
            kib = math.ceil(beats * BEAT_BYTES * engine_config.weight_channels / 1024)
            timed_module = _with_fifo(module, kib)
            timed_project = emit_project(timed_module, model, work / f"7b-{layers}-raised", prompt_ids=prompt)
            timed_run, mismatches = _simulate(timed_project, golden, prompt, steps)
            entry["raised_fifo"] = {"weight_fifo_kib": kib, "beats_per_channel": beats,
                                    "bit_exact": not mismatches, "mismatches": mismatches}
            print(f"  raised FIFO ({kib:,} KiB = {kib / 1024:,.0f} MiB on chip): bit-exact {not mismatches}",
                  flush=True)
        entry["csim_seconds"] = round(time.perf_counter() - start, 1)
        entry["truth"] = _truth(timed_project, timed_module, timed_run, prompt)
        # 3. The same prompt and decode steps at long contexts: the timing there (the earlier
        # positions are zero records, so the numbers are not the golden model's).
        for suffix, context in CONTEXTS.items():
            long_run = csim.run(timed_project, steps=steps, prompt_ids=prompt, start_position=context - len(prompt),
                                binary=csim.build(timed_project)[0], timeout=6 * 3600)
            entry["truth" + suffix] = _truth(timed_project, timed_module, long_run, prompt)
            print(f"  decode at {context}: {entry['truth' + suffix]['decode']['timed_cycles']:,.0f} cycles timed vs "
                  f"{entry['truth' + suffix]['decode']['model_cycles']:,.0f} modelled", flush=True)
        out["layers"][str(layers)] = entry
    for truth, suffix in [("truth", "")] + [("truth" + k, k) for k in CONTEXTS]:
        one, two = (out["layers"][k][truth]["decode"] for k in ("1", "2"))
        for key in ("timed_cycles", "model_cycles"):
            per_layer = two[key] - one[key]
            cycles = one[key] - per_layer + 32 * per_layer
            out[f"llama2_7b_32_layers_{key}{suffix}"] = round(cycles, 1)
            out[f"llama2_7b_32_layers_{key.split('_')[0]}_tokens_per_s{suffix}"] = round(
                engine_config.clock_mhz * 1e6 / cycles, 4)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=8, help="decode steps (default 8)")
    parser.add_argument("--prompt-tokens", type=int, default=16, help="7B-widths prompt length (default 16)")
    parser.add_argument("--skip-7b", action="store_true", help="only the built-in model")
    parser.add_argument("--out", default=str(ROOT / "bench/results/hls_truth.json"))
    args = parser.parse_args()

    from accllm.backend_hls.hardware_truth import kernel_digest

    results: dict = {"kernel_digest": kernel_digest()}
    with tempfile.TemporaryDirectory(prefix="accllm-hls-truth-") as tmp:
        work = Path(tmp)
        results["builtin"] = builtin(args.steps, work / "builtin")
        b = results["builtin"]
        print(f"built-in: decode {b['decode']['timed_cycles']:,.0f} cycles/token timed "
              f"({b['decode']['timed_tokens_per_s']:,.2f} tok/s) vs {b['decode']['model_cycles']:,.0f} modelled "
              f"({b['decode']['model_tokens_per_s']:,.0f} tok/s); bit-exact {b['bit_exact']}", flush=True)
        if not args.skip_7b:
            results["llama2_7b_widths"] = {**seven_b(args.steps, args.prompt_tokens, work),
                                           "kernel_digest": results["kernel_digest"]}
            s = results["llama2_7b_widths"]
            points = [("", "after the prompt")] + [(k, f"at {c} context") for k, c in CONTEXTS.items()]
            for suffix, where in points:
                print(f"llama-2-7b decode {where} (per-layer timed x 32 layers): "
                      f"{s['llama2_7b_32_layers_timed_tokens_per_s' + suffix]} tok/s timed vs "
                      f"{s['llama2_7b_32_layers_model_tokens_per_s' + suffix]} tok/s modelled", flush=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
