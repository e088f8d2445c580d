"""Benchmark: the engine cost model against published U280 decode rates for Llama-2-7B.

Each published design is expressed in accllm's own terms: its compression (precision,
sparsity, KV format, attention span, lm_head) as a CompressionConfig and its hardware
(clock, parallelism, AXI port width) as fixed engine parameters; the model then predicts the
decode rate at the context the design was measured at. Assumptions beyond the papers' own
numbers are listed per design and in the JSON.

Also reports accllm's own AccLLM-style design for the U280 (design-space exploration, the
co-design configuration of bench/configs/) at 2k and 32k context, with each co-design knob's
bytes per token.

    .venv/bin/python bench/validate_engine.py

Writes bench/results/validate_engine.json.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from accllm.compiler import compile as compile_model
from accllm.compression.config import CompressionConfig
from accllm.engine_design import build_engine

PUBLISHED = {
    "FlightLLM": {
        "tokens_per_s": 55.0,
        "source": "FlightLLM (FPGA'24), Llama-2-7B decode on Alveo U280",
        "assumptions": [
            "weights about 4 bits (the paper's mixed precision averages 3.5-4 bits), groups of 128, dense "
            "(its N:16 sparsity with 4-bit indices stores about as many bits per weight as it removes)",
            "int8 activations and KV cache, dense attention, float16 lm_head",
            "225 MHz; 256-bit HBM AXI ports (the HBM's native width) so each pseudo-channel is port-limited "
            "to 7.2 GB/s",
            "decode at context 512 (its public demo's decode_token_512 case)",
        ],
        "compression": CompressionConfig(sparsity=None, weight_bits=4, weight_group=128, kv_bits=8,
                                         window=None, lm_head="fp16"),
        "engine": {"clock_mhz": 225, "port_bits": 256, "lanes": 256, "kept_per_lane": 16, "max_tokens": 16},
        "context": 512,
    },
    "AccLLM": {
        "tokens_per_s": 164.0,
        "source": "AccLLM (arXiv 2505.03745), Llama-2-7B on Alveo U280, cycle-accurate simulation",
        "assumptions": [
            "2:4 sparse W2 weights with a 2-bit index per kept weight (pair2), groups of 128; A8; KV4",
            "Λ attention with 4 sinks and a 2044-token window; int8 lm_head",
            "225 MHz with about 4,497 DSPs: a 256 x 16 linear array (4,096 DSPs) plus float units",
            "decode at context 2048",
        ],
        "compression": CompressionConfig(weight_group=128, window=2044, index_encoding="pair2"),
        "engine": {"clock_mhz": 225, "lanes": 256, "kept_per_lane": 16, "att_lanes": 32, "sfu_lanes": 32,
                   "max_tokens": 16},
        "context": 2048,
    },
}

CODESIGN = Path(__file__).parent / "configs" / "accllm-7b-codesign.json"


def predict(ir, spec: dict) -> dict:
    design = build_engine(ir, spec["compression"], target="u280", overrides=spec["engine"],
                          contexts=(spec["context"],), prompts=())
    point = design.estimate.decode[spec["context"]]
    error = point["tokens_per_s"] / spec["tokens_per_s"] - 1
    return {
        "source": spec["source"], "assumptions": spec["assumptions"], "context": spec["context"],
        "published_tokens_per_s": spec["tokens_per_s"],
        "predicted_tokens_per_s": round(point["tokens_per_s"], 1),
        "error": round(error, 4),
        "bytes_per_token": point["bytes_per_token"],
        "hbm_utilization_of_board_peak": round(point["hbm_utilization"], 4),
        "resources": design.estimate.resources,
    }


def knobs(ir) -> list[dict]:
    """Bytes per token and decode rate of the co-design knobs, one at a time from AccLLM's
    configuration to accllm's co-design configuration (each explored for the U280)."""
    base = PUBLISHED["AccLLM"]["compression"]
    steps = [
        ("AccLLM-like: pair2, g128, window 2044, int8 lm_head", base),
        ("+ code3 2:4 indices", base.with_(index_encoding="code3")),
        ("+ window 1020", base.with_(index_encoding="code3", window=1020)),
        ("+ window 508", base.with_(index_encoding="code3", window=508)),
    ]
    rows = []
    for name, config in steps:
        design = build_engine(ir, config, target="u280", contexts=(2048, 32768), prompts=())
        d2k, d32k = design.estimate.decode[2048], design.estimate.decode[32768]
        rows.append({
            "step": name, "bytes_per_token": d2k["bytes_per_token"],
            "tokens_per_s_2k": round(d2k["tokens_per_s"], 1), "tokens_per_s_32k": round(d32k["tokens_per_s"], 1),
            "roofline_2k": round(d2k["roofline_tokens_per_s"], 1),
            "of_roofline_2k": round(d2k["tokens_per_s"] / d2k["roofline_tokens_per_s"], 4),
            "resources_max_fraction": round(max(design.estimate.utilization().values()), 3),
        })
    return rows


def main() -> int:
    start = time.perf_counter()
    ir = compile_model("llama-2-7b").accllm_ir
    results = {name: predict(ir, spec) for name, spec in PUBLISHED.items()}
    rows = knobs(ir)
    out = Path(__file__).parent / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "validate_engine.json").write_text(
        json.dumps({"published": results, "codesign_steps": rows}, indent=2) + "\n")
    print("| design | context | published tok/s | predicted tok/s | error | GB/token |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        print(f"| {name} | {r['context']} | {r['published_tokens_per_s']:.0f} | {r['predicted_tokens_per_s']:.1f} "
              f"| {r['error']:+.1%} | {r['bytes_per_token'] / 1e9:.2f} |")
    print("\n| co-design step | GB/token | tok/s @2k | tok/s @32k | roofline @2k | of roofline | max resource |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['step']} | {r['bytes_per_token'] / 1e9:.3f} | {r['tokens_per_s_2k']} | {r['tokens_per_s_32k']} "
              f"| {r['roofline_2k']} | {r['of_roofline_2k']:.1%} | {r['resources_max_fraction']:.0%} |")
    print(f"\n{time.perf_counter() - start:.0f} s; wrote {out / 'validate_engine.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
