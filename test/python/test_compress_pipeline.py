"""`accllm compress` / `accllm eval` end to end on a small checkpoint with a tokenizer."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from accllm.cli import main
from accllm.compression.calibration import load_tokenizer, tokenize
from accllm.compression.compress import compress, load_decoder
from accllm.compression.compressed_model import CompressedModel
from accllm.compression.config import CompressionConfig
from accllm.compression.evaluate import perplexity
from accllm.compression.fake_quant import FakeQuantDecoder
from accllm.compression.recovery import kl_to_teacher, recover
from accllm.compression.weight_format import QuantizedWeight

SMALL = dict(weight_group=32, window=24, sinks=2, calibration_tokens=512, calibration_seq_len=64)


def _config_file(tmp_path, **values):
    path = tmp_path / "config.json"
    path.write_text(CompressionConfig(**{**SMALL, **values}).to_json())
    return path


def test_compress_cli_writes_a_loadable_model(tiny_checkpoint_with_tokenizer, tmp_path, capsys):
    ckpt = tiny_checkpoint_with_tokenizer
    out = tmp_path / "compressed"
    code = main(["compress", "--model", str(ckpt), "--config", str(_config_file(tmp_path)),
                 "--calib", str(ckpt / "corpus.txt"), "-o", str(out), "-q"])
    assert code == 0, capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["compressed.safetensors", "compression.json"]
    spec, tensors, _ = load_decoder(ckpt)
    model = CompressedModel.load(out, spec, tensors)
    assert len(model.quantized()) == 7 * len(spec.layers)
    for weight in model.quantized().values():
        weight.check()
        kept = weight.mask.reshape(weight.mask.shape[0], -1, 4).sum(-1)
        assert bool((kept == 2).all())


def test_golden_and_fake_quant_perplexity_agree(tiny_checkpoint_with_tokenizer):
    ckpt = tiny_checkpoint_with_tokenizer
    compressed = compress(ckpt, CompressionConfig(**SMALL), ckpt / "corpus.txt", device="cpu", progress=False)
    tokens = tokenize(load_tokenizer(ckpt), (ckpt / "corpus.txt").read_text())[:640]
    golden = compressed.golden_model()
    golden_ppl = perplexity(
        lambda ids: torch.from_numpy(np.stack([golden.prefill(r.numpy()) for r in ids])), tokens, 64,
    )
    fake_ppl = perplexity(compressed.fake_quant_model(), tokens, 64)
    assert abs(golden_ppl - fake_ppl) / fake_ppl < 0.005


def test_recovery_keeps_the_format_and_lowers_the_distillation_loss(tiny_checkpoint_with_tokenizer):
    ckpt = tiny_checkpoint_with_tokenizer
    config = CompressionConfig(**SMALL)
    compressed = compress(ckpt, config, ckpt / "corpus.txt", device="cpu", progress=False)
    tokens = tokenize(load_tokenizer(ckpt), (ckpt / "corpus.txt").read_text())
    windows = torch.from_numpy(tokens[: 8 * 64].reshape(8, 64))
    teacher = FakeQuantDecoder(compressed.spec, compressed.tensors, CompressionConfig.fp())
    with torch.no_grad():
        before = kl_to_teacher(teacher, compressed.fake_quant_model(), windows)
    recovered = recover(compressed, windows, steps=40, lr=5e-3, progress=False)
    with torch.no_grad():
        after = kl_to_teacher(teacher, recovered.fake_quant_model(), windows)
    assert after < 0.9 * before
    for name, weight in recovered.quantized().items():
        assert isinstance(weight, QuantizedWeight)
        weight.check()
        original = compressed.quantized()[name]
        assert torch.equal(weight.mask, original.mask)
        assert torch.equal(weight.scales, original.scales)


def test_eval_cli_writes_the_ablation_table(tiny_checkpoint_with_tokenizer, tmp_path, capsys):
    ckpt = tiny_checkpoint_with_tokenizer
    out = tmp_path / "eval"
    code = main(["eval", "--model", str(ckpt), "--data", str(ckpt / "corpus.txt"),
                 "--config", str(_config_file(tmp_path, recovery_steps=5)), "--calib",
                 str(ckpt / "corpus.txt"), "--context", "64", "-o", str(out), "-q"])
    assert code == 0, capsys.readouterr().err
    results = json.loads((out / "eval.json").read_text())
    names = [row["name"] for row in results["ablation"]]
    assert names[0] == "FP" and results["ablation"][0]["ratio_to_fp"] == 1.0
    assert any("magnitude (baseline)" in n for n in names)
    assert any("RTN" in n for n in names)
    assert names[-1].startswith("full + recovery")
    assert all(np.isfinite(row["perplexity"]) for row in results["ablation"])
    assert "| FP |" in (out / "eval.md").read_text()


def test_loading_a_truncated_compressed_model_names_the_file(tiny_checkpoint_with_tokenizer, tmp_path):
    ckpt = tiny_checkpoint_with_tokenizer
    compressed = compress(ckpt, CompressionConfig(**SMALL), ckpt / "corpus.txt", device="cpu", progress=False)
    out = tmp_path / "compressed"
    compressed.save(out)
    data = out / "compressed.safetensors"
    data.write_bytes(data.read_bytes()[:-100])
    with pytest.raises(ValueError, match="compressed.safetensors: cannot read"):
        CompressedModel.load(out, compressed.spec, compressed.tensors)


def test_eval_of_a_compressed_folder_does_not_recompress(tiny_checkpoint_with_tokenizer, tmp_path, capsys):
    ckpt = tiny_checkpoint_with_tokenizer
    out = tmp_path / "compressed"
    assert main(["compress", "--model", str(ckpt), "--config", str(_config_file(tmp_path)),
                 "--calib", str(ckpt / "corpus.txt"), "-o", str(out), "-q"]) == 0
    assert main(["eval", "--model", str(ckpt), "--data", str(ckpt / "corpus.txt"), "--compressed", str(out),
                 "--context", "64", "-o", str(tmp_path / "eval"), "-q"]) == 0
    rows = json.loads((tmp_path / "eval" / "eval.json").read_text())["ablation"]
    assert [r["name"] for r in rows] == ["FP", "configured"]
    assert rows[1]["config"]["window"] == SMALL["window"]
    capsys.readouterr()
    assert main(["eval", "--model", str(ckpt), "--data", str(ckpt / "corpus.txt"),
                 "--compressed", str(tmp_path / "missing"), "-o", str(tmp_path / "eval2"), "-q"]) == 1
    assert "compression.json" in capsys.readouterr().err
