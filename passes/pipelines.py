"""Named pass pipelines, registered as passes so `accllm-opt -p NAME` runs them."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass, PassPipeline

from accllm.passes.apply_compression import ApplyCompressionPass
from accllm.passes.convert_accllm_to_engine import ConvertAccllmToEnginePass
from accllm.passes.convert_torch_to_accllm import ConvertTorchToAccllmPass
from accllm.passes.engine_buffer_alloc import EngineBufferAllocPass
from accllm.passes.engine_hbm_alloc import EngineHBMAllocPass
from accllm.passes.engine_tiling import EngineTilePass


@dataclass(frozen=True)
class RaisePipelinePass(ModulePass):
    """`accllm-raise`: imported torch-dialect IR -> verified accllm IR."""

    name = "accllm-raise"

    probe_seq_len: int = ConvertTorchToAccllmPass.probe_seq_len

    def passes(self) -> tuple[ModulePass, ...]:
        return (ConvertTorchToAccllmPass(probe_seq_len=self.probe_seq_len),)

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        PassPipeline(self.passes()).apply(ctx, op)


@dataclass(frozen=True)
class EnginePipelinePass(ModulePass):
    """`accllm-to-engine`: raised accllm IR -> engine programs placed in HBM.

    Compresses the decoder (`accllm-apply-compression`), maps it onto the engine
    (`convert-accllm-to-engine`), tiles the weight loads (`engine-tile`), sizes the
    activation buffer (`engine-buffer-alloc`) and allocates HBM (`engine-hbm-alloc`). The options are the compression choices the engine depends on and
    the main engine parameters; the other engine parameters keep their defaults."""

    name = "accllm-to-engine"

    # Compression (accllm-apply-compression).
    weight_group: int = ApplyCompressionPass.weight_group
    window: int = ApplyCompressionPass.window
    sinks: int = ApplyCompressionPass.sinks
    sparsity: str = ApplyCompressionPass.sparsity
    kv_bits: int = ApplyCompressionPass.kv_bits
    # Engine (convert-accllm-to-engine).
    lanes: int = ConvertAccllmToEnginePass.lanes
    kept_per_lane: int = ConvertAccllmToEnginePass.kept_per_lane
    weight_channels: int = ConvertAccllmToEnginePass.weight_channels
    kv_channels: int = ConvertAccllmToEnginePass.kv_channels
    board: str = ConvertAccllmToEnginePass.board
    index_encoding: str = ConvertAccllmToEnginePass.index_encoding

    def passes(self) -> tuple[ModulePass, ...]:
        return (
            ApplyCompressionPass(weight_group=self.weight_group, window=self.window, sinks=self.sinks,
                                 sparsity=self.sparsity, kv_bits=self.kv_bits),
            ConvertAccllmToEnginePass(lanes=self.lanes, kept_per_lane=self.kept_per_lane,
                                      weight_channels=self.weight_channels, kv_channels=self.kv_channels,
                                      board=self.board, index_encoding=self.index_encoding),
            EngineTilePass(),
            EngineBufferAllocPass(),
            EngineHBMAllocPass(),
        )

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        PassPipeline(self.passes()).apply(ctx, op)
