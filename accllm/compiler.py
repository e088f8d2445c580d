"""The Python API: import a model, raise it to accllm IR, and write a compilation folder.

    design = accllm.compile("path/to/hf-llama")          # or "llama-2-7b", a config, a Module
    print(design.report())
    design.write("build/")                                # atomically

Each stage is an xDSL pass pipeline over one module; `Design` keeps the IR of each level.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from transformers import PretrainedConfig
from xdsl.dialects.builtin import ModuleOp
from xdsl.dialects.func import FuncOp
from xdsl.passes import PassPipeline
from xdsl.printer import Printer

from accllm.atomic import write_folder_atomically
from accllm.backend_hls import program_binary
from accllm.backend_hls.project import project_contents, write_files
from accllm.compression.config import CompressionConfig
from accllm.diagnostics import op_name, verify_module
from accllm.dialects.accllm import WeightOp
from accllm.engine_design import EngineDesign, build_engine
from accllm.frontend.derived_weights import DerivedWeights
from accllm.frontend.importer import ImportedModel, accllm_context, import_model
from accllm.passes.pipelines import RaisePipelinePass
from accllm.passes.torch_eval import depends_on_data



def print_module(module: ModuleOp) -> str:
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
    engine: EngineDesign | None = None

    def parameter_count(self) -> int:
        seen: dict[str, int] = {}
        for op in self.accllm_ir.walk():
            if isinstance(op, WeightOp):
                seen[op.param.data] = int(np.prod(op.shape))
        return sum(seen.values())

    def coverage(self) -> dict:
        """What was imported and what it became: the op-coverage report. Each imported op
        kind is counted as `data` (computes on activations or weights: raised into accllm
        ops) or `folded` (constants, asserts and the position-only mask/RoPE subgraphs that
        became attributes). Timings are left out so the report is deterministic."""
        imported: dict[str, dict[str, int]] = {}
        for func_op in self.torch_ir.ops:
            if not isinstance(func_op, FuncOp) or not func_op.body.blocks:
                continue
            is_data = depends_on_data(func_op.body.blocks[0])
            for op in func_op.body.walk():
                entry = imported.setdefault(op_name(op), {"count": 0, "data": 0, "folded": 0})
                entry["count"] += 1
                entry["data" if any(is_data(r) for r in op.results) else "folded"] += 1
        accllm_ops = _op_counts(self.accllm_ir)
        return {
            "source": self.source,
            "architecture": getattr(self.config, "model_type", "unknown"),
            "weights": "checkpoint" if self.weights is not None else "architecture only",
            "parameters": self.parameter_count(),
            "imported_ops": dict(sorted(imported.items())),
            "accllm_ops": accllm_ops,
            "torch_ops_left": sum(n for k, n in accllm_ops.items() if k.startswith("torch.")),
        }

    def report(self) -> str:
        cov = self.coverage()
        imported = cov["imported_ops"]
        lines = [
            f"accllm compile report: {cov['source']}",
            f"  architecture    {cov['architecture']} ({cov['weights']})",
            f"  parameters      {cov['parameters']:,}",
            f"  imported ops    {sum(e['count'] for e in imported.values())} torch-dialect ops "
            f"of {len(imported)} kinds",
            f"  torch ops left  {cov['torch_ops_left']}",
            "",
            "  accllm ops",
        ]
        lines += [f"    {name:<28} {count:>6}" for name, count in cov["accllm_ops"].items()]
        lines += ["", f"  {'imported op':<44} {'count':>6} {'raised':>7} {'folded':>7}"]
        lines += [
            f"    {name:<42} {e['count']:>6} {e['data']:>7} {e['folded']:>7}"
            for name, e in imported.items()
        ]
        lines += [
            "",
            "  raised: data ops consumed by accllm patterns; folded: constants, asserts and the",
            "  position-only mask / RoPE subgraphs evaluated into op attributes.",
        ]
        return "\n".join(lines) + "\n"

    def write(self, out_dir: str | Path) -> Path:
        """Write torch.mlir, accllm.mlir, report.txt and report.json into `out_dir`,
        atomically: a failure leaves any previous `out_dir` untouched."""
        return write_folder_atomically(out_dir, self.write_into)

    def write_into(self, folder: Path) -> None:
        """The files of `write`, into an existing folder."""
        (folder / "torch.mlir").write_text(print_module(self.torch_ir))
        (folder / "accllm.mlir").write_text(print_module(self.accllm_ir))
        report = self.report()
        if self.engine is not None:
            (folder / "engine.mlir").write_text(print_module(self.engine.module))
            (folder / "engine.json").write_text(json.dumps(self.engine.to_json(), indent=2) + "\n")
            (folder / "program.bin").write_bytes(program_binary.encode(self.engine.module))
            (folder / "program.lst").write_text(program_binary.listing(self.engine.module))
            # The kernel's Vitis project, without HBM images: there are no weights.
            write_files(folder / "hls", project_contents(self.engine.module))
            report += "\n" + self.engine.report() + "\n"
        (folder / "report.txt").write_text(report)
        (folder / "report.json").write_text(json.dumps(self.coverage(), indent=2) + "\n")


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
    target: str | None = None,
    compression: CompressionConfig | None = None,
    engine_overrides: dict[str, int] | None = None,
) -> Design:
    """Import `source` (checkpoint dir, architecture name, config or nn.Module) and raise
    it to verified accllm IR; with a `target` board, also map it onto the engine with the
    `compression` configuration (default: CompressionConfig()) and estimate it."""
    timings: dict[str, float] = {}
    with _stage("import", timings, verbose):
        imported: ImportedModel = import_model(source, max_seq_len=max_seq_len)
    with _stage("raise", timings, verbose):
        raised = raise_to_accllm(imported.module, probe_seq_len=probe_seq_len)
    weights = None if imported.weights is None else DerivedWeights(imported.weights, raised)
    design = Design(imported.source, imported.config, imported.module, raised, weights, timings)
    if target is not None:
        with _stage("engine", timings, verbose):
            design.engine = build_engine(raised, compression or CompressionConfig(), target=target,
                                         overrides=engine_overrides)
    return design
