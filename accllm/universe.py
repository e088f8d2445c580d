"""The accllm Universe: its dialects, passes and targets, as xDSL discovers plugins.

Registered under the `xdsl.universe` entry point, so plain `xdsl-opt` sees them too.
Factories import lazily, so listing the universe stays cheap.
"""

from xdsl.universe import Universe


def _accllm_dialect():
    from accllm.dialects.accllm import ACCLLM

    return ACCLLM


def _engine_dialect():
    from accllm.dialects.engine import ENGINE

    return ENGINE


def _torch_dialect():
    from accllm.dialects.torch import TORCH

    return TORCH


def _convert_torch_to_accllm():
    from accllm.passes.convert_torch_to_accllm import ConvertTorchToAccllmPass

    return ConvertTorchToAccllmPass


def _apply_compression():
    from accllm.passes.apply_compression import ApplyCompressionPass

    return ApplyCompressionPass


def _convert_accllm_to_engine():
    from accllm.passes.convert_accllm_to_engine import ConvertAccllmToEnginePass

    return ConvertAccllmToEnginePass


def _engine_tile():
    from accllm.passes.engine_tiling import EngineTilePass

    return EngineTilePass


def _engine_hbm_alloc():
    from accllm.passes.engine_hbm_alloc import EngineHBMAllocPass

    return EngineHBMAllocPass


def _engine_buffer_alloc():
    from accllm.passes.engine_buffer_alloc import EngineBufferAllocPass

    return EngineBufferAllocPass


def _engine_schedule():
    from accllm.passes.engine_schedule import EngineSchedulePass

    return EngineSchedulePass


def _raise_pipeline():
    from accllm.passes.pipelines import RaisePipelinePass

    return RaisePipelinePass


def _engine_pipeline():
    from accllm.passes.pipelines import EnginePipelinePass

    return EnginePipelinePass


def _hls_cpp_target():
    from accllm.backend_hls.kernel_source import HlsCppTarget

    return HlsCppTarget


ACCLLM_UNIVERSE = Universe(
    all_dialects={"accllm": _accllm_dialect, "engine": _engine_dialect, "torch": _torch_dialect},
    all_passes={
        "convert-torch-to-accllm": _convert_torch_to_accllm,
        "accllm-raise": _raise_pipeline,
        "accllm-to-engine": _engine_pipeline,
        "accllm-apply-compression": _apply_compression,
        "convert-accllm-to-engine": _convert_accllm_to_engine,
        "engine-tile": _engine_tile,
        "engine-hbm-alloc": _engine_hbm_alloc,
        "engine-buffer-alloc": _engine_buffer_alloc,
        "engine-schedule": _engine_schedule,
    },
    all_targets={"hls-cpp": _hls_cpp_target},
)
