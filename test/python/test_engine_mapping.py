"""Mapping onto the engine, its estimates, and the one-line errors of impossible requests."""

from __future__ import annotations

import json

import pytest


from accllm.cli import main
from accllm.compiler import compile as compile_model
from accllm.compression.config import CompressionConfig
from accllm.diagnostics import AccllmError
from accllm.dialects import engine
from accllm.engine_design import build_engine
from accllm.passes import cost_model
from accllm.passes.engine_tiling import channel_bytes

SMALL = CompressionConfig(weight_group=32, window=60, sinks=4)


@pytest.fixture(scope="module")
def tiny_ir():
    return compile_model("tiny-llama").accllm_ir


@pytest.fixture(scope="module")
def tiny_design(tiny_ir):
    return build_engine(tiny_ir, SMALL, target="u280", contexts=(64, 512, 4096), prompts=(128,))


def test_prefill_uses_mm_and_decode_mv(tiny_design):
    programs = {p.entry: p for p in tiny_design.module.body.block.ops if isinstance(p, engine.ProgramOp)}
    assert set(programs) == {"prefill", "decode"}
    for entry, mode in (("prefill", "mm"), ("decode", "mv")):
        modes = {op.mode.data for op in programs[entry].body.block.ops if isinstance(op, engine.LinearOp)}
        assert modes == {mode}


def test_decode_bytes_are_the_packed_weights_plus_kv_and_vectors(tiny_design):
    config = tiny_design.config
    module = tiny_design.module
    decode = next(p for p in module.body.block.ops if isinstance(p, engine.ProgramOp) and p.entry == "decode")
    weights = sum(sum(channel_bytes(op.format, *op.shape, config.lanes, config.weight_channels,
                                        config.kept_per_lane))
                  for op in decode.body.block.ops if isinstance(op, engine.LoadWeightsOp))
    at_start = tiny_design.estimate.decode[64]["bytes_per_token"]
    assert at_start > weights
    # Everything else (KV of 64 cached tokens, vectors, one embedding row, writes) is small.
    assert at_start - weights < 0.1 * weights


def test_lambda_attention_bounds_decode_cost(tiny_design):
    decode = tiny_design.estimate.decode
    assert decode[4096]["tokens_per_s"] == pytest.approx(decode[512]["tokens_per_s"], rel=0.05)
    assert decode[4096]["bytes_per_token"] == decode[512]["bytes_per_token"]


def test_dense_attention_cost_grows_with_context(tiny_ir):
    dense = build_engine(tiny_ir, SMALL.with_(window=None), target="u280", contexts=(64, 4096), prompts=())
    assert dense.estimate.decode[4096]["bytes_per_token"] > dense.estimate.decode[64]["bytes_per_token"]


def test_chosen_engine_fits_the_budget(tiny_design):
    assert all(f <= 0.8 for f in tiny_design.estimate.utilization().values())
    assert tiny_design.explored > 1


def test_fixed_engine_is_not_explored(tiny_ir):
    design = build_engine(tiny_ir, SMALL, target="u55c", overrides={"lanes": 64, "kept_per_lane": 8},
                          contexts=(64,), prompts=())
    assert (design.config.lanes, design.config.kept_per_lane, design.explored) == (64, 8, 0)
    assert design.config.board == "u55c"


def test_resources_grow_with_the_array():
    needs = cost_model.BufferNeeds(act_row_bytes=4096, max_groups=64, max_chunks=300, max_meta_words=1,
                                   max_kept_per_chunk=16, max_width=4096, vocab=32000,
                                   heads=32, kv_heads=32, head_dim=128, kv_bits=4, span=512)
    small = cost_model.resources(needs, engine.EngineConfig(lanes=128))
    large = cost_model.resources(needs, engine.EngineConfig(lanes=256))
    assert large["dsp"] - small["dsp"] >= 128 * 16
    assert large["lut"] > small["lut"]
    assert large["bram36"] > small["bram36"]  # a tile bank per lane


def test_buffer_memory_counts_blocks_as_the_audit_does():
    """The resource model places each declared buffer with the audit's rules: the
    activations split into SFU_LANES URAM banks, a 512-bit beat FIFO 8 URAMs wide."""
    needs = cost_model.BufferNeeds(act_row_bytes=4 * 4096, max_groups=32, max_chunks=150, max_meta_words=1,
                                   max_kept_per_chunk=16, max_width=4096, vocab=32000, heads=32, kv_heads=8,
                                   head_dim=128, kv_bits=4, span=0)
    config = engine.EngineConfig(lanes=128, sfu_lanes=128, max_tokens=16, weight_fifo_kib=2048, weight_channels=32)
    buffers = {b.name: b.blocks() for b in cost_model.on_chip_buffers(needs, config)}
    assert buffers["state.act"] == {"uram": 128}  # 128 banks of 16 x 32 words
    assert buffers["beats"]["uram"] % 8 == 0
    assert cost_model.buffer_memory(needs, config)["uram"] == sum(b.get("uram", 0) for b in buffers.values())


def _compile(capsys, tmp_path, *args):
    code = main(["compile", "--arch", "tiny-llama", "-o", str(tmp_path / "out"), "-q", *args])
    captured = capsys.readouterr()
    return code, captured.out, [line for line in captured.err.splitlines() if line.strip()]


def test_compile_writes_engine_ir_and_estimates(capsys, tmp_path):
    config = tmp_path / "c.json"
    config.write_text(SMALL.to_json())
    code, out, err = _compile(capsys, tmp_path, "--target", "u280", "--config", str(config))
    assert code == 0, err
    result = json.loads((tmp_path / "out" / "engine.json").read_text())
    assert set(result["decode"]) == {"512", "2048", "8192", "32768"}
    assert result["resources"]["dsp"]["fraction"] <= 0.8
    assert "decode tokens/s" in out
    first = (tmp_path / "out" / "engine.mlir").read_text()
    assert _compile(capsys, tmp_path, "--target", "u280", "--config", str(config))[0] == 0
    assert (tmp_path / "out" / "engine.mlir").read_text() == first


def test_arch_compile_writes_the_kernel_project_without_images(capsys, tmp_path):
    from accllm.backend_hls.csim import check_images
    from accllm.backend_hls.ii_lint import lint_ii_project
    from accllm.backend_hls.lint import lint_project
    from accllm.backend_hls.memory_audit import audit_project
    from accllm.backend_hls.project import LIBRARY

    code, out, err = _compile(capsys, tmp_path, "--target", "u280")
    assert code == 0, err
    hls = tmp_path / "out" / "hls"
    for name in (*LIBRARY, "src/accllm_top.cpp", "src/accllm_config.h", "tb/accllm_tb.cpp", "data/program.bin",
                 "hls.tcl", "link.cfg", "CMakeLists.txt"):
        assert (hls / name).is_file(), name
    assert not list(hls.glob("data/hbm_*.bin"))
    meta = json.loads((hls / "project.json").read_text())
    assert meta["images"] is False and set(meta["files"]) == {
        p.relative_to(hls).as_posix() for p in hls.rglob("*") if p.is_file() and p.name != "project.json"}
    assert (hls / "data/program.bin").read_bytes() == (tmp_path / "out" / "program.bin").read_bytes()
    with pytest.raises(AccllmError, match="kernel-only project"):
        check_images(hls)
    # The audit and the II lint read it like any emitted kernel.
    assert lint_project(hls) == []
    assert audit_project(hls).totals["bram18k"] > 0
    assert all(": burst-port: " in line or ": bundle-conflict: " in line or ": ii-" in line
               for line in lint_ii_project(hls))


@pytest.mark.parametrize(
    "args, message",
    [
        (["--target", "u999"], "error: unknown board 'u999' (known: u280, u55c, u50)"),
        (["--engine", "lanes=8192", "--engine", "kept_per_lane=32"], "error: the engine does not fit u280: dsp"),
        (["--engine", "colour=3"], "error: --engine expects KEY=VALUE"),
        (["--engine", "lanes=many"], "error: --engine lanes must be an integer"),
    ],
)
def test_impossible_requests_fail_in_one_line(capsys, tmp_path, args, message):
    code, _, err = _compile(capsys, tmp_path, *args)
    assert code == 1
    assert len(err) == 1 and err[0].startswith(message), err
    assert not (tmp_path / "out").exists()


def test_window_larger_than_the_kv_buffer_fails_in_one_line(capsys, tmp_path):
    config = tmp_path / "c.json"
    config.write_text(SMALL.with_(window=2_000_000).to_json())
    code, _, err = _compile(capsys, tmp_path, "--config", str(config))
    assert code == 1
    assert len(err) == 1 and "URAM for the KV buffer" in err[0] and "shorten the window" in err[0], err
