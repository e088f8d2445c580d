"""The committed built-in model (accllm/models/pydocs-tiny-llama, trained by
tools/train_builtin_model.py): it loads with transformers, has the `tiny-llama` architecture, its
tokenizer round-trips, it fits the size limit, it generates; and (slow) it reproduces its logged
validation perplexity."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F
from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer, LlamaForCausalLM

from accllm.frontend.architectures import _ARCHITECTURES, architecture_config

REPO = Path(__file__).resolve().parents[2]
MODEL_DIR = REPO / "accllm" / "models" / "pydocs-tiny-llama"
DATA = REPO.parent / "shared" / "data" / "pydocs"
MAX_CHECKPOINT_BYTES = 16_000_000

PYTHON_SNIPPET = (
    "import os\n\n"
    "def read_lines(path: str) -> list[str]:\n"
    "    \"\"\"Return the lines of *path*, without newlines.\"\"\"\n"
    "    with open(path, encoding='utf-8') as f:\n"
    "\treturn [line.rstrip('\\n') for line in f]  # tab, unicode: héllo → ✓\n"
)


@pytest.fixture(scope="module")
def model() -> LlamaForCausalLM:
    torch.manual_seed(0)
    m = AutoModelForCausalLM.from_pretrained(MODEL_DIR, attn_implementation="sdpa")
    m.eval()
    return m


@pytest.fixture(scope="module")
def tokenizer():
    return AutoTokenizer.from_pretrained(MODEL_DIR)


@pytest.fixture(scope="module")
def training_log() -> dict:
    return json.loads((MODEL_DIR / "training_log.json").read_text())


def test_checkpoint_files_present():
    for name in ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                 "training_log.json", "training_log.txt", "README.md"):
        assert (MODEL_DIR / name).is_file(), name


def test_checkpoint_size():
    size = (MODEL_DIR / "model.safetensors").stat().st_size
    assert size <= MAX_CHECKPOINT_BYTES, f"model.safetensors is {size:,} bytes"


def _rope_theta(config) -> float:
    params = getattr(config, "rope_parameters", None) or {}
    return float(params.get("rope_theta", getattr(config, "rope_theta", None)))


def test_config_matches_tiny_llama_preset():
    config = AutoConfig.from_pretrained(MODEL_DIR)
    preset = architecture_config("tiny-llama")
    assert config.model_type == "llama"
    assert config.architectures == ["LlamaForCausalLM"]
    for field in _ARCHITECTURES["tiny-llama"]:
        if field == "rope_theta":
            assert _rope_theta(config) == _rope_theta(preset)
        else:
            assert getattr(config, field) == getattr(preset, field), field


def test_model_loads(model):
    assert isinstance(model, LlamaForCausalLM)
    assert model.config._attn_implementation == "sdpa"
    with torch.device("meta"):
        expected = LlamaForCausalLM(architecture_config("tiny-llama"))
    assert sum(p.numel() for p in model.parameters()) == sum(p.numel() for p in expected.parameters())
    assert all(p.dtype == torch.float32 for p in model.parameters())
    assert model.lm_head.weight.data_ptr() == model.model.embed_tokens.weight.data_ptr()  # tied


def test_tokenizer(tokenizer, model):
    assert tokenizer.is_fast
    assert len(tokenizer) == model.config.vocab_size == 4096
    assert [tokenizer.bos_token_id, tokenizer.eos_token_id, tokenizer.unk_token_id,
            tokenizer.pad_token_id] == [0, 1, 2, 3]
    assert model.config.eos_token_id == tokenizer.eos_token_id
    assert model.config.pad_token_id == tokenizer.pad_token_id


def test_tokenizer_round_trip(tokenizer):
    ids = tokenizer.encode(PYTHON_SNIPPET, add_special_tokens=False)
    assert tokenizer.decode(ids) == PYTHON_SNIPPET
    assert len(ids) < len(PYTHON_SNIPPET.encode()) / 2  # the BPE actually compresses Python
    assert all(0 <= i < 4096 for i in ids)


def test_model_is_trained(model, tokenizer):
    """Loss on a Python snippet is far below a uniform guess (ln 4096 = 8.3 nats)."""
    ids = torch.tensor([tokenizer.encode(PYTHON_SNIPPET, add_special_tokens=False)])
    with torch.no_grad():
        logits = model(input_ids=ids[:, :-1]).logits
    loss = F.cross_entropy(logits[0], ids[0, 1:]).item()
    assert loss < 0.75 * math.log(4096), loss


def test_greedy_generation(model, tokenizer):
    prompt = "def main():\n    "
    ids = tokenizer(prompt, return_tensors="pt", add_special_tokens=False)
    with torch.no_grad():
        out = model.generate(**ids, max_new_tokens=8, do_sample=False,
                             pad_token_id=tokenizer.pad_token_id)
        again = model.generate(**ids, max_new_tokens=8, do_sample=False,
                               pad_token_id=tokenizer.pad_token_id)
    n = ids["input_ids"].shape[1]
    assert out.shape[0] == 1 and n < out.shape[1] <= n + 8
    assert torch.equal(out, again)
    text = tokenizer.decode(out[0])
    assert text.startswith(prompt)


def test_training_log(training_log):
    final = training_log["final"]
    assert final["valid"]["context"] == final["valid"]["stride"] == 512
    assert 1 < final["valid"]["ppl"] < 100 and 1 < final["test"]["ppl"] < 100
    assert training_log["steps"] > 0 and training_log["tokens_seen"] > 0
    assert "--steps" in training_log["reproduce_command"]


@pytest.mark.slow
def test_validation_perplexity_reproduces(model, tokenizer, training_log):
    """Perplexity on the first 20,480 predicted tokens of valid.txt, with the training script's
    evaluation (non-overlapping 512-token windows, stride 512), matches the logged value."""
    if not (DATA / "valid.txt").is_file():
        pytest.skip(f"pydocs data not found at {DATA} (needs <repo>/../shared/data/pydocs/valid.txt)")
    n_pred, context = 20480, 512
    logged = training_log["final"]["valid"][f"prefix_{n_pred}_tokens_ppl"]
    text = (DATA / "valid.txt").read_text(encoding="utf-8")[:150_000]
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    assert len(ids) > n_pred + 2000  # so the text cut cannot change the first n_pred + 1 tokens
    ids = torch.tensor(ids[:n_pred + 1])
    windows = torch.stack([ids[s:s + context + 1] for s in range(0, n_pred, context)])
    total = 0.0
    with torch.no_grad():
        for batch in windows.split(8):
            logits = model(input_ids=batch[:, :-1]).logits
            total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1),
                                     reduction="sum").item()
    ppl = math.exp(total / n_pred)
    assert ppl == pytest.approx(logged, rel=1e-3)
    # Sanity: the prefix is a rough sample of the split (26.4 vs 32.8 for the first checkpoint).
    full = training_log["final"]["valid"]["ppl"]
    assert ppl == pytest.approx(full, rel=0.4), (ppl, full)
