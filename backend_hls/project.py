"""The generated HLS project: everything a user needs to simulate and synthesize the engine.

    emit_project(engine_module, compressed_model, "build/hls", prompt_ids=[...])

writes, atomically (a failed run leaves no half-written project):

    include/accllm_math.h, include/accllm_engine.h   the header library (copied; accllm_engine.h
    include/accllm_<unit>.h                          includes one header per unit)
    src/accllm_config.h, src/accllm_isa.h,           the generated kernel
    src/accllm_top.h, src/accllm_top.cpp
    tb/accllm_tb.cpp                                 the C simulation testbench
    include/sim/accllm_sim.h, include/sim/hls_stream.h  the C simulation's hardware model
    data/program.bin                                 the engine program (program_binary)
    data/hbm_<channel>.bin, data/manifest.json       HBM images (weight_images; not in a
                                                     kernel-only project, `project_contents`)
    data/prompt.txt                                  the default prompt's token ids
    hls.tcl, link.cfg, CMakeLists.txt                vitis_hls / v++ / CMake drivers
    floorplan.tcl                                    SLR placement of the array's slices (link.cfg runs it)
    project.json                                     what was generated from what

The kernel is checked before anything is written (`kernel_source.kernel_params`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Sequence
from pathlib import Path

from xdsl.dialects.builtin import ModuleOp

from accllm.atomic import write_folder_atomically
from accllm.compression.compressed_model import CompressedModel
from accllm.diagnostics import AccllmError

from accllm.passes.engine_tiling import weight_channel_ids

from . import kernel_source, program_binary, project_files
from .weight_images import build_images

HERE = Path(__file__).resolve().parent
UNITS = ("words", "state", "program", "hbm", "array", "sfu", "attention", "run")
LIBRARY = ("include/accllm_math.h", "include/accllm_defaults.h", "include/accllm_engine.h", *(f"include/accllm_{u}.h" for u in UNITS),
           "include/sim/accllm_sim.h", "include/sim/hls_stream.h")
TESTBENCH = "tb/accllm_tb.cpp"
KERNEL_SOURCES = ["src/accllm_top.cpp"]
FLOORPLAN_TCL = "floorplan.tcl"
INCLUDE_DIRS = ["include", "src"]
# The C simulation's hardware model (bounded FIFOs, processes, timing): first on its include
# path only; Vitis HLS compiles the kernel against its own hls_stream.h.
SIM_INCLUDE_DIR = "include/sim"
CSIM_STEPS = 8


def ap_types_dir() -> Path | None:
    """The Xilinx arbitrary-precision headers shipped in the hls4ml wheel, if installed."""
    spec = importlib.util.find_spec("hls4ml")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(spec.submodule_search_locations[0]) / "templates" / "vivado" / "ap_types"
    return path if (path / "ap_int.h").is_file() else None


def emit_project(
    module: ModuleOp,
    compressed: CompressedModel,
    out_dir: str | Path,
    *,
    prompt_ids: Sequence[int] = (0,),
    sources: dict | None = None,
) -> Path:
    """Write the HLS project of an allocated engine `module` for `compressed`'s weights.
    `sources` (model and compressed-model folders) is recorded in project.json so that
    `accllm csim` can rebuild the golden model."""
    try:
        images, manifest = build_images(module, compressed)
    except ValueError as err:
        raise AccllmError(f"hls-cpp: error: {err}") from None
    if not prompt_ids or any(not 0 <= int(i) < compressed.spec.vocab_size for i in prompt_ids):
        raise AccllmError(f"hls-cpp: error: prompt token ids must be in [0, {compressed.spec.vocab_size})")
    data = {"data/manifest.json": (json.dumps(manifest, indent=2) + "\n").encode(),
            "data/prompt.txt": (" ".join(str(int(i)) for i in prompt_ids) + "\n").encode()}
    files = project_contents(module, images=images, data=data, sources=sources)
    return write_folder_atomically(out_dir, lambda folder: write_files(folder, files))


def project_contents(module: ModuleOp, *, images: dict[int, bytes] | None = None, data: dict[str, bytes] | None = None,
                  sources: dict | None = None) -> dict[str, bytes]:
    """Every file of the project of `module`, by path. Without `images` (an architecture
    compiled without weights) the kernel, program, testbench and drivers are complete for
    Vitis; the C simulation needs the HBM images and says so."""
    try:
        binary = program_binary.encode(module)
        params = kernel_source.kernel_params(module, binary)
    except ValueError as err:
        raise AccllmError(f"hls-cpp: error: {err}") from None
    if images is None:
        min_beats = [1] * len(params.port_channels)
        image_files = {}
    else:
        # Whole beats per port (regions are beat-aligned; the KV rings and logits sit inside);
        # a port the program never reads gets one zero beat.
        images = {c: images.get(c) or bytes(64) for c in params.port_channels}
        min_beats = [len(images[c]) // 64 for c in params.port_channels]
        image_files = {f"data/hbm_{c}.bin": img for c, img in images.items()}
    files: dict[str, bytes] = {
        **{name: (HERE / name).read_bytes() for name in LIBRARY},
        TESTBENCH: (HERE / TESTBENCH).read_bytes(),
        "src/accllm_config.h": kernel_source.config_header(params, min_beats).encode(),
        "src/accllm_isa.h": kernel_source.isa_header().encode(),
        "src/accllm_top.h": kernel_source.top_header(params).encode(),
        "src/accllm_top.cpp": kernel_source.top_source(params).encode(),
        "data/program.bin": binary,
        **(data or {}),
        **image_files,
    }
    files.update(_drivers(params))
    files["project.json"] = (json.dumps({
        "format": "accllm-hls-project", "version": 1, "top": kernel_source.TOP,
        "board": params.config.board, "clock_mhz": params.config.clock_mhz,
        "hbm_ports": list(params.port_channels), "vocab": params.vocab,
        "programs": {"prefill": params.prefill_program, "decode": params.decode_program},
        "images": images is not None,
        "sources": sources or {},
        "floorplan": {**params.floorplan.as_json(), "slr_of": params.floorplan.slr_of(
            params.port_channels, tuple(weight_channel_ids(params.config)))},
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
    }, indent=2) + "\n").encode()
    return files


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    """`files` (path -> bytes) under `folder`, in a fixed order."""
    for name, data in sorted(files.items()):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _drivers(params: kernel_source.KernelParams) -> dict[str, bytes]:
    """hls.tcl, link.cfg and CMakeLists.txt."""
    from accllm.boards import board_or_none

    config = params.config
    known = board_or_none(config.board)
    csim_args = f"data out {CSIM_STEPS}"
    ap_types = ap_types_dir()
    texts = {
        "hls.tcl": project_files.vitis_hls_tcl(
            top=kernel_source.TOP, part=known.part if known else config.board, clock_mhz=config.clock_mhz,
            kernel_sources=KERNEL_SOURCES, testbench_sources=[TESTBENCH], include_dirs=INCLUDE_DIRS,
            csim_args=csim_args),
        "CMakeLists.txt": project_files.cmake_lists(
            top=kernel_source.TOP, kernel_sources=KERNEL_SOURCES, testbench_sources=[TESTBENCH],
            include_dirs=INCLUDE_DIRS, sim_include_dir=SIM_INCLUDE_DIR, ap_types_dir=str(ap_types) if ap_types else None, csim_args=csim_args),
    }
    try:
        texts["link.cfg"] = project_files.vpp_link_cfg(
            kernel=kernel_source.TOP, channels=list(params.port_channels),
            platform=project_files.platform_for(config.board), clock_mhz=config.clock_mhz,
            write_channels=params.write_channels, control_channel=config.misc_channel,
            floorplan=FLOORPLAN_TCL)
        texts[FLOORPLAN_TCL] = project_files.floorplan_tcl(params.floorplan, params.port_channels,
                                             tuple(weight_channel_ids(config)))
    except ValueError as err:
        raise AccllmError(f"hls-cpp: error: {err}") from None
    return {name: text.encode() for name, text in texts.items()}



# A real pydocs passage (Python documentation, itertools): the default prompt of a project.
DEFAULT_PROMPT = (
    "The :mod:`itertools` module implements a number of iterator building blocks inspired by "
    "constructs from APL, Haskell, and SML. Each has been recast in a form suitable for Python.\n\n"
    ".. function:: chain(*iterables)\n\n   Make an iterator that returns elements from the first "
    "iterable until it is exhausted, then proceeds to the next iterable."
)


def build_project(model_dir: str | Path, compressed_dir: str | Path, out_dir: str | Path, *,
                  target: str = "u280", engine_overrides: dict[str, int] | None = None,
                  prompt: str = DEFAULT_PROMPT, verbose: bool = False) -> Path:
    """Compile `model_dir` with the configuration of `compressed_dir` (written by `accllm
    compress`) onto `target` and write its HLS project with that compressed model's weights."""
    from accllm.compiler import compile as compile_model
    from accllm.compression.calibration import load_tokenizer, tokenize
    from accllm.compression.compress import load_decoder

    spec, tensors, _ = load_decoder(str(model_dir), None)
    try:
        compressed = CompressedModel.load(compressed_dir, spec, tensors)
    except ValueError as err:
        raise AccllmError(f"error: {err}") from None
    design = compile_model(str(model_dir), target=target, compression=compressed.config,
                           engine_overrides=engine_overrides, verbose=verbose)
    ids = [int(i) for i in tokenize(load_tokenizer(model_dir), prompt)]
    sources = {"model": str(Path(model_dir).resolve()), "compressed": str(Path(compressed_dir).resolve())}
    return emit_project(design.engine.module, compressed, out_dir, prompt_ids=ids, sources=sources)
