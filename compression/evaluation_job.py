"""`accllm eval`: the ablation table and the long-context table for one checkpoint."""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

from accllm.atomic import write_folder_atomically
from accllm.compression.ablation import rows_to_markdown, run_ablation
from accllm.compression.calibration import load_tokenizer, read_text, tokenize
from accllm.compression.compress import calibration_windows, default_device, load_decoder
from accllm.compression.compressed_model import CompressedModel
from accllm.compression.config import CompressionConfig
from accllm.diagnostics import AccllmError
from accllm.compression.streaming import streaming_markdown, streaming_table


def run_evaluation(
    *,
    model_dir: str,
    data: str,
    config: CompressionConfig,
    calib: str | None,
    context: int | None,
    stride: int | None,
    out: str,
    max_windows: int | None = None,
    streaming: bool = False,
    streaming_tokens: int = 65536,
    ablation: bool = True,
    device: str | None = None,
    progress: bool = True,
    compressed_dir: str | None = None,
) -> dict:
    """With `compressed_dir` (written by `accllm compress`), evaluate FP and that model, with
    its own configuration, instead of compressing again."""
    start = time.perf_counter()
    device = device or default_device()
    spec, tensors, hf_config = load_decoder(model_dir, None if compressed_dir else config)
    compressed = None
    if compressed_dir is not None:
        try:
            compressed = CompressedModel.load(compressed_dir, spec, tensors)
        except ValueError as err:
            raise AccllmError(f"error: {err}") from None
        config, ablation = compressed.config, False
    train_context = int(getattr(hf_config, "max_position_embeddings", 2048))
    context = context or train_context
    tokens = tokenize(load_tokenizer(model_dir), read_text(data))
    results: dict = {"model": str(model_dir), "data": str(data), "context": context,
                     "stride": stride or context, "tokens": int(len(tokens))}
    markdown = []
    windows = None if compressed else calibration_windows(model_dir, spec, tensors, config, calib)
    rows = run_ablation(spec, tensors, config, windows, tokens, context=context, stride=stride,
                        device=device, max_windows=max_windows, progress=progress, ladder=ablation,
                        compressed=compressed)
    results["ablation"] = [r.__dict__ for r in rows]
    markdown.append(rows_to_markdown(rows, f"Perplexity on {Path(data).name}, context {context}"))
    if streaming:
        table = streaming_table(spec, tensors, tokens, train_context, sinks=config.sinks,
                                window=config.window or train_context // 2, device=device,
                                max_tokens=streaming_tokens, progress=progress)
        results["streaming"] = {name: {str(c): p for c, p in row.items()} for name, row in table.items()}
        markdown.append("### Long-context perplexity\n\n" + streaming_markdown(table))
    results["seconds"] = round(time.perf_counter() - start, 1)
    results["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)

    def write(folder: Path) -> None:
        (folder / "eval.json").write_text(json.dumps(results, indent=2) + "\n")
        (folder / "eval.md").write_text("\n".join(markdown))

    write_folder_atomically(out, write)
    print("\n".join(markdown))
    print(f"time {results['seconds']} s, peak RSS {results['peak_rss_mib']} MiB; wrote {out}/eval.json, eval.md")
    return results
