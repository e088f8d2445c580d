"""The C simulation's hardware model (backend_hls/include/sim/): cycle clocks read from the
directives, bounded FIFOs that stall and deadlock, HBM latency and rate. Each scenario of
backend_hls/tests/sim_harness.cpp has a cycle count worked out by hand from the rules in
include/sim/accllm_sim.h (pipeline depth 8, HBM latency 100, half a beat per cycle).

Needs g++ and the hls4ml wheel's ap_types headers (skipped with the reason otherwise)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from accllm.backend_hls.project import ap_types_dir

ROOT = Path(__file__).resolve().parents[2]
BACKEND = ROOT / "backend_hls"

pytestmark = [
    pytest.mark.skipif(shutil.which("g++") is None, reason="g++ is needed to build the simulation harness"),
    pytest.mark.skipif(ap_types_dir() is None, reason="the hls4ml wheel (ap_types headers) is not installed"),
]


@pytest.fixture(scope="module")
def harness(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sim") / "sim_harness"
    subprocess.run(["g++", "-std=c++17", "-O2", "-Wall", "-Wextra", "-Werror", "-pthread", "-DACCLLM_SIM",
                    f"-I{BACKEND / 'include/sim'}", f"-I{BACKEND / 'include'}", "-isystem", str(ap_types_dir()),
                    str(BACKEND / "tests/sim_harness.cpp"), "-o", str(out)], check=True)
    return out


def _run(harness: Path, scenario: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(harness), scenario], capture_output=True, text=True, timeout=60)


def _figures(harness: Path, scenario: str) -> dict[str, float]:
    proc = _run(harness, scenario)
    assert proc.returncode == 0, proc.stderr
    return {line.split()[0]: float(line.split()[1]) for line in proc.stdout.splitlines()}


def test_pipelined_loop_takes_depth_plus_ii_per_iteration(harness):
    assert _figures(harness, "pipeline")["cycles"] == 8 + 100 * 2


def test_unroll_factor_divides_the_iterations(harness):
    assert _figures(harness, "unroll")["cycles"] == 8 + 100 / 4


def test_sequential_loop_reenters_its_inner_pipeline_each_iteration(harness):
    assert _figures(harness, "sequential")["cycles"] == 10 * (1 + 8 + 5)


def test_loops_inside_a_pipelined_iteration_take_no_cycles(harness):
    assert _figures(harness, "nested")["cycles"] == 8 + 10


def test_full_fifo_stalls_the_producer_to_the_consumers_rate(harness):
    shallow, deep = _figures(harness, "fifo2"), _figures(harness, "fifo64")
    # The consumer (II = 3) sets the pace either way; with 2 slots the producer (II = 1)
    # waits for it, with 64 it finishes its 50 writes at its own rate.
    assert shallow["cycles"] == deep["cycles"] == 8 + 50 * 3
    assert deep["producer"] == 8 + 50
    assert shallow["producer"] > 8 + 45 * 3


def test_single_beat_accesses_each_wait_the_latency(harness):
    assert _figures(harness, "hbm_single")["cycles"] == 8 + 10 * (1 + 100)


def test_burst_pays_the_latency_once_then_the_channel_rate(harness):
    assert _figures(harness, "hbm_burst")["cycles"] == 8 + 1 + 100 + 99 * 2


def test_processes_waiting_on_each_other_are_a_deadlock_naming_both_streams(harness):
    proc = _run(harness, "cycle_deadlock")
    assert proc.returncode == 3
    assert proc.stderr.strip().splitlines() == [
        "accllm csim: deadlock: accllm_top blocked waiting for its DATAFLOW processes; "
        "ab blocked reading 'x' (empty, depth 2); ab blocked reading 'y' (empty, depth 2)"]


def test_writing_past_a_full_fifo_nobody_reads_is_a_deadlock(harness):
    proc = _run(harness, "full_deadlock")
    assert proc.returncode == 3
    assert "accllm_top blocked writing 'lonely' (full, depth 2)" in proc.stderr
