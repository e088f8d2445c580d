"""Shared fixtures: small random LLaMA-family checkpoints saved with `save_pretrained`, and the
HLS project of the built-in model."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from transformers import AutoModelForCausalLM, LlamaConfig, PretrainedConfig

ROOT = Path(__file__).resolve().parents[2]
BUILTIN = ROOT / "accllm/models/pydocs-tiny-llama"
CORPUS = ROOT.parent / "shared/data/pydocs/train.txt"


def save_checkpoint(config: PretrainedConfig, directory: Path, seed: int = 0) -> Path:
    """Build a model with random weights from `config` and save it as an HF checkpoint."""
    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    model.save_pretrained(directory)
    return directory


def tiny_llama_config(**overrides) -> LlamaConfig:
    values = dict(
        vocab_size=96, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
        initializer_range=0.2,
    )
    values.update(overrides)
    return LlamaConfig(**values)


@pytest.fixture(scope="session")
def tiny_checkpoint(tmp_path_factory) -> Path:
    return save_checkpoint(tiny_llama_config(), tmp_path_factory.mktemp("tiny-llama"))


TOKENIZER_TEXT = (
    "def add(a, b):\n    return a + b\n\nclass Point:\n    x: int\n    y: int\n"
    "The Python documentation describes the language and its standard library.\n"
) * 20


def save_tokenizer(directory: Path, vocab_size: int) -> Path:
    """A small BPE tokenizer trained on a fixed text, saved as tokenizer.json."""
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE(unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=["<unk>"], show_progress=False)
    tokenizer.train_from_iterator([TOKENIZER_TEXT], trainer)
    tokenizer.save(str(directory / "tokenizer.json"))
    return directory


@pytest.fixture(scope="session")
def tiny_checkpoint_with_tokenizer(tmp_path_factory) -> Path:
    directory = save_checkpoint(tiny_llama_config(num_hidden_layers=2), tmp_path_factory.mktemp("tok-llama"))
    save_tokenizer(directory, 96)
    (directory / "corpus.txt").write_text(TOKENIZER_TEXT)
    return directory


def compress_model(model: Path, config, calib: Path | None, out: Path) -> Path:
    """`model` compressed with `config` on the CPU and saved to `out`."""
    from accllm.compression.compress import compress

    compress(model, config, calib, device="cpu", progress=False).save(out)
    return out


@pytest.fixture(scope="session")
def builtin_project(tmp_path_factory) -> Path:
    """The built-in model in the full AccLLM configuration (short calibration), its KV ring
    shrunk to sinks + window + one call so that a few hundred decode steps wrap it."""
    from accllm.backend_hls.project import DEFAULT_PROMPT, build_project
    from accllm.compression.config import CompressionConfig

    tmp = tmp_path_factory.mktemp("hls-builtin")
    config = CompressionConfig(calibration_tokens=4096)
    compressed = compress_model(BUILTIN, config, CORPUS if CORPUS.exists() else None, tmp / "compressed")
    return build_project(BUILTIN, compressed, tmp / "hls", prompt=DEFAULT_PROMPT,
                         engine_overrides={"kv_slots": config.sinks + config.window + 64})
