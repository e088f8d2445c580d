"""The generated HLS project in C simulation: bit for bit equal to the golden model, counters
equal to the cost model's, lint-clean and warning-free kernel code, one-line errors.

Needs g++ and the hls4ml wheel's ap_types headers (skipped with the reason otherwise)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from accllm.backend_hls import csim, program_binary
from accllm.backend_hls.hardware_truth import ids_per_call, measure
from accllm.backend_hls.lint import lint_project
from accllm.backend_hls.project import DEFAULT_PROMPT, ap_types_dir, build_project
from accllm.compression.config import CompressionConfig
from accllm.diagnostics import AccllmError
from accllm.passes.cost_model import CallShape, replay_call

from conftest import BUILTIN, compress_model, save_checkpoint, save_tokenizer, tiny_llama_config

pytestmark = [
    pytest.mark.skipif(shutil.which("g++") is None, reason="g++ is needed to build the C simulation"),
    pytest.mark.skipif(ap_types_dir() is None, reason="the hls4ml wheel (ap_types headers) is not installed"),
]


@pytest.fixture(scope="module")
def second_model(tmp_path_factory):
    """Another LLaMA shape: 3 layers, hidden 48, 6 heads over 2 KV heads (GQA 3), head_dim 8."""
    directory = tmp_path_factory.mktemp("gqa3-llama")
    save_checkpoint(tiny_llama_config(hidden_size=48, intermediate_size=96, num_hidden_layers=3,
                                      num_attention_heads=6, num_key_value_heads=2), directory, seed=3)
    save_tokenizer(directory, 96)
    (directory / "corpus.txt").write_text(
        "def area(r):\n    return 3.14 * r * r\n\nclass Shape:\n    name: str\n" * 40)
    return directory


def _ids_per_call(project: Path, result: csim.CsimRun) -> list[tuple[int, ...]]:
    prompt = [int(v) for v in (project / "data/prompt.txt").read_text().split()]
    max_tokens = result.calls[0]["tokens"]
    chunks = [tuple(prompt[i:i + max_tokens]) for i in range(0, len(prompt), max_tokens)]
    return chunks + [(t,) for t in result.tokens]


def test_builtin_model_equals_golden_while_the_ring_wraps(builtin_project):
    window = CompressionConfig().window
    steps = 3 * window + 8
    result = csim.run_csim(builtin_project, steps=steps)
    assert result.mismatches == []
    assert len(result.logits) == steps + 1 and len(result.tokens) == steps
    # The prompt needs two prefill calls; the last position is past the ring twice over.
    assert [c["program"] for c in result.calls[:2]] == [0, 0]
    config = json.loads((builtin_project / "project.json").read_text())
    assert result.calls[-1]["position"] > 2 * (4 + window + 64), config["board"]


@pytest.mark.parametrize("start", [0, 1000], ids=["from-0", "after-1000-zero-records"])
def test_counters_equal_the_cost_model(builtin_project, start):
    """Per call, the kernel's instructions and bytes per channel are the replay's, also with
    the prompt placed after a long context (start.txt: what the 2k timing runs use)."""
    result = csim.run(builtin_project, steps=6, binary=csim.build(builtin_project)[0], start_position=start)
    assert result.calls[0]["position"] == start
    module = program_binary.decode((builtin_project / "data/program.bin").read_bytes())
    for call, ids in zip(result.calls, _ids_per_call(builtin_project, result), strict=True):
        entry = "prefill" if call["program"] == 0 else "decode"
        replay = replay_call(module, entry, CallShape(call["tokens"], call["position"], ids))
        assert call["instructions"] == replay.instructions
        assert call["read"] == {c: b for c, b in replay.bytes_read.items() if b}, (entry, call["position"])
        assert call["written"] == {c: b for c, b in replay.bytes_written.items() if b}, (entry, call["position"])


@pytest.mark.parametrize("cxx", ["g++", "clang++"])
def test_kernel_is_lint_clean_and_compiles_without_project_warnings(builtin_project, tmp_path, cxx):
    if shutil.which(cxx) is None:
        pytest.skip(f"{cxx} is not installed (.ci/run installs clang from Debian)")
    assert lint_project(builtin_project) == []
    _, _, warnings = csim.build(builtin_project, cxx=cxx, build_dir=tmp_path)
    ours = [line for line in warnings.splitlines() if "warning:" in line and str(ap_types_dir()) not in line]
    assert ours == []


@pytest.mark.parametrize("sparsity", [(2, 4), None], ids=["2:4", "dense"])
def test_second_model_equals_golden(second_model, tmp_path, sparsity):
    config = CompressionConfig(sparsity=sparsity, weight_group=16, sinks=2, window=12, calibration_tokens=512,
                               calibration_seq_len=64)
    compressed = compress_model(second_model, config, second_model / "corpus.txt", tmp_path / "compressed")
    project = build_project(second_model, compressed, tmp_path / "hls", prompt="class Shape:\n    def area(r):",
                            engine_overrides={"lanes": 8, "kept_per_lane": 4, "weight_channels": 3,
                                              "kv_channels": 2, "kv_slots": 80})
    result = csim.run_csim(project, steps=3 * 12 + 4)
    assert result.mismatches == []
    # The emitted kernel measured beside the models: timed cycles per call, audit, II lint.
    module = program_binary.decode((project / "data/program.bin").read_bytes())
    truth = measure(project, module, result, ids_per_call(project, result))
    assert len(truth.calls) == len(result.calls) and all(c.timed_cycles > 0 for c in truth.calls)
    assert truth.audit.totals["dsp"] > 0 and truth.audit.rows
    assert all(re.match(r"(src|include)/[\w.]+:\d+: [a-z-]+: ", line) for line in truth.ii_findings)


def test_corrupt_image_is_a_one_line_error(builtin_project, tmp_path):
    project = shutil.copytree(builtin_project, tmp_path / "p")
    image = project / "data/hbm_0.bin"
    data = bytearray(image.read_bytes())
    data[100] ^= 0xFF
    image.write_bytes(bytes(data))
    with pytest.raises(AccllmError, match=r"hbm_0\.bin: corrupt HBM image"):
        csim.run_csim(project, steps=1, check=False)


def test_program_for_another_configuration_is_a_one_line_error(builtin_project, tmp_path):
    from accllm.compiler import compile as compile_model

    project = shutil.copytree(builtin_project, tmp_path / "p")
    other = compile_model(str(BUILTIN), target="u280", compression=CompressionConfig(),
                          engine_overrides={"lanes": 64}).engine.module
    (project / "data/program.bin").write_bytes(program_binary.encode(other))
    with pytest.raises(AccllmError, match="compiled for another engine configuration") as err:
        csim.run_csim(project, steps=1, check=False)
    assert "\n" not in str(err.value)


def test_missing_compiler_and_headers_are_one_line_errors(builtin_project, monkeypatch):
    with pytest.raises(AccllmError, match="compiler 'no-such-g\\+\\+' not found"):
        csim.build(builtin_project, cxx="no-such-g++")
    monkeypatch.setattr(csim, "ap_types_dir", lambda: None)
    with pytest.raises(AccllmError, match="ap_types headers were not found"):
        csim.build(builtin_project)


def test_cli_csim_reports_and_fails_cleanly(builtin_project, tmp_path, capsys):
    from accllm.cli import main

    assert main(["csim", str(builtin_project), "--steps", "2", "--no-check"]) == 0
    assert "tokens/s" in capsys.readouterr().out
    assert main(["csim", str(tmp_path / "nothing")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "not an accllm HLS project" in err and "\n" not in err


def test_projects_are_byte_identical(builtin_project, tmp_path):
    meta = json.loads((builtin_project / "project.json").read_text())
    again = build_project(BUILTIN, meta["sources"]["compressed"], tmp_path / "again", prompt=DEFAULT_PROMPT,
                          engine_overrides={"kv_slots": CompressionConfig().sinks + CompressionConfig().window + 64})
    files = sorted(p.relative_to(builtin_project) for p in builtin_project.rglob("*")
                   if p.is_file() and "build" not in p.relative_to(builtin_project).parts)
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for name in files:
        assert (builtin_project / name).read_bytes() == (again / name).read_bytes(), name


@pytest.mark.skipif(shutil.which("cmake") is None, reason="cmake is not installed")
def test_generated_cmake_builds_and_runs_the_csim(builtin_project, tmp_path):
    import subprocess

    project = shutil.copytree(builtin_project, tmp_path / "p", ignore=shutil.ignore_patterns("build"))
    build = project / "cmake-build"
    subprocess.run(["cmake", "-S", str(project), "-B", str(build)], check=True, capture_output=True)
    subprocess.run(["cmake", "--build", str(build), "--target", "accllm_csim"], check=True, capture_output=True)
    (project / "out").mkdir()
    run = subprocess.run([str(build / "accllm_csim"), "data", "out", "2"], cwd=project, capture_output=True,
                         text=True, check=True)
    assert "decode 2 tokens" in run.stdout
    assert len((project / "out/tokens.txt").read_text().split()) == 2
