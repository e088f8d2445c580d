"""Import + raise of HF LLaMA-family checkpoints, checked numerically against transformers."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from transformers import (
    AutoModelForCausalLM, GraniteConfig, MistralConfig, Phi3Config, Qwen2Config, SmolLM3Config,
)
from xdsl.utils.exceptions import PassFailedException

from accllm.compiler import compile as compile_model
from accllm.dialects import accllm
from accllm.frontend.decoder_spec import DecoderSpec
from accllm.interpreter import run_forward
from accllm.reference import relative_error

from conftest import save_checkpoint, tiny_llama_config

VARIANTS = {
    "mha-untied": dict(num_attention_heads=4, num_key_value_heads=4, tie_word_embeddings=False),
    "gqa-tied": dict(num_attention_heads=4, num_key_value_heads=2, tie_word_embeddings=True),
    "mqa-3-layers": dict(num_attention_heads=8, num_key_value_heads=1, hidden_size=64,
                         num_hidden_layers=3),
    "wide-heads": dict(hidden_size=48, num_attention_heads=2, num_key_value_heads=1,
                       intermediate_size=80, num_hidden_layers=1),
    "rope-theta-bias": dict(rope_theta=500000.0, attention_bias=True, mlp_bias=True),
    "rope-llama3": dict(rope_parameters={
        "rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
        "original_max_position_embeddings": 32, "rope_theta": 500000.0}),
    "rope-yarn": dict(rope_parameters={
        "rope_type": "yarn", "factor": 4.0, "original_max_position_embeddings": 32,
        "rope_theta": 10000.0}),
}


def _hf_logits(directory, ids: np.ndarray) -> np.ndarray:
    model = AutoModelForCausalLM.from_pretrained(
        directory, dtype=torch.float32, attn_implementation="sdpa"
    ).eval()
    with torch.no_grad():
        return model(input_ids=torch.from_numpy(ids), use_cache=False).logits.numpy()


def _check_against_hf(directory, seq_len: int = 12) -> accllm.AttentionOp:
    design = compile_model(directory)
    names = {op.name for op in design.accllm_ir.walk()}
    assert not any(n.startswith("torch.") for n in names), names
    ids = np.random.default_rng(1).integers(0, design.config.vocab_size, (1, seq_len))
    got = run_forward(design.accllm_ir, design.weights, ids)
    want = _hf_logits(directory, ids)
    assert got.shape == want.shape
    assert relative_error(got, want) < 1e-4
    return next(op for op in design.accllm_ir.walk() if isinstance(op, accllm.AttentionOp))


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_llama_variants_match_transformers(variant, tmp_path):
    config = tiny_llama_config(**VARIANTS[variant])
    attention = _check_against_hf(save_checkpoint(config, tmp_path))
    assert isinstance(attention.mask, accllm.CausalMaskAttr)
    assert attention.num_kv_heads.value.data == config.num_key_value_heads


def test_qwen2_with_qkv_bias_raises(tmp_path):
    config = Qwen2Config(
        vocab_size=96, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
        initializer_range=0.2,
    )
    _check_against_hf(save_checkpoint(config, tmp_path))


def test_granite_multipliers_fold_into_weights(tmp_path):
    """Granite's embedding, residual and logits multipliers become derived weights (the
    table, o/down projections and lm_head scaled), its attention multiplier the scale."""
    config = GraniteConfig(
        vocab_size=96, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
        initializer_range=0.2, embedding_multiplier=12.0, residual_multiplier=0.22,
        attention_multiplier=0.0078125, logits_scaling=8.0,
    )
    attention = _check_against_hf(save_checkpoint(config, tmp_path))
    assert attention.scale.value.data == 0.0078125
    module = attention.parent_op()
    derived = sorted(op.param.data for op in module.walk() if isinstance(op, accllm.WeightOp) and op.source)
    assert derived == [
        "lm_head.weight*0.125", "model.embed_tokens.weight*12.0",
        *(f"model.layers.{i}.{m}.weight*0.22" for i in range(2) for m in ("mlp.down_proj", "self_attn.o_proj")),
    ]


def test_phi3_fused_projections_split_into_linears(tmp_path):
    """Phi-3's fused qkv (sliced) and gate_up (chunked) projections become one linear per
    part, each reading its rows of the fused weight; its whole-head rotary slice is an
    identity."""
    config = Phi3Config(
        vocab_size=96, hidden_size=64, intermediate_size=128, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
        pad_token_id=0, bos_token_id=1, eos_token_id=2, initializer_range=0.2,
    )
    attention = _check_against_hf(save_checkpoint(config, tmp_path))
    module = attention.parent_op()
    rows = {op.param.data for op in module.walk() if isinstance(op, accllm.WeightOp) and op.row_range}
    assert {n for n in rows if n.startswith("model.layers.0.")} == {
        "model.layers.0.self_attn.qkv_proj.weight[0:64]", "model.layers.0.self_attn.qkv_proj.weight[64:96]",
        "model.layers.0.self_attn.qkv_proj.weight[96:128]", "model.layers.0.mlp.gate_up_proj.weight[0:128]",
        "model.layers.0.mlp.gate_up_proj.weight[128:256]",
    }


def test_smollm3_layers_without_rope(tmp_path):
    """SmolLM3's NoPE layers (every 2nd here) raise to attention on unrotated q and k."""
    config = SmolLM3Config(
        vocab_size=96, hidden_size=64, intermediate_size=128, num_hidden_layers=4,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
        pad_token_id=0, bos_token_id=1, eos_token_id=2, no_rope_layer_interval=2, initializer_range=0.2,
    )
    attention = _check_against_hf(save_checkpoint(config, tmp_path))
    spec = DecoderSpec.from_ir(attention.parent_op().parent_op())
    assert [layer.rope for layer in spec.layers] == [True, False, True, False]


def test_mistral_sliding_window_becomes_lambda_mask(tmp_path):
    config = MistralConfig(
        vocab_size=96, hidden_size=32, intermediate_size=64, num_hidden_layers=1,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256,
        sliding_window=6, initializer_range=0.2,
    )
    attention = _check_against_hf(save_checkpoint(config, tmp_path), seq_len=20)
    assert attention.mask == accllm.LambdaMaskAttr(0, 6)


def test_raised_ir_structure(tiny_checkpoint):
    design = compile_model(tiny_checkpoint)
    counts = design.coverage()["accllm_ops"]
    layers = 2
    assert counts["accllm.attention"] == layers
    assert counts["accllm.rope"] == 2 * layers
    assert counts["accllm.rope_freqs"] == 1
    assert counts["accllm.linear"] == 7 * layers
    assert counts["accllm.rmsnorm"] == 2 * layers + 1
    assert counts["accllm.gated_mul"] == layers
    assert counts["accllm.add"] == 2 * layers
    assert counts["accllm.lm_head"] == 1
    assert design.coverage()["torch_ops_left"] == 0


def test_compile_is_deterministic(tiny_checkpoint, tmp_path):
    first = compile_model(tiny_checkpoint).write(tmp_path / "a")
    second = compile_model(tiny_checkpoint).write(tmp_path / "b")
    for name in ("torch.mlir", "accllm.mlir"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_in_memory_module_imports_and_matches(tmp_path):
    torch.manual_seed(3)
    model = AutoModelForCausalLM.from_config(
        tiny_llama_config(num_hidden_layers=1), dtype=torch.float32, attn_implementation="sdpa"
    ).eval()
    design = compile_model(model)
    assert design.weights is not None
    ids = np.random.default_rng(2).integers(0, 96, (1, 9))
    got = run_forward(design.accllm_ir, design.weights, ids)
    with torch.no_grad():
        want = model(input_ids=torch.from_numpy(ids), use_cache=False).logits.numpy()
    assert relative_error(got, want) < 1e-4


def test_architecture_only_import_has_no_weights():
    design = compile_model("tiny-llama")
    assert design.weights is None
    assert design.coverage()["parameters"] == 3_803_392
    assert design.coverage()["torch_ops_left"] == 0


def test_lm_head_with_a_bias_is_refused_at_its_op():
    """The engine's lm_head has no bias: raising refuses it in one located line instead of
    dropping the bias."""
    model = AutoModelForCausalLM.from_config(
        tiny_llama_config(num_hidden_layers=1), dtype=torch.float32, attn_implementation="sdpa"
    ).eval()
    model.lm_head = torch.nn.Linear(32, 96, bias=True)
    with pytest.raises(PassFailedException, match=r"torch.aten.linear. op an lm_head with a bias is not supported"):
        compile_model(model)
