"""Bad input to `accllm`: one `error:` line naming the cause, non-zero exit, no traceback,
and no half-written output."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from safetensors.numpy import load_file, save_file
from transformers import DeepseekV3Config, GPT2Config, LlamaConfig, MixtralConfig, Qwen2MoeConfig

from accllm.cli import main

from conftest import save_checkpoint


SIZES = dict(vocab_size=96, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                 num_attention_heads=4, num_key_value_heads=2)


def _run(capsys, *argv: str) -> tuple[int, list[str]]:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, [line for line in err.splitlines() if line.strip()]


def _copy(checkpoint, tmp_path, name="ckpt"):
    return shutil.copytree(checkpoint, tmp_path / name)


def test_missing_directory(capsys, tmp_path):
    code, lines = _run(capsys, "compile", "--model", str(tmp_path / "nope"), "-q")
    assert code == 1 and len(lines) == 1
    assert "not a checkpoint directory" in lines[0]


def test_missing_config(capsys, tmp_path):
    (tmp_path / "empty").mkdir()
    code, lines = _run(capsys, "compile", "--model", str(tmp_path / "empty"), "-q")
    assert code == 1 and lines == [f"{tmp_path / 'empty' / 'config.json'}: error: checkpoint has no config.json"]


def test_malformed_config_json(capsys, tmp_path, tiny_checkpoint):
    ckpt = _copy(tiny_checkpoint, tmp_path)
    (ckpt / "config.json").write_text('{"model_type": "llama",\n "hidden_size": }\n')
    code, lines = _run(capsys, "compile", "--model", str(ckpt), "-q")
    assert code == 1 and len(lines) == 1
    assert lines[0].startswith(f"{ckpt / 'config.json'}:2: error: invalid JSON")


def test_unknown_architecture(capsys, tmp_path, tiny_checkpoint):
    ckpt = _copy(tiny_checkpoint, tmp_path)
    config = json.loads((ckpt / "config.json").read_text())
    config["model_type"] = "not-a-model"
    (ckpt / "config.json").write_text(json.dumps(config))
    code, lines = _run(capsys, "compile", "--model", str(ckpt), "-q")
    assert code == 1 and len(lines) == 1
    assert "error: unsupported architecture 'not-a-model'" in lines[0]


@pytest.mark.parametrize("config", [
    MixtralConfig(num_local_experts=4, num_experts_per_tok=2, **SIZES),
    DeepseekV3Config(n_routed_experts=8, num_experts_per_tok=2, **SIZES),
    Qwen2MoeConfig(num_experts=4, num_experts_per_tok=2, **SIZES),
], ids=["mixtral", "deepseek-v3", "qwen2-moe"])
def test_mixture_of_experts_is_refused_by_its_structure(capsys, tmp_path, config):
    config.save_pretrained(tmp_path)
    code, lines = _run(capsys, "check-import", "--model", str(tmp_path))
    assert code == 1 and len(lines) == 1
    assert lines[0].startswith(f"{tmp_path / 'config.json'}: error: mixture-of-experts MLPs (")
    assert lines[0].endswith("are not supported: accllm compiles dense LLaMA-family decoders")


def test_dynamic_ntk_rope_is_refused_before_export(capsys, tmp_path):
    LlamaConfig(rope_parameters={"rope_type": "dynamic", "factor": 2.0, "rope_theta": 10000.0},
                **SIZES).save_pretrained(tmp_path)
    code, lines = _run(capsys, "check-import", "--model", str(tmp_path))
    assert code == 1 and lines == [
        f"{tmp_path / 'config.json'}: error: dynamic-NTK RoPE (rope_type 'dynamic': its frequencies change with "
        "the sequence length) is not supported: accllm's RoPE tables are fixed at compile time"]


def test_missing_weight_file(capsys, tmp_path, tiny_checkpoint):
    ckpt = _copy(tiny_checkpoint, tmp_path)
    (ckpt / "model.safetensors").unlink()
    code, lines = _run(capsys, "compile", "--model", str(ckpt), "-q")
    assert code == 1 and lines == [f"{ckpt}: error: no model.safetensors or model.safetensors.index.json in checkpoint"]


def test_corrupt_weight_file(capsys, tmp_path, tiny_checkpoint):
    ckpt = _copy(tiny_checkpoint, tmp_path)
    (ckpt / "model.safetensors").write_bytes(b"\x07\x00\x00\x00\x00\x00\x00\x00{garbage")
    code, lines = _run(capsys, "compile", "--model", str(ckpt), "-q")
    assert code == 1 and len(lines) == 1
    assert lines[0].startswith(f"{ckpt / 'model.safetensors'}: error: corrupt safetensors file")


def test_checkpoint_missing_a_tensor(capsys, tmp_path, tiny_checkpoint):
    ckpt = _copy(tiny_checkpoint, tmp_path)
    tensors = load_file(ckpt / "model.safetensors")
    del tensors["model.layers.1.mlp.up_proj.weight"]
    save_file(tensors, ckpt / "model.safetensors")
    code, lines = _run(capsys, "compile", "--model", str(ckpt), "-q")
    assert code == 1
    assert lines == [f"{ckpt}: error: checkpoint has no tensor 'model.layers.1.mlp.up_proj.weight'"]


def test_checkpoint_tensor_with_wrong_shape(capsys, tmp_path, tiny_checkpoint):
    ckpt = _copy(tiny_checkpoint, tmp_path)
    tensors = load_file(ckpt / "model.safetensors")
    tensors["model.norm.weight"] = tensors["model.norm.weight"][:-1].copy()
    save_file(tensors, ckpt / "model.safetensors")
    code, lines = _run(capsys, "compile", "--model", str(ckpt), "-q")
    assert code == 1 and len(lines) == 1
    assert "tensor 'model.norm.weight' has shape [31], the architecture needs [32]" in lines[0]


def test_unsupported_ops_are_listed_per_kind(capsys, tmp_path):
    config = GPT2Config(n_embd=32, n_layer=1, n_head=2, vocab_size=64, n_positions=64,
                        bos_token_id=0, eos_token_id=0)
    ckpt = save_checkpoint(config, tmp_path / "gpt2")
    out = tmp_path / "out"
    code, lines = _run(capsys, "compile", "--model", str(ckpt), "-o", str(out), "-q")
    assert code == 1
    assert any("error: unsupported op 'torch.aten.layer_norm' (3 ops)" in line for line in lines)
    assert any("error: unsupported op 'torch.aten.addmm' (4 ops)" in line for line in lines)
    assert all(": error: " in line for line in lines)
    kinds = [line.split("'")[1] for line in lines]
    assert len(kinds) == len(set(kinds)), "one line per op kind"
    assert not out.exists()


def test_failed_compile_keeps_previous_output(capsys, tmp_path, tiny_checkpoint):
    out = tmp_path / "out"
    assert main(["compile", "--model", str(tiny_checkpoint), "-o", str(out), "--target", "none", "-q"]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = _copy(tiny_checkpoint, tmp_path)
    (bad / "model.safetensors").write_bytes(b"junk")
    code, _ = _run(capsys, "compile", "--model", str(bad), "-o", str(out), "-q")
    assert code == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ckpt", "out"]


def test_command_line_entry_point_reports_without_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "accllm.cli", "compile", "--model", str(tmp_path / "missing")],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().endswith("error: not a checkpoint directory nor a built-in "
                                        "architecture (llama-2-13b, llama-2-7b, llama-3-8b, "
                                        "tiny-llama, tinyllama-1.1b)")
    assert "Traceback" not in proc.stderr
