"""Named pass pipelines, registered as passes so `accllm-opt -p NAME` runs them."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass, PassPipeline

from accllm.passes.convert_torch_to_accllm import ConvertTorchToAccllmPass


@dataclass(frozen=True)
class RaisePipelinePass(ModulePass):
    """`accllm-raise`: imported torch-dialect IR -> verified accllm IR."""

    name = "accllm-raise"

    probe_seq_len: int = ConvertTorchToAccllmPass.probe_seq_len

    def passes(self) -> tuple[ModulePass, ...]:
        return (ConvertTorchToAccllmPass(probe_seq_len=self.probe_seq_len),)

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        PassPipeline(self.passes()).apply(ctx, op)
