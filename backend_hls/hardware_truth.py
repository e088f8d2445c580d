"""The emitted kernel measured, beside the cost model that the reports' figures come from.

The cost model (passes/cost_model.py) describes the engine of docs/engine.md; the timed C
simulation (include/sim/) clocks the kernel the backend actually emits, the audit
(memory_audit.py) counts the memories and DSPs its sources declare, and the II lint
(ii_lint.py) lists what keeps Vitis from the IIs its directives ask for. `measure` puts the
three next to the model for one simulated run, and `disagreements` says, in words, where
they part:

    run = csim.run_csim(project, steps=8)
    truth = measure(project, module, run, ids_per_call(project, run))
    truth.as_json(); truth.disagreements()
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from xdsl.dialects.builtin import ModuleOp

from accllm.passes import cost_model
from accllm.passes.engine_tiling import BEAT_BYTES, module_engine_config

from . import program_binary
from .csim import CsimRun
from .ii_lint import lint_ii_project
from .memory_audit import Audit, audit_project

# Timed and modelled figures further apart than this are reported as a disagreement.
AGREEMENT = 0.10
HERE = Path(__file__).resolve().parent
# bench/hls_truth.py's results: the Llama-2-7B-widths runs take minutes, so the main job
# quotes them (with the digest of the kernel sources they measured) instead of rerunning.
BENCH_RESULT = HERE.parent / "bench/results/hls_truth.json"


def kernel_digest() -> str:
    """SHA-256 of everything that decides the emitted kernel and its simulation: the header
    library, the simulation headers, the testbench and the generator."""
    digest = hashlib.sha256()
    for path in sorted([*HERE.glob("include/**/*.h"), *HERE.glob("tb/*.cpp"), HERE / "kernel_source.py"]):
        digest.update(path.relative_to(HERE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def measured_llama2_7b() -> dict | None:
    """The Llama-2-7B figure of bench/hls_truth.py (per-layer timed cycles at 7B widths x 32
    layers), with whether it measured the kernel sources of this checkout; None if absent."""
    try:
        data = json.loads(BENCH_RESULT.read_text())["llama2_7b_widths"]
        return {"timed_tokens_per_s": data["llama2_7b_32_layers_timed_tokens_per_s"],
                "model_tokens_per_s": data["llama2_7b_32_layers_model_tokens_per_s"],
                "current": data.get("kernel_digest") == kernel_digest()}
    except (OSError, ValueError, KeyError, TypeError):
        return None


@dataclass(frozen=True)
class CallTiming:
    entry: str  # "prefill" or "decode"
    tokens: int
    position: int
    timed_cycles: float  # the timed C simulation of the emitted kernel
    model_cycles: float  # cost_model.replay_call of the same program and call
    model_bytes: int  # HBM bytes read and written in that replay

    @property
    def ratio(self) -> float:
        return self.timed_cycles / self.model_cycles if self.model_cycles else float("inf")


@dataclass
class HardwareTruth:
    clock_mhz: float
    calls: list[CallTiming]
    audit: Audit
    ii_findings: list[str]
    model_resources: dict[str, int]

    def _mean(self, entry: str, attr: str) -> float:
        values = [getattr(c, attr) for c in self.calls if c.entry == entry]
        return sum(values) / len(values) if values else 0.0

    @property
    def decode_timed_cycles(self) -> float:
        return self._mean("decode", "timed_cycles")

    @property
    def decode_model_cycles(self) -> float:
        return self._mean("decode", "model_cycles")

    def tokens_per_s(self, cycles: float) -> float:
        return self.clock_mhz * 1e6 / cycles if cycles else 0.0

    @property
    def prefill_timed_cycles(self) -> float:
        return sum(c.timed_cycles for c in self.calls if c.entry == "prefill")

    @property
    def prefill_model_cycles(self) -> float:
        return sum(c.model_cycles for c in self.calls if c.entry == "prefill")

    def disagreements(self) -> list[str]:
        """One sentence per figure where the emitted kernel and the model part by more than
        AGREEMENT (timing) or where the kernel does not fit what the model assumes."""
        found = []
        for what, timed, model in (("decode cycles per token", self.decode_timed_cycles, self.decode_model_cycles),
                                   ("prefill cycles", self.prefill_timed_cycles, self.prefill_model_cycles)):
            if model and abs(timed / model - 1) > AGREEMENT:
                found.append(f"{what}: the emitted kernel takes {timed:,.0f} in the timed C simulation, the cost "
                             f"model says {model:,.0f} ({timed / model:,.1f}x)")
        audited = self.audit.totals
        for key in ("bram18k", "uram", "dsp"):
            model, have = self.model_resources.get(key, 0), audited.get(key, 0)
            if model and abs(have / model - 1) > 0.15:
                found.append(f"{key.upper()}: the emitted sources declare {have:,}, the resource model assumes {model:,}")
        if self.ii_findings:
            found.append(f"{len(self.ii_findings)} II lint findings: the declared IIs are not all reachable")
        return found

    def as_json(self) -> dict:
        return {
            "clock_mhz": self.clock_mhz,
            "decode": {"timed_cycles": round(self.decode_timed_cycles, 1),
                       "model_cycles": round(self.decode_model_cycles, 1),
                       "timed_tokens_per_s": round(self.tokens_per_s(self.decode_timed_cycles), 3),
                       "model_tokens_per_s": round(self.tokens_per_s(self.decode_model_cycles), 3)},
            "prefill": {"timed_cycles": round(self.prefill_timed_cycles, 1),
                        "model_cycles": round(self.prefill_model_cycles, 1)},
            "calls": [{"entry": c.entry, "tokens": c.tokens, "position": c.position,
                       "timed_cycles": round(c.timed_cycles, 1), "model_cycles": round(c.model_cycles, 1)}
                      for c in self.calls],
            "audit": self.audit.as_json(),
            "model_resources": dict(sorted(self.model_resources.items())),
            "ii_findings": list(self.ii_findings),
            "disagreements": self.disagreements(),
        }


def ids_per_call(project: str | Path, run: CsimRun, prompt_ids: list[int] | None = None) -> list[tuple[int, ...]]:
    """The token ids each call of `run` consumed: the prompt in calls of max_tokens, then one
    greedy token per decode step."""
    prompt = prompt_ids if prompt_ids is not None else \
        [int(v) for v in (Path(project) / "data/prompt.txt").read_text().split()]
    per_call = run.calls[0]["tokens"] if run.calls else 1
    chunks = [tuple(prompt[i:i + per_call]) for i in range(0, len(prompt), per_call)]
    return chunks + [(t,) for t in run.tokens]


def measure(project: str | Path, module: ModuleOp, run: CsimRun, ids: list[tuple[int, ...]]) -> HardwareTruth:
    """The timed run of `project` (built from `module`) beside the cost model, plus the
    audit and the II lint of its sources."""
    config = module_engine_config(module, "hardware truth")
    encoded = program_binary.encode(module)
    header = program_binary.read_header(encoded)
    image = cost_model.ProgramImage(-(-len(encoded) // BEAT_BYTES), header.config_ints, header.constants)
    calls = []
    for call, cycles, call_ids in zip(run.calls, run.cycles, ids, strict=True):
        entry = "decode" if call["program"] == run.decode_program else "prefill"
        replay = cost_model.replay_call(module, entry, cost_model.CallShape(call["tokens"], call["position"], call_ids),
                                          image)
        calls.append(CallTiming(entry, call["tokens"], call["position"], cycles, replay.cycles, replay.total_bytes))
    return HardwareTruth(config.clock_mhz, calls, audit_project(project), lint_ii_project(project),
                         cost_model.declared_resources(module, config))
