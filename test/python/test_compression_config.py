"""Invalid compression configurations are one-line errors, never tracebacks."""

from __future__ import annotations

import json

import pytest

from accllm.cli import main
from accllm.compression.config import CompressionConfig, ConfigError


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"weight_bits": 9}, "weight_bits must be in [1, 8] or null, got 9"),
        ({"act_bits": 1}, "act_bits must be in [2, 16] or null, got 1"),
        ({"window": 0}, "window must be >= 1, got 0"),
        ({"sparsity": [4, 2]}, "sparsity pattern must be N:M with 0 < N < M <= 16, got 4:2"),
        ({"sparsity": [2, 4, 8]}, "sparsity must be [N, M], got [2, 4, 8]"),
        ({"weight_group": 6}, "weight_group (6) must be a multiple of the sparsity block (4)"),
        ({"quant_method": "awq"}, "quant_method must be one of gptq, rtn, got 'awq'"),
        ({"windw": 8}, "unknown configuration key(s): windw"),
        ({"kv_keys": "per_channel", "window": 16}, "per-channel keys need window (16) >= kv_key_block (32)"),
        ({"kv_keys": "per_head"}, "kv_keys must be one of per_token, per_channel, got 'per_head'"),
    ],
)
def test_invalid_values(values, message):
    with pytest.raises(ConfigError) as err:
        CompressionConfig.from_dict(values)
    assert str(err.value) == message


@pytest.mark.parametrize(("config", "model", "want"), [
    ({}, None, (4, 252)),                                            # causal: the Λ
    ({}, (0, 32), (0, 32)),                                          # own sliding window kept
    ({"window": 16, "sinks": 2}, (0, 32), (2, 16)),                  # a narrower Λ replaces it
    ({"respect_model_window": False}, (0, 32), (4, 252)),            # the user forces the Λ
    ({"window": None}, (0, 32), (0, 32)),                            # uncompressed: the model's
    ({"window": None}, None, (0, None)),                             # dense causal
])
def test_attention_lambda_never_widens_a_models_window(config, model, want):
    assert CompressionConfig(**config).attention_lambda(model) == want


def test_group_must_divide_the_model():
    config = CompressionConfig(weight_group=128)
    with pytest.raises(ConfigError, match="weight_group 128 does not divide the model dimension 688"):
        config.check_model(256, 688)


def test_json_round_trip(tmp_path):
    config = CompressionConfig(window=100, sinks=2, recovery_steps=10)
    path = tmp_path / "c.json"
    path.write_text(config.to_json())
    assert CompressionConfig.from_json(path) == config


@pytest.mark.parametrize("command", ["compress", "eval"])
def test_cli_reports_bad_config_in_one_line(command, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"kv_bits": 40}))
    argv = [command, "--model", str(tmp_path), "--config", str(bad), "-q"]
    if command == "eval":
        argv += ["--data", str(bad)]
    assert main(argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {bad}: kv_bits must be in [2, 16] or null, got 40"]


def test_cli_reports_unreadable_config(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{\n  \"window\": ,\n}")
    assert main(["compress", "--config", str(bad), "-q"]) == 1
    assert capsys.readouterr().err.strip().startswith(f"error: {bad}:2: invalid JSON")
