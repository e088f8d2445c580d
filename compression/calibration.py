"""Calibration data: token windows from a user's text file, or from the model itself.

Pruning and quantization need activations of real inputs. A user passes any text file; with
none, the model writes its own calibration text (sampling from its FP distribution), which
needs no corpus at all — what a fresh clone without ../shared can always do.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer

from accllm.diagnostics import AccllmError


def load_tokenizer(model_dir: str | Path) -> Tokenizer:
    path = Path(model_dir) / "tokenizer.json"
    if not path.is_file():
        raise AccllmError(f"{path}: error: the checkpoint has no tokenizer.json")
    try:
        return Tokenizer.from_file(str(path))
    except Exception as err:  # noqa: BLE001 - tokenizers raises its own exception types
        raise AccllmError(f"{path}: error: unreadable tokenizer ({err})") from None


def read_text(path: str | Path) -> str:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AccllmError(f"{path}: error: text file not found") from None
    except UnicodeDecodeError as err:
        raise AccllmError(f"{path}: error: not UTF-8 text (byte {err.start})") from None
    except OSError as err:
        raise AccllmError(f"{path}: error: cannot read ({err.strerror})") from None
    if not text.strip():
        raise AccllmError(f"{path}: error: the text file is empty")
    return text


def tokenize(tokenizer: Tokenizer, text: str) -> np.ndarray:
    return np.asarray(tokenizer.encode(text).ids, dtype=np.int64)


def sample_windows(tokens: np.ndarray, count: int, seq_len: int, seed: int) -> torch.Tensor:
    """`count` windows of `seq_len` tokens at seeded random offsets (fewer if the text is short:
    then it is cut into consecutive windows)."""
    if len(tokens) < 2:
        raise AccllmError("error: calibration text has fewer than 2 tokens")
    seq_len = min(seq_len, len(tokens))
    starts_available = len(tokens) - seq_len + 1
    if starts_available <= count:
        starts = np.arange(0, starts_available, max(1, seq_len))[:count]
    else:
        starts = np.sort(np.random.default_rng(seed).choice(starts_available, count, replace=False))
    return torch.from_numpy(np.stack([tokens[s : s + seq_len] for s in starts]))


@torch.no_grad()
def self_generated_windows(
    model: torch.nn.Module, count: int, seq_len: int, seed: int, vocab_size: int
) -> torch.Tensor:
    """Calibration text written by the model: ancestral sampling from random first tokens,
    a token a step through the model's KV cache (`model.extend(ids, cache) -> logits`: the FP
    FakeQuantDecoder)."""
    generator = torch.Generator().manual_seed(seed)
    ids = torch.randint(0, vocab_size, (count, 1), generator=generator)
    cache: dict = {}
    logits = model.extend(ids, cache)
    while ids.shape[1] < seq_len:
        probs = torch.softmax(logits[:, -1, :].float(), dim=-1)
        token = torch.multinomial(probs, 1, generator=generator)
        ids = torch.cat([ids, token], dim=1)
        logits = model.extend(token, cache)
    return ids
