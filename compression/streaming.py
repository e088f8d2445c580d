"""Long-text evaluation: perplexity at 1x..8x the training context for dense attention, a
plain sliding window and Λ-attention (with both RoPE position policies).

Dense attention must extrapolate RoPE beyond the positions it was trained on; a plain window
forgets the first tokens, which absorb attention mass (attention sinks); Λ-attention keeps both
bounded. Only the attention changes between variants; weights stay float so the table isolates
the mask.
"""

from __future__ import annotations

import numpy as np
import torch

from accllm.compression.config import CompressionConfig
from accllm.compression.evaluate import perplexity
from accllm.compression.fake_quant import FakeQuantDecoder
from accllm.frontend.decoder_spec import DecoderSpec


def streaming_variants(sinks: int, window: int) -> dict[str, CompressionConfig]:
    fp = CompressionConfig.fp()
    return {
        "dense": fp,
        f"window {window}": fp.with_(window=window, sinks=0),
        f"Λ {sinks}+{window}, cache positions": fp.with_(window=window, sinks=sinks, rope_positions="cache"),
        f"Λ {sinks}+{window}, original positions": fp.with_(window=window, sinks=sinks, rope_positions="original"),
    }


def streaming_table(
    spec: DecoderSpec,
    tensors,
    tokens: np.ndarray,
    train_context: int,
    *,
    sinks: int,
    window: int,
    multiples=(1, 2, 4, 8),
    max_tokens: int = 65536,
    device: str | torch.device = "cpu",
    progress: bool = True,
    log=print,
) -> dict[str, dict[int, float]]:
    """{variant: {context: perplexity}}, each context scored on the same first `max_tokens`
    tokens cut into non-overlapping windows of that length."""
    table: dict[str, dict[int, float]] = {}
    for name, config in streaming_variants(sinks, window).items():
        model = FakeQuantDecoder(spec, tensors, config).to(device).eval()
        table[name] = {}
        for multiple in multiples:
            context = train_context * multiple
            usable = (min(len(tokens), max_tokens) // context) * context
            if usable == 0:
                continue
            ppl = perplexity(model, tokens[:usable], context, batch_size=1,
                             progress=progress, desc=f"{name[:12]} {multiple}x")
            table[name][context] = ppl
            log(f"{name:<36} context {context:>6}: ppl {ppl:9.3f}")
    return table


def streaming_markdown(table: dict[str, dict[int, float]]) -> str:
    contexts = sorted({c for row in table.values() for c in row})
    lines = ["| attention | " + " | ".join(f"ctx {c}" for c in contexts) + " |",
             "|---|" + "---:|" * len(contexts)]
    for name, row in table.items():
        lines.append(f"| {name} | " + " | ".join(f"{row[c]:.3f}" if c in row else "-" for c in contexts) + " |")
    return "\n".join(lines) + "\n"
