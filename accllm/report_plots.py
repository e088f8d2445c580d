"""The report's figures, as PNG bytes (matplotlib, Agg backend, no timestamps: equal data gives
equal bytes, so report.html is deterministic too)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - the backend must be chosen first

KIND_COLORS = {"weights": "#4C72B0", "embedding": "#55A868", "kv_cache": "#C44E52", "vectors": "#8172B2",
               "logits": "#CCB974", "program": "#64B5CD"}


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=110, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def decode_and_prefill(decode: dict[int, dict], prefill: dict[int, dict], title: str) -> bytes:
    """Decode tokens/s against context (with the HBM roofline) and prefill latency against
    prompt length."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    contexts = sorted(decode)
    left.plot(contexts, [decode[c]["tokens_per_s"] for c in contexts], "o-", label="engine (estimate)")
    left.plot(contexts, [decode[c]["roofline_tokens_per_s"] for c in contexts], "k--", label="HBM roofline")
    left.set_xscale("log", base=2)
    left.set_xlabel("context (tokens)")
    left.set_ylabel("decode tokens/s")
    left.set_ylim(bottom=0)
    left.legend(fontsize=8)
    left.set_title("decode", fontsize=10)
    prompts = sorted(prefill)
    right.plot(prompts, [prefill[p]["latency_ms"] for p in prompts], "s-", color="#C44E52")
    right.set_xlabel("prompt (tokens)")
    right.set_ylabel("prefill latency (ms)")
    right.set_ylim(bottom=0)
    right.set_title("prefill", fontsize=10)
    fig.suptitle(title, fontsize=10)
    return _png(fig)


def roofline(points: list[tuple[str, float, float]], peak_ops: float, peak_bytes: float, title: str) -> bytes:
    """Attainable ops/s against arithmetic intensity (ops per HBM byte): the board's HBM
    bandwidth and the array's peak; `points` are (label, intensity, achieved ops/s)."""
    fig, ax = plt.subplots(figsize=(5.6, 3.6))
    lo = min([p[1] for p in points] + [peak_ops / peak_bytes]) / 8
    hi = max([p[1] for p in points] + [peak_ops / peak_bytes]) * 8
    xs = [lo * (hi / lo) ** (i / 63) for i in range(64)]
    ax.plot(xs, [min(peak_ops, x * peak_bytes) / 1e9 for x in xs], "k-", label="roofline")
    for label, x, y in points:
        ax.plot([x], [y / 1e9], "o", label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("arithmetic intensity (ops / HBM byte)")
    ax.set_ylabel("GOP/s")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7)
    return _png(fig)


def hbm_channels(usage: dict[int, dict[str, int]], capacity: int, title: str) -> bytes:
    """Bytes per HBM pseudo-channel, stacked by what they hold."""
    fig, ax = plt.subplots(figsize=(9, 3.2))
    channels = sorted(usage)
    kinds = sorted({k for u in usage.values() for k in u})
    bottom = [0.0] * len(channels)
    for kind in kinds:
        values = [usage[c].get(kind, 0) / 2**20 for c in channels]
        ax.bar([str(c) for c in channels], values, bottom=bottom, label=kind, color=KIND_COLORS.get(kind))
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_xlabel("HBM pseudo-channel")
    ax.set_ylabel(f"MiB (of {capacity // 2**20})")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7, ncol=len(kinds))
    return _png(fig)


def resources(used: dict[str, int], budget: dict[str, int], title: str) -> bytes:
    """Each resource as a fraction of the board's usable budget."""
    fig, ax = plt.subplots(figsize=(5.6, 2.6))
    names = list(used)
    fractions = [used[k] / budget[k] * 100 for k in names]
    ax.barh(names, fractions, color=["#C44E52" if f > 80 else "#4C72B0" for f in fractions])
    ax.axvline(80, color="k", linestyle="--", linewidth=1)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of the board's usable resources (dashed: exploration limit)")
    ax.set_title(title, fontsize=10)
    return _png(fig)
