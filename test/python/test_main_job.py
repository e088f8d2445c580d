"""The main job (`accllm compile` on a checkpoint): every stage's output, the report, restarting
from saved stages, byte-identical reruns, bad inputs and interruptions that leave the previous
output untouched, and `accllm generate` on the golden model vs the C simulation.

Runs use a short calibration (a --config file) and skip the Llama-2-7B estimate to stay quick;
the full default run is timed by bench/main_job.py."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest

from accllm.backend_hls.project import ap_types_dir
from accllm.cli import main

ROOT = Path(__file__).resolve().parents[2]
BUILTIN = ROOT / "accllm/models/pydocs-tiny-llama"

pytestmark = [
    pytest.mark.skipif(shutil.which("g++") is None, reason="g++ is needed for the C simulation stage"),
    pytest.mark.skipif(ap_types_dir() is None, reason="the hls4ml wheel (ap_types headers) is not installed"),
]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def quick_config(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("config") / "quick.json"
    path.write_text(json.dumps({"calibration_tokens": 4096}))
    return path


def _job(out: Path, config: Path, *extra: str) -> int:
    return main(["compile", "-o", str(out), "--config", str(config), "--csim-steps", "4", "--no-reference", "-q",
                 *extra])


@pytest.fixture(scope="module")
def job(tmp_path_factory, quick_config) -> Path:
    out = tmp_path_factory.mktemp("job") / "build"
    assert _job(out, quick_config) == 0
    return out


def test_outputs_of_every_stage(job):
    for name in ("torch.mlir", "accllm.mlir", "compressed/compressed.safetensors", "engine.mlir", "engine.json",
                 "program.bin", "program.lst", "hls/src/accllm_top.cpp", "hls/hls.tcl", "hls/data/program.bin",
                 "report.md", "report.html", "report.json", "plots/speed.png", "plots/roofline.png",
                 "plots/hbm.png", "plots/resources.png"):
        assert (job / name).is_file(), name
    assert (job / "program.bin").read_bytes() == (job / "hls/data/program.bin").read_bytes()


def test_report_has_every_section_and_embedded_plots(job):
    data = json.loads((job / "report.json").read_text())
    assert data["csim"]["bit_exact"] is True and data["csim"]["decode_steps"] == 4
    assert data["csim"]["hbm_bytes"] == data["csim"]["cost_model_hbm_bytes"]
    assert data["compression"]["sparsity"] == [2, 4] and data["engine"]["board"] == "u280"
    assert set(data["engine"]["decode"]) == {"512", "2048", "8192", "32768"}
    page = (job / "report.html").read_text()
    for title in ("Model and compression", "Engine and resources", "Speed against context", "HBM channel map",
                  "C simulation"):
        assert f"<h2>{title}" in page
    images = page.split('src="data:image/png;base64,')[1:]
    assert len(images) == 4 and "plots/" not in page
    for image in images:
        assert base64.b64decode(image.split('"')[0]).startswith(b"\x89PNG")


def test_rerun_is_byte_identical(job, tmp_path, quick_config):
    again = tmp_path / "again"
    assert _job(again, quick_config) == 0
    first, second = _files(job), _files(again)
    for name in ("program.bin", "report.json", "engine.mlir", "compressed/compressed.safetensors"):
        assert first[name] == second[name], name
    hls = [n for n in first if n.startswith("hls/")]
    assert hls and all(first[n] == second[n] for n in hls)


@pytest.mark.parametrize("stage", ["engine", "mlir"])
def test_restart_from_a_saved_stage(job, tmp_path, quick_config, stage):
    out = shutil.copytree(job, tmp_path / "build")
    assert _job(out, quick_config, "--from", stage) == 0
    for name in ("program.bin", "report.json", "hls/data/hbm_0.bin", "compressed/compressed.safetensors"):
        assert (out / name).read_bytes() == (job / name).read_bytes(), name


@pytest.mark.parametrize("bad", ["model", "data", "config", "from"])
def test_bad_input_is_one_line_and_keeps_the_previous_output(job, tmp_path, quick_config, capsys, bad):
    out = shutil.copytree(job, tmp_path / "build")
    before = _files(out)
    junk = tmp_path / "junk.json"
    junk.write_text('{"weight_bits": 99}')
    args = {"model": ["--model", str(tmp_path / "missing")], "data": ["--data", str(tmp_path / "missing.txt")],
            "config": [], "from": ["--from", "engine"]}[bad]
    if bad == "from":
        (out / "engine.mlir").write_text("engine.program garbage")
        before = _files(out)
    capsys.readouterr()
    code = _job(out, junk if bad == "config" else quick_config, *args)
    err = capsys.readouterr().err.strip().splitlines()
    assert code != 0 and len(err) == 1 and "error" in err[0] and "Traceback" not in err[0]
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_interrupted_run_keeps_the_previous_output(job, tmp_path, quick_config, monkeypatch, capsys):
    from accllm import main_job

    out = shutil.copytree(job, tmp_path / "build")
    before = _files(out)

    def interrupt(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(main_job, "_csim", interrupt)
    assert _job(out, quick_config) == 130
    assert "interrupted" in capsys.readouterr().err
    assert _files(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["build"]


def test_generate_csim_equals_golden(job):
    from accllm.compression.calibration import load_tokenizer, tokenize
    from accllm.generate import csim_tokens, golden_tokens

    ids = [int(i) for i in tokenize(load_tokenizer(BUILTIN), "The :mod:`json` module")]
    golden = list(golden_tokens(BUILTIN, job / "compressed", ids, 24))
    simulated = list(csim_tokens(job / "hls", ids, 24, BUILTIN))
    assert len(golden) >= 1 and simulated == golden


def test_generate_cli_streams_text(job, capsys):
    assert main(["generate", "--compressed", str(job / "compressed"), "--prompt", "The :mod:`os` module",
                 "--max-new-tokens", "12"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("The :mod:`os` module") and len(captured.out) > len("The :mod:`os` module")
    assert "12 tokens" in captured.err or "tokens in" in captured.err
