"""Named LLaMA-family architectures for architecture-only compilation (`--arch NAME`).

Each entry is a transformers config; no weights are involved. Values are the published
hyper-parameters of each model.
"""

from __future__ import annotations

from transformers import LlamaConfig, PretrainedConfig

from accllm.diagnostics import AccllmError

_ARCHITECTURES: dict[str, dict] = {
    # The size of accllm's built-in model: small enough to train and simulate on a laptop; the
    # FFN width 640 (2.5 x hidden) is a multiple of 64 and 128, so every quantization group tiles it.
    "tiny-llama": dict(
        vocab_size=4096, hidden_size=256, intermediate_size=640, num_hidden_layers=4,
        num_attention_heads=8, num_key_value_heads=4, max_position_embeddings=512,
        rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=True,
    ),
    "llama-2-7b": dict(
        vocab_size=32000, hidden_size=4096, intermediate_size=11008, num_hidden_layers=32,
        num_attention_heads=32, num_key_value_heads=32, max_position_embeddings=4096,
        rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=False,
    ),
    "llama-2-13b": dict(
        vocab_size=32000, hidden_size=5120, intermediate_size=13824, num_hidden_layers=40,
        num_attention_heads=40, num_key_value_heads=40, max_position_embeddings=4096,
        rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=False,
    ),
    "tinyllama-1.1b": dict(
        vocab_size=32000, hidden_size=2048, intermediate_size=5632, num_hidden_layers=22,
        num_attention_heads=32, num_key_value_heads=4, max_position_embeddings=2048,
        rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=False,
    ),
    "llama-3-8b": dict(
        vocab_size=128256, hidden_size=4096, intermediate_size=14336, num_hidden_layers=32,
        num_attention_heads=32, num_key_value_heads=8, max_position_embeddings=8192,
        rms_norm_eps=1e-5, rope_theta=500000.0, tie_word_embeddings=False,
    ),
}

DEFAULT_ARCHITECTURE = "tiny-llama"


def architecture_names() -> list[str]:
    return sorted(_ARCHITECTURES)


def architecture_config(name: str) -> PretrainedConfig:
    if name not in _ARCHITECTURES:
        raise AccllmError(
            f"error: unknown architecture '{name}' (known: {', '.join(architecture_names())})"
        )
    return LlamaConfig(**_ARCHITECTURES[name])
