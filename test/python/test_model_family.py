"""The LLaMA family beyond LLaMA: one tiny random checkpoint per structure accllm raises by
structure (built with transformers' own config classes, as its model tests build them, and
saved with `save_pretrained`), each checked against transformers and, in the slow suite,
compiled end to end with its C simulation bit-exact with the golden model past its window.

| model     | structure it adds                                                              |
|-----------|--------------------------------------------------------------------------------|
| qwen3     | RMSNorm of each query and key head before RoPE                                 |
| olmo2     | RMSNorm of the whole query and key projections; norms after each branch        |
| gemma     | GeGLU with tanh GELU, `(1 + w)` RMSNorm, embedding times sqrt(hidden), tied    |
| gemma-erf | GeGLU with erf GELU, one KV head, untied                                       |
| gemma2    | eager attention with soft-capped scores, soft-capped logits, sandwich norms,   |
|           | a local layer (sliding window 8) beside a global one                           |
| gemma3    | a local layer (sliding window 8, RoPE base 1e4) beside a global one (1e6);     |
|           | per-head q/k norms; norms on both sides of each branch                         |
| phi3      | fused qkv and gate_up projections, rotary part as a slice of the head          |
| granite   | embedding, residual, attention and logits multipliers                          |
| smollm3   | every 2nd layer without RoPE                                                   |
| mistral   | its own sliding window (8), kept under a wider Λ                               |
"""

from __future__ import annotations

import json
import shutil

import pytest
from transformers import (
    Gemma2Config, Gemma3TextConfig, GemmaConfig, GraniteConfig, MistralConfig, Olmo2Config, Phi3Config, Qwen3Config, SmolLM3Config,
)

from accllm.backend_hls.project import ap_types_dir
from accllm.cli import main

from conftest import save_checkpoint

COMMON = dict(vocab_size=96, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
              num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256,
              pad_token_id=0, bos_token_id=1, eos_token_id=2, initializer_range=0.2)

FAMILY = {
    "qwen3": lambda: Qwen3Config(**COMMON, head_dim=16),
    "olmo2": lambda: Olmo2Config(**COMMON),
    "gemma": lambda: GemmaConfig(**COMMON, head_dim=16),
    "gemma-erf": lambda: GemmaConfig(**{**COMMON, "num_key_value_heads": 1}, head_dim=16,
                                     hidden_activation="gelu", tie_word_embeddings=False),
    "gemma2": lambda: Gemma2Config(**COMMON, head_dim=16, sliding_window=8),
    "gemma3": lambda: Gemma3TextConfig(**COMMON, head_dim=16, sliding_window=8,
                                       layer_types=["sliding_attention", "full_attention"]),
    "phi3": lambda: Phi3Config(**COMMON),
    "granite": lambda: GraniteConfig(**COMMON, embedding_multiplier=12.0, residual_multiplier=0.22,
                                     attention_multiplier=0.0078125, logits_scaling=8.0),
    "smollm3": lambda: SmolLM3Config(**COMMON, no_rope_layer_interval=2),
    "mistral": lambda: MistralConfig(**COMMON, sliding_window=8),
}

# A Λ of 2 sinks + 12 (wider than Mistral's and Gemma 3's local 8, which they keep): the
# prompt's 32 tokens and 16 decode steps run well past every window.
CONFIG = {"sinks": 2, "window": 12, "calibration_tokens": 1024, "calibration_seq_len": 64}


@pytest.fixture(scope="module", params=sorted(FAMILY))
def member(request, tmp_path_factory):
    directory = tmp_path_factory.mktemp(request.param)
    return request.param, save_checkpoint(FAMILY[request.param](), directory)


def test_raised_model_matches_transformers(member, capsys):
    name, directory = member
    assert main(["check-import", "--model", str(directory), "--seq-len", "24", "--rtol", "1e-4"]) == 0, name
    assert "tolerance 0.0001" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("g++") is None, reason="g++ is needed for the C simulation stage")
@pytest.mark.skipif(ap_types_dir() is None, reason="the hls4ml wheel (ap_types headers) is not installed")
def test_compiles_and_simulates_bit_exact_past_the_window(member, tmp_path):
    name, directory = member
    config = tmp_path / "config.json"
    config.write_text(json.dumps(CONFIG))
    out = tmp_path / "build"
    assert main(["compile", "--model", str(directory), "--config", str(config), "--csim-steps", "16",
                 "--no-reference", "-q", "-o", str(out)]) == 0, name
    report = json.loads((out / "report.json").read_text())
    assert report["csim"]["bit_exact"], name
    assert report["csim"]["prompt_tokens"] + report["csim"]["decode_steps"] > CONFIG["sinks"] + CONFIG["window"]
    own = {"mistral": [[0, 8], [0, 8]], "gemma2": [[0, 8], [2, 12]], "gemma3": [[0, 8], [2, 12]]}
    assert report["compression"]["layer_attention"] == own.get(name, [[2, 12]] * 2), name
