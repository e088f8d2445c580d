"""The build files of a generated HLS project (backend_hls/project_files.py): their content,
the Tcl script run by tclsh against stub Vitis HLS commands, and the CMake file configured,
built and run with the host compiler (fake vitis_hls / v++ stand in for the AMD tools)."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from accllm.backend_hls.project_files import (
    PLATFORMS,
    XO_PATH,
    cmake_lists,
    platform_for,
    vitis_hls_tcl,
    vpp_link_cfg,
)

KERNEL = ["src/accllm_top.cpp"]
TESTBENCH = ["tb/accllm_tb.cpp"]
INCLUDES = ["include", "src"]
CSIM_ARGS = "data out 8"


def tcl(**overrides) -> str:
    args = dict(top="accllm_top", part="xcu280-fsvh2892-2L-e", clock_mhz=225,
                kernel_sources=KERNEL, testbench_sources=TESTBENCH, include_dirs=INCLUDES,
                csim_args=CSIM_ARGS)
    return vitis_hls_tcl(**{**args, **overrides})


def link_cfg(channels: list[int]) -> str:
    return vpp_link_cfg(kernel="accllm_top", channels=channels, platform=platform_for("u280"),
                        clock_mhz=225)


def cmake(ap_types_dir: str | None = "/opt/ap_types", csim_args: str = CSIM_ARGS) -> str:
    return cmake_lists(top="accllm_top", kernel_sources=KERNEL, testbench_sources=TESTBENCH,
                       include_dirs=INCLUDES, sim_include_dir="include/sim", ap_types_dir=ap_types_dir,
                       csim_args=csim_args)


def test_tcl_script():
    text = tcl()
    assert "open_project -reset accllm_hls\n" in text
    assert "set_top accllm_top\n" in text
    assert "open_solution -reset solution1 -flow_target vitis\n" in text
    assert "set_part xcu280-fsvh2892-2L-e\n" in text
    assert "create_clock -period 4.444 " in text
    assert "create_clock -period 3.333 " in tcl(clock_mhz=300)
    assert "config_interface -m_axi_latency 64" in text
    kernel = re.search(r"^add_files src/accllm_top\.cpp (.*)$", text, re.M).group(1)
    assert '-cflags "-std=c++17 -I$root/include -I$root/src"' in kernel
    assert '-csimflags "-ffp-contract=off"' in kernel
    testbench = re.search(r"^add_files -tb tb/accllm_tb\.cpp (.*)$", text, re.M).group(1)
    assert "-ffp-contract=off" in testbench and "-std=c++17" in testbench
    assert "csim_design -O -argv {data out 8}" in text
    assert "cosim_design -O -argv {data out 8}" in text
    assert "export_design -format xo" in text
    assert "ACCLLM_STEPS" in text and "vitis_hls -f hls.tcl" in text
    with pytest.raises(ValueError, match="Tcl quoting"):
        tcl(csim_args="data {out}")
    with pytest.raises(ValueError, match="positive"):
        tcl(clock_mhz=0)


STUBS = """
set log {}
foreach cmd {open_project set_top add_files open_solution set_part create_clock
             config_interface config_compile csim_design csynth_design cosim_design
             export_design} {
  proc $cmd {args} "lappend ::log \\[list $cmd {*}\\$args\\]"
}
rename exit tcl_exit
proc exit {} {}
if {[catch {source [lindex $argv 0]} message]} {
  puts "ERROR: $message"
  tcl_exit 1
}
foreach entry $log { puts $entry }
"""


@pytest.fixture(scope="module")
def run_tcl(tmp_path_factory):
    """Runs hls.tcl in tclsh with each Vitis HLS command a stub that prints its call."""
    tclsh = shutil.which("tclsh")
    if tclsh is None:
        pytest.skip("tclsh not found: cannot run hls.tcl against stub Vitis HLS commands")
    root = tmp_path_factory.mktemp("hls_tcl")
    (root / "hls.tcl").write_text(tcl())
    (root / "stubs.tcl").write_text(STUBS)

    def run(steps: str | None) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if k != "ACCLLM_STEPS"}
        if steps is not None:
            env["ACCLLM_STEPS"] = steps
        return subprocess.run([tclsh, str(root / "stubs.tcl"), str(root / "hls.tcl")],
                              capture_output=True, text=True, env=env, cwd="/", timeout=60)
    return run


@pytest.mark.parametrize(("steps", "expected"), [
    (None, ["csim_design", "csynth_design"]),
    ("csynth", ["csynth_design"]),
    ("csim csynth cosim export", ["csim_design", "csynth_design", "cosim_design",
                                  "export_design"]),
    ("export csynth", ["csynth_design", "export_design"]),
])
def test_tcl_runs_the_selected_steps(run_tcl, steps, expected):
    proc = run_tcl(steps)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    calls = proc.stdout.splitlines()
    assert [c.split()[0] for c in calls if c.endswith("_design") or "_design " in c] == expected
    assert calls[0] == "open_project -reset accllm_hls"
    # $root is the script's directory whatever the working directory.
    add_kernel = next(c for c in calls if c.startswith("add_files src/"))
    assert "-I/" in add_kernel and "/include" in add_kernel


@pytest.mark.parametrize(("steps", "error"), [
    ("csim bogus", "unknown step 'bogus'"),
    ("cosim", "need csynth in the same run"),
])
def test_tcl_rejects_bad_steps(run_tcl, steps, error):
    proc = run_tcl(steps)
    assert proc.returncode != 0
    assert error in proc.stdout


def test_link_cfg():
    channels = [0, 1, 5, 31]
    text = link_cfg(channels)
    assert "platform=xilinx_u280_gen3x16_xdma_1_202211_1\n" in text
    assert re.findall(r"^nk=.*$", text, re.M) == ["nk=accllm_top:1:accllm_top_1"]
    sp = re.findall(r"^sp=.*$", text, re.M)
    assert sp == [f"sp=accllm_top_1.hbm{ch}:HBM[{ch}]" for ch in channels]
    assert re.findall(r"^slr=.*$", text, re.M) == []  # the floorplan places the slices, not the CU
    planned = vpp_link_cfg(kernel="accllm_top", channels=channels, platform=platform_for("u280"), clock_mhz=225,
                           floorplan="floorplan.tcl")
    assert "prop=run.impl_1.STEPS.OPT_DESIGN.TCL.PRE=floorplan.tcl\n" in planned
    control = vpp_link_cfg(kernel="accllm_top", channels=channels, platform=platform_for("u280"), clock_mhz=225,
                           write_channels=(31,), control_channel=31)
    assert re.findall(r"^sp=.*$", control, re.M)[len(channels):] == [
        "sp=accllm_top_1.hbm31_w:HBM[31]", "sp=accllm_top_1.program:HBM[31]", "sp=accllm_top_1.token_ids:HBM[31]",
        "sp=accllm_top_1.counters:HBM[31]"]
    assert "freqHz=225000000:accllm_top_1\n" in text
    assert "[connectivity]" in text and "[clock]" in text and "[vivado]" in text
    assert f"v++ -l -t hw --config link.cfg -o accllm.xclbin {XO_PATH}" in text
    with pytest.raises(ValueError, match="repeat"):
        link_cfg([0, 0])


def test_cmake_text():
    text = cmake()
    assert text.startswith("# CMakeLists.txt")
    assert "cmake_minimum_required(VERSION 3.20)" in text
    assert "LANGUAGES CXX" in text
    assert "-O2 -ffp-contract=off -Wall -Wextra" in text
    assert 'set(ACCLLM_AP_TYPES_DIR "/opt/ap_types" CACHE PATH' in text
    assert 'set(ACCLLM_CSIM_ARGS "data out 8" CACHE STRING' in text
    assert "FATAL_ERROR" in text
    assert 'SYSTEM PRIVATE "${ACCLLM_AP_TYPES_DIR}"' in text
    assert "find_program(VITIS_HLS vitis_hls)" in text and "find_program(VPP v++)" in text
    guarded = text[text.index("if(VITIS_HLS)"):text.index("synthesis targets disabled")]
    for target in ("csynth", "cosim", "export_xo", "link"):
        assert f"add_custom_target({target}" in guarded
        assert f"add_custom_target({target}" not in text.replace(guarded, "")
    assert "add_custom_target(run_csim" in text
    # Characters CMake would interpret are escaped in the cache defaults.
    assert 'set(ACCLLM_CSIM_ARGS "a\\"b \\${x}" CACHE STRING' in cmake(csim_args='a"b ${x}')
    assert 'set(ACCLLM_AP_TYPES_DIR "" CACHE PATH' in cmake(ap_types_dir=None)


def test_deterministic():
    assert tcl() == tcl()
    assert link_cfg([3, 1, 2]) == link_cfg([3, 1, 2])
    assert cmake() == cmake()


def test_platforms():
    assert platform_for("u55c") == PLATFORMS["u55c"]
    assert set(PLATFORMS) == {"u280", "u55c", "u50"}
    with pytest.raises(ValueError, match="no Vitis platform known for board 'nope'"):
        platform_for("nope")


# ------------------------------------------------------------------------------------------
# CMake, for real
# ------------------------------------------------------------------------------------------

TB_SOURCE = """\
#include <cstdio>
#include <cstdlib>
#include "accllm_top.h"
int main(int argc, char** argv) {
  if (argc != 4) { std::fprintf(stderr, "usage: tb data out n\\n"); return 2; }
  std::printf("csim %s %s %d -> %u\\n", argv[1], argv[2], std::atoi(argv[3]),
              accllm_top(static_cast<unsigned>(std::atoi(argv[3]))));
  return 0;
}
"""
TOP_HEADER = "#pragma once\nunsigned accllm_top(unsigned x);\n"
TOP_SOURCE = """\
#include "accllm_top.h"
#include "ap_int.h"
unsigned accllm_top(unsigned x) {
  ap_uint<12> v = x;
  return static_cast<unsigned>(v + 1);
}
"""
FAKE_VITIS_HLS = f"""#!/bin/sh
echo "vitis_hls $* ACCLLM_STEPS=$ACCLLM_STEPS" >> tools.log
case "$ACCLLM_STEPS" in *export*) mkdir -p "$(dirname {XO_PATH})" && touch {XO_PATH};; esac
"""
FAKE_VPP = """#!/bin/sh
echo "v++ $*" >> tools.log
while [ $# -gt 0 ]; do [ "$1" = "-o" ] && touch "$2"; shift; done
"""


def _hls4ml_ap_types() -> Path | None:
    spec = importlib.util.find_spec("hls4ml")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(spec.submodule_search_locations[0]) / "templates" / "vivado" / "ap_types"


@pytest.fixture
def fake_project(tmp_path) -> Path:
    """A minimal project directory with the generated CMakeLists.txt (hls4ml's ap_types)."""
    for tool in ("cmake", "g++"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} not found: cannot configure and build the generated CMake")
    ap_types = _hls4ml_ap_types()
    if ap_types is None:
        pytest.skip("hls4ml not installed: no ap_types headers for the C simulation build")
    project = tmp_path / "project"
    for sub in ("src", "include", "tb", "data"):
        (project / sub).mkdir(parents=True)
    (project / "tb" / "accllm_tb.cpp").write_text(TB_SOURCE)
    (project / "src" / "accllm_top.h").write_text(TOP_HEADER)
    (project / "src" / "accllm_top.cpp").write_text(TOP_SOURCE)
    (project / "hls.tcl").write_text(tcl())
    (project / "link.cfg").write_text(link_cfg([0, 1]))
    (project / "CMakeLists.txt").write_text(cmake(ap_types_dir=str(ap_types)))
    return project


def _cmake(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["cmake", *args], capture_output=True, text=True, timeout=600,
                          env=env)


def _env_without_vitis() -> dict[str, str]:
    """PATH without directories that hold vitis_hls or v++, so the test is the same anywhere."""
    dirs = [d for d in os.environ.get("PATH", "").split(os.pathsep)
            if d and not (Path(d, "vitis_hls").exists() or Path(d, "v++").exists())]
    return {**os.environ, "PATH": os.pathsep.join(dirs)}


def test_cmake_builds_and_runs_csim(fake_project, tmp_path):
    build = tmp_path / "build"
    env = _env_without_vitis()
    proc = _cmake("-S", str(fake_project), "-B", str(build), env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "vitis_hls not found: synthesis targets disabled" in proc.stdout
    proc = _cmake("--build", str(build), "--target", "accllm_csim", "--verbose", env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"-isystem {_hls4ml_ap_types()}" in proc.stdout
    assert "-ffp-contract=off" in proc.stdout
    # g++ 12 still reports -Wuninitialized from ap_private.h once its constructors are inlined
    # into the caller, SYSTEM or not; every warning must come from the ap_types headers.
    warnings = [line for line in (proc.stdout + proc.stderr).splitlines() if "warning:" in line]
    assert all("/ap_types/" in line for line in warnings), warnings
    run = subprocess.run([str(build / "accllm_csim"), "data", "out", "8"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout == "csim data out 8 -> 9\n"
    # run_csim passes ACCLLM_CSIM_ARGS, overridable at configure time.
    proc = _cmake("-S", str(fake_project), "-B", str(build), "-DACCLLM_CSIM_ARGS=d o 41",
                  env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = _cmake("--build", str(build), "--target", "run_csim", env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "csim d o 41 -> 42" in proc.stdout


def test_cmake_rejects_missing_ap_types(fake_project, tmp_path):
    bad = tmp_path / "no_ap_types"
    bad.mkdir()
    proc = _cmake("-S", str(fake_project), "-B", str(tmp_path / "build"),
                  f"-DACCLLM_AP_TYPES_DIR={bad}")
    assert proc.returncode != 0
    message = " ".join(proc.stderr.split())  # CMake wraps long messages
    assert "CMake Error" in message
    assert f"ap_int.h not found in ACCLLM_AP_TYPES_DIR='{bad}'" in message


def test_cmake_synthesis_targets_call_the_tools(fake_project, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, script in (("vitis_hls", FAKE_VITIS_HLS), ("v++", FAKE_VPP)):
        (bin_dir / name).write_text(script)
        (bin_dir / name).chmod(0o755)
    env = _env_without_vitis()
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    build = tmp_path / "build"
    proc = _cmake("-S", str(fake_project), "-B", str(build), env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "not found" not in proc.stdout
    for target in ("csynth", "cosim", "link"):
        proc = _cmake("--build", str(build), "--target", target, env=env)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    log = (fake_project / "tools.log").read_text().splitlines()
    assert log == [
        "vitis_hls -f hls.tcl ACCLLM_STEPS=csynth",
        "vitis_hls -f hls.tcl ACCLLM_STEPS=csynth cosim",
        "vitis_hls -f hls.tcl ACCLLM_STEPS=csynth export",
        f"v++ -l -t hw --config link.cfg -o accllm.xclbin {XO_PATH}",
    ]
    assert (fake_project / "accllm.xclbin").exists()
    # The .xo and .xclbin are files with dependencies: a second link does nothing.
    proc = _cmake("--build", str(build), "--target", "link", env=env)
    assert proc.returncode == 0
    assert len((fake_project / "tools.log").read_text().splitlines()) == len(log)
