"""The accllm Universe: its dialects, passes and targets, as xDSL discovers plugins.

Registered under the `xdsl.universe` entry point, so plain `xdsl-opt` sees them too.
Factories import lazily, so listing the universe stays cheap.
"""

from xdsl.universe import Universe


def _accllm_dialect():
    from accllm.dialects.accllm import ACCLLM

    return ACCLLM


def _torch_dialect():
    from accllm.dialects.torch import TORCH

    return TORCH


def _convert_torch_to_accllm():
    from accllm.passes.convert_torch_to_accllm import ConvertTorchToAccllmPass

    return ConvertTorchToAccllmPass


def _apply_compression():
    from accllm.passes.apply_compression import ApplyCompressionPass

    return ApplyCompressionPass


def _raise_pipeline():
    from accllm.passes.pipelines import RaisePipelinePass

    return RaisePipelinePass


ACCLLM_UNIVERSE = Universe(
    all_dialects={"accllm": _accllm_dialect, "torch": _torch_dialect},
    all_passes={
        "convert-torch-to-accllm": _convert_torch_to_accllm,
        "accllm-raise": _raise_pipeline,
        "accllm-apply-compression": _apply_compression,
    },
)
