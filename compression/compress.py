"""`accllm.compress(model, config, calibration_text)`: the whole compression pipeline."""

from __future__ import annotations

from pathlib import Path

import torch

from accllm.compression.calibration import (
    load_tokenizer,
    read_text,
    sample_windows,
    self_generated_windows,
    tokenize,
)
from accllm.compression.compressed_model import CompressedModel
from accllm.compression.config import CompressionConfig, ConfigError
from accllm.compression.fake_quant import FakeQuantDecoder
from accllm.compression.pipeline import compress_decoder
from accllm.diagnostics import AccllmError
from accllm.frontend.decoder_spec import DecoderSpec


def default_device() -> torch.device:
    """CUDA when the user has it (real 7B models are compressed on GPUs), else the CPU."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def load_decoder(model_dir: str | Path, config: CompressionConfig | None = None):
    """(DecoderSpec, lazy checkpoint tensors, transformers config) of a checkpoint directory,
    via import + raise: compression works from what the IR says. Checks that `config` fits
    the model's dimensions."""
    from accllm.compiler import compile as compile_model

    design = compile_model(model_dir)
    if design.weights is None:
        raise AccllmError(f"{model_dir}: error: compression needs a checkpoint with weights")
    spec = DecoderSpec.from_ir(design.accllm_ir)
    if config is not None:
        first = spec.layers[0]
        try:
            config.check_model(first.q.in_features, first.down.in_features)
        except ConfigError as err:
            raise AccllmError(f"error: {err}") from None
    return spec, design.weights, design.config


# A checkpoint folder may carry its own calibration text (the built-in model does: excerpts of
# the pydocs train split); it is the default when no file is given.
BUNDLED_CALIBRATION = "calibration.txt"


def calibration_windows(
    model_dir: str | Path, spec: DecoderSpec, tensors, config: CompressionConfig,
    calibration: str | Path | None,
) -> torch.Tensor:
    count = max(1, config.calibration_tokens // config.calibration_seq_len)
    bundled = Path(model_dir) / BUNDLED_CALIBRATION
    if calibration is None and bundled.is_file():
        calibration = bundled
    if calibration is not None:
        tokens = tokenize(load_tokenizer(model_dir), read_text(calibration))
        return sample_windows(tokens, count, config.calibration_seq_len, config.seed)
    fp = FakeQuantDecoder(spec, tensors, CompressionConfig.fp())
    return self_generated_windows(fp, count, config.calibration_seq_len, config.seed, spec.vocab_size)


def compress(
    model_dir: str | Path,
    config: CompressionConfig | None = None,
    calibration: str | Path | None = None,
    *,
    device: str | torch.device | None = None,
    progress: bool = True,
) -> CompressedModel:
    """Compress the checkpoint in `model_dir` as `config` says, calibrating on the text file
    `calibration` (default: the checkpoint's calibration.txt, or else text the model
    generates itself)."""
    config = config or CompressionConfig()
    device = torch.device(device) if device is not None else default_device()
    torch.manual_seed(config.seed)
    spec, tensors, _ = load_decoder(model_dir, config)
    windows = calibration_windows(model_dir, spec, tensors, config, calibration)
    model = FakeQuantDecoder(spec, tensors, config, lazy_layers=True).to(device)
    weights = compress_decoder(model, windows, progress=progress, release_layers=True)
    compressed = CompressedModel(spec, config, tensors, weights)
    if config.recovery_steps > 0:
        from accllm.compression.recovery import recover

        compressed = recover(compressed, windows, device=device, progress=progress)
    return compressed
