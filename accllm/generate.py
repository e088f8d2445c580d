"""`accllm generate`: text from the compressed model, token by token, on the golden model or
through the C simulation of the generated HLS project (the same tokens, bit-exact numerics).

Greedy decoding (the first largest logit), so the two paths can be compared token for token;
generation stops after `max_new_tokens` or at the checkpoint's end-of-sequence token.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from accllm.diagnostics import AccllmError


def _eos(model_dir: str | Path) -> int | None:
    import json

    try:
        eos = json.loads((Path(model_dir) / "config.json").read_text()).get("eos_token_id")
    except (OSError, ValueError):
        return None
    return eos if isinstance(eos, int) else None


def golden_tokens(model_dir: str | Path, compressed_dir: str | Path, prompt_ids: list[int],
                  max_new_tokens: int) -> Iterator[int]:
    """Greedy tokens of the golden model, one at a time."""
    from accllm.compression.compress import load_decoder
    from accllm.compression.compressed_model import CompressedModel

    spec, tensors, _ = load_decoder(str(model_dir), None)
    try:
        golden = CompressedModel.load(compressed_dir, spec, tensors).golden_model()
    except ValueError as err:
        raise AccllmError(f"error: {err}") from None
    cache = golden.new_cache()
    logits = golden.prefill(np.asarray(prompt_ids), cache)[-1]
    eos = _eos(model_dir)
    for step in range(max_new_tokens):
        token = int(np.argmax(logits))
        yield token
        if token == eos or step + 1 == max_new_tokens:
            return
        logits = golden.step(token, cache)


def csim_tokens(project_dir: str | Path, prompt_ids: list[int], max_new_tokens: int,
                model_dir: str | Path) -> Iterator[int]:
    """Greedy tokens of the C simulation (built on first use into a temporary folder)."""
    from accllm.backend_hls import csim

    eos = _eos(model_dir)
    with tempfile.TemporaryDirectory(prefix="accllm-generate-") as build:
        binary, _, _ = csim.build(project_dir, build_dir=build)
        for token in csim.stream_tokens(project_dir, prompt_ids, max_new_tokens, binary=binary):
            yield token
            if token == eos:
                return


def stream_text(tokenizer, prompt_ids: list[int], tokens: Iterator[int]) -> Iterator[tuple[int, str]]:
    """(token, newly decoded text) pairs: the text grows as whole characters become known."""
    generated: list[int] = []
    shown = ""
    for token in tokens:
        generated.append(token)
        text = tokenizer.decode(generated)
        if text.startswith(shown) and not text.endswith("\ufffd"):
            yield token, text[len(shown):]
            shown = text
        else:
            yield token, ""
