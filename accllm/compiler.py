"""The Python API: import a model, raise it to accllm IR, and write a compilation folder.

    design = accllm.compile("path/to/hf-llama")          # or "llama-2-7b", a config, a Module
    print(design.report())
    design.write("build/")                                # atomically

Each stage is an xDSL pass pipeline over one module; `Design` keeps the IR of each level.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from transformers import PretrainedConfig
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import PassPipeline
from xdsl.printer import Printer

from accllm.diagnostics import op_name, verify_module
from accllm.dialects.accllm import WeightOp
from accllm.frontend.importer import ImportedModel, accllm_context, import_model
from accllm.passes.pipelines import RaisePipelinePass



def _print(module: ModuleOp) -> str:
    from io import StringIO

    out = StringIO()
    Printer(stream=out).print_op(module)
    out.write("\n")
    return out.getvalue()


def _op_counts(module: ModuleOp) -> dict[str, int]:
    counts = Counter(op_name(op) for op in module.walk() if op is not module)
    return dict(sorted(counts.items()))


def raise_to_accllm(module: ModuleOp, *, probe_seq_len: int | None = None) -> ModuleOp:
    """Run the `accllm-raise` pipeline on (a copy of) an imported module and verify it."""
    raised = module.clone()
    options = {} if probe_seq_len is None else {"probe_seq_len": probe_seq_len}
    PassPipeline((RaisePipelinePass(**options),)).apply(accllm_context(), raised)
    verify_module(raised)
    return raised


@dataclass
class Design:
    """The result of compiling one model: its IR at each level and a report."""

    source: str
    config: PretrainedConfig
    torch_ir: ModuleOp
    accllm_ir: ModuleOp
    weights: Mapping[str, np.ndarray] | None
    timings: dict[str, float] = field(default_factory=dict)

    def parameter_count(self) -> int:
        seen: dict[str, int] = {}
        for op in self.accllm_ir.walk():
            if isinstance(op, WeightOp):
                seen[op.param.data] = int(np.prod(op.shape))
        return sum(seen.values())

    def coverage(self) -> dict:
        """What was imported and what it became: the op-coverage report."""
        torch_ops = _op_counts(self.torch_ir)
        return {
            "source": self.source,
            "architecture": getattr(self.config, "model_type", "unknown"),
            "weights": "checkpoint" if self.weights is not None else "architecture only",
            "parameters": self.parameter_count(),
            "imported_ops": torch_ops,
            "accllm_ops": _op_counts(self.accllm_ir),
            "torch_ops_left": sum(n for k, n in _op_counts(self.accllm_ir).items() if k.startswith("torch.")),
            "timings_s": {k: round(v, 3) for k, v in self.timings.items()},
        }

    def report(self) -> str:
        cov = self.coverage()
        lines = [
            f"accllm compile report: {cov['source']}",
            f"  architecture   {cov['architecture']} ({cov['weights']})",
            f"  parameters     {cov['parameters']:,}",
            f"  imported ops   {sum(cov['imported_ops'].values())} torch-dialect ops "
            f"of {len(cov['imported_ops'])} kinds",
            f"  torch ops left {cov['torch_ops_left']}",
            "  accllm ops:",
        ]
        lines += [f"    {name:<24} {count}" for name, count in cov["accllm_ops"].items()]
        lines.append("  imported op coverage (torch op -> raised into accllm):")
        lines += [f"    {name:<48} {count}" for name, count in cov["imported_ops"].items()]
        lines.append("  time: " + ", ".join(f"{k} {v:.2f} s" for k, v in cov["timings_s"].items()))
        return "\n".join(lines) + "\n"

    def write(self, out_dir: str | Path) -> Path:
        """Write torch.mlir, accllm.mlir, report.txt and report.json into `out_dir`,
        atomically: a failure leaves any previous `out_dir` untouched."""
        out_dir = Path(out_dir)
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
        try:
            (staging / "torch.mlir").write_text(_print(self.torch_ir))
            (staging / "accllm.mlir").write_text(_print(self.accllm_ir))
            (staging / "report.txt").write_text(self.report())
            (staging / "report.json").write_text(json.dumps(self.coverage(), indent=2) + "\n")
            _replace_dir(staging, out_dir)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return out_dir


def _replace_dir(new: Path, target: Path) -> None:
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
        os.replace(new, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, target)


def _stage(name: str, timings: dict[str, float], verbose: bool):
    class _Timer:
        def __enter__(self):
            if verbose:
                print(f"[accllm] {name} ...", file=sys.stderr, flush=True)
            self.start = time.perf_counter()

        def __exit__(self, *exc):
            timings[name] = time.perf_counter() - self.start

    return _Timer()


def compile(  # noqa: A001 - the natural name of the API entry point
    source,
    *,
    max_seq_len: int | None = None,
    probe_seq_len: int | None = None,
    verbose: bool = False,
) -> Design:
    """Import `source` (checkpoint dir, architecture name, config or nn.Module) and raise
    it to verified accllm IR."""
    timings: dict[str, float] = {}
    with _stage("import", timings, verbose):
        imported: ImportedModel = import_model(source, max_seq_len=max_seq_len)
    with _stage("raise", timings, verbose):
        raised = raise_to_accllm(imported.module, probe_seq_len=probe_seq_len)
    return Design(imported.source, imported.config, imported.module, raised, imported.weights, timings)
