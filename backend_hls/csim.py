"""C simulation of a generated HLS project, checked against the golden model.

    result = run_csim("build/hls", steps=24)          # build with g++, run, compare
    result.tokens, result.decode_tokens_per_s, result.mismatches

`build` compiles the testbench and kernel with g++ (-std=c++17 -O2 -ffp-contract=off
-Wall -Wextra) against the ap_types headers of the hls4ml wheel and the project's hardware
model (include/sim/: bounded FIFOs, a thread per DATAFLOW process, cycle clocks; a deadlock
is a one-line error); `run` executes it on the
project's prompt (or another one) for N decode steps; `golden_reference` replays the same
prompt and greedy decode on the golden model (frontend/golden.py) rebuilt from the model and
compressed-model folders recorded in project.json; `run_csim` does all three and lists every
logit row and token that is not equal bit for bit.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from accllm.diagnostics import AccllmError

from .project import INCLUDE_DIRS, KERNEL_SOURCES, SIM_INCLUDE_DIR, TESTBENCH, ap_types_dir

CXXFLAGS = ["-std=c++17", "-O2", "-ffp-contract=off", "-Wall", "-Wextra", "-pthread", "-DACCLLM_SIM"]
BINARY = "build/accllm_csim"


def _project(project_dir: str | Path) -> tuple[Path, dict]:
    root = Path(project_dir)
    try:
        meta = json.loads((root / "project.json").read_text())
    except (OSError, ValueError) as err:
        raise AccllmError(f"error: {root}: not an accllm HLS project ({err})") from None
    if meta.get("format") != "accllm-hls-project":
        raise AccllmError(f"error: {root / 'project.json'}: not an accllm HLS project")
    return root, meta


def build(project_dir: str | Path, *, cxx: str = "g++", build_dir: str | Path | None = None) -> tuple[Path, float, str]:
    """Compile the C simulation (into `build_dir`, default the project's build/):
    (binary, seconds, compiler warnings)."""
    root, _ = _project(project_dir)
    compiler = shutil.which(cxx)
    if compiler is None:
        raise AccllmError(f"error: C++ compiler '{cxx}' not found on PATH (needed for the C simulation)")
    headers = ap_types_dir()
    if headers is None:
        raise AccllmError("error: the ap_types headers were not found (pip install hls4ml==1.3.0, which ships them)")
    binary = Path(build_dir) / "accllm_csim" if build_dir else root / BINARY
    binary.parent.mkdir(parents=True, exist_ok=True)
    command = [compiler, *CXXFLAGS, *(f"-I{root / d}" for d in [SIM_INCLUDE_DIR, *INCLUDE_DIRS]), "-isystem", str(headers),
               str(root / TESTBENCH), *(str(root / s) for s in KERNEL_SOURCES), "-o", str(binary)]
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        first = next((line for line in proc.stderr.splitlines() if "error" in line), proc.stderr.strip()[:300])
        raise AccllmError(f"error: the C simulation does not compile: {first}")
    return binary, seconds, proc.stderr


@dataclass
class CsimRun:
    logits: np.ndarray  # float32 [1 + steps, vocab]: last prompt token, then each decode step
    tokens: list[int]  # greedy tokens fed to the decode steps
    calls: list[dict]  # per call: program, tokens, position, instructions, bytes per channel
    seconds: float
    summary: str
    build_seconds: float = 0.0
    mismatches: list[str] = field(default_factory=list)
    cycles: list[float] = field(default_factory=list)  # per call, the timed simulation's kernel cycles
    clock_mhz: float = 0.0
    decode_program: int = 1

    @property
    def decode_cycles(self) -> list[float]:
        """Kernel cycles of each decode call (the timed C simulation)."""
        return [c for call, c in zip(self.calls, self.cycles) if call["program"] == self.decode_program]

    @property
    def prefill_cycles(self) -> float:
        return sum(c for call, c in zip(self.calls, self.cycles) if call["program"] != self.decode_program)

    @property
    def timed_decode_tokens_per_s(self) -> float:
        """Decode tokens/s of the kernel as the timed C simulation clocks it."""
        cycles = self.decode_cycles
        return len(cycles) * self.clock_mhz * 1e6 / sum(cycles) if cycles and sum(cycles) else 0.0

    @property
    def decode_tokens_per_s(self) -> float:
        import re

        match = re.search(r"\(([\d.]+) tokens/s\)", self.summary)
        return float(match.group(1)) if match else 0.0


def run(project_dir: str | Path, *, steps: int, prompt_ids: list[int] | None = None,
        binary: Path | None = None, timeout: float = 3600, start_position: int = 0) -> CsimRun:
    """Run the built simulation: prefill `prompt_ids` (default: the project's prompt), then
    `steps` greedy decode steps. `start_position` > 0 places the prompt there, after a cache
    of zero records (the timing of a long context, not the golden model's numbers)."""
    root, meta = _project(project_dir)
    binary = binary or root / BINARY
    if not binary.exists():
        raise AccllmError(f"error: {binary} not built (run build first)")
    vocab = int(meta["vocab"])
    check_images(root)
    with tempfile.TemporaryDirectory(prefix="accllm-csim-") as tmp:
        out = Path(tmp)
        if prompt_ids is not None:
            (out / "prompt.txt").write_text(" ".join(str(int(i)) for i in prompt_ids) + "\n")
        if start_position:
            (out / "start.txt").write_text(f"{int(start_position)}\n")
        start = time.perf_counter()
        proc = subprocess.run([str(binary), str(root / "data"), str(out), str(steps)], capture_output=True,
                              text=True, timeout=timeout)
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            message = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit status {proc.returncode}"
            raise AccllmError(f"error: {message}")
        logits = np.fromfile(out / "logits.bin", dtype="<f4").reshape(-1, vocab)
        tokens = [int(t) for t in (out / "tokens.txt").read_text().split()]
        calls = [_call(line) for line in (out / "counters.txt").read_text().splitlines()]
        cycles = [float(line.split()[3]) for line in (out / "timing.txt").read_text().splitlines()]
    return CsimRun(logits, tokens, calls, seconds, proc.stdout.strip(), cycles=cycles,
                   clock_mhz=float(meta.get("clock_mhz", 0)),
                   decode_program=int(meta.get("programs", {}).get("decode", 1)))


def stream_tokens(project_dir: str | Path, prompt_ids: list[int], steps: int, *, binary: Path):
    """Yield the simulation's greedy tokens as it generates them (`accllm generate --csim`)."""
    root, _ = _project(project_dir)
    check_images(root)
    with tempfile.TemporaryDirectory(prefix="accllm-csim-") as tmp:
        (Path(tmp) / "prompt.txt").write_text(" ".join(str(int(i)) for i in prompt_ids) + "\n")
        with subprocess.Popen([str(binary), str(root / "data"), tmp, str(steps), "stream"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) as proc:
            for line in proc.stdout:
                if line.startswith("token "):
                    yield int(line.split()[1])
            error = proc.stderr.read().strip()
        if proc.returncode != 0:
            raise AccllmError(f"error: {error.splitlines()[-1] if error else f'exit status {proc.returncode}'}")


def check_images(project_dir: str | Path) -> None:
    """Every HBM image against its manifest checksum (a corrupt image is a one-line error)."""
    data = Path(project_dir) / "data"
    if not (data / "manifest.json").exists() and (data / "program.bin").exists():
        raise AccllmError(f"error: {project_dir}: a kernel-only project (compiled without weights, e.g. "
                          "`accllm compile --arch`): the C simulation needs HBM images (accllm hls --compressed)")
    try:
        manifest = json.loads((data / "manifest.json").read_text())
        channels = manifest["channels"]
    except (OSError, ValueError, KeyError) as err:
        raise AccllmError(f"error: {data / 'manifest.json'}: unreadable ({err})") from None
    for channel, entry in sorted(channels.items(), key=lambda item: int(item[0])):
        path = data / f"hbm_{channel}.bin"
        try:
            image = path.read_bytes()
        except OSError as err:
            raise AccllmError(f"error: {path}: cannot read ({err.strerror})") from None
        if hashlib.sha256(image).hexdigest() != entry["sha256"]:
            raise AccllmError(f"error: {path}: corrupt HBM image (checksum differs from manifest.json)")


def _call(line: str) -> dict:
    values = [int(v) for v in line.split()]
    program, tokens, position, instructions, *moved = values
    half = len(moved) // 2
    return {"program": program, "tokens": tokens, "position": position, "instructions": instructions,
            "read": {c: b for c, b in enumerate(moved[:half]) if b},
            "written": {c: b for c, b in enumerate(moved[half:]) if b}}


def golden_reference(model_dir: str | Path, compressed_dir: str | Path, prompt_ids: list[int],
                     steps: int) -> tuple[np.ndarray, list[int]]:
    """The golden model's logits rows and greedy tokens for the same prompt and steps."""
    from accllm.compression.compress import load_decoder
    from accllm.compression.compressed_model import CompressedModel

    spec, tensors, _ = load_decoder(str(model_dir), None)
    try:
        compressed = CompressedModel.load(compressed_dir, spec, tensors)
    except ValueError as err:
        raise AccllmError(f"error: {err}") from None
    return golden_rows(compressed.golden_model(), prompt_ids, steps)


def golden_rows(golden, prompt_ids: list[int], steps: int) -> tuple[np.ndarray, list[int]]:
    """A GoldenModel's logits rows (the last prompt token's, then each step's) and greedy
    tokens: what the testbench writes, for `compare`."""
    cache = golden.new_cache()
    rows = [golden.prefill(np.asarray(prompt_ids), cache)[-1]]
    tokens = []
    for _ in range(steps):
        tokens.append(int(np.argmax(rows[-1])))
        rows.append(golden.step(tokens[-1], cache))
    return np.stack(rows).astype(np.float32), tokens


def compare(run_result: CsimRun, golden_logits: np.ndarray, golden_tokens: list[int]) -> list[str]:
    """Every logit row and token of the simulation that differs from the golden model."""
    problems = []
    if run_result.logits.shape != golden_logits.shape:
        return [f"logits shape {run_result.logits.shape} != golden {golden_logits.shape}"]
    for i, (a, b) in enumerate(zip(run_result.logits, golden_logits)):
        if not np.array_equal(a.view(np.uint32), b.view(np.uint32)):
            bad = np.flatnonzero(a.view(np.uint32) != b.view(np.uint32))
            what = "prefill" if i == 0 else f"decode step {i}"
            problems.append(f"{what}: {len(bad)} logits differ (first at {bad[0]}: {a[bad[0]]!r} vs {b[bad[0]]!r})")
    if run_result.tokens != golden_tokens:
        first = next(i for i, (a, b) in enumerate(zip(run_result.tokens, golden_tokens)) if a != b)
        problems.append(f"token {first}: csim {run_result.tokens[first]} vs golden {golden_tokens[first]}")
    return problems


def run_csim(project_dir: str | Path, *, steps: int, prompt_ids: list[int] | None = None,
             check: bool = True, build_dir: str | Path | None = None) -> CsimRun:
    """Build, run and (with `check`) compare with the golden model."""
    root, meta = _project(project_dir)
    binary, build_seconds, _ = build(root, build_dir=build_dir)
    result = run(root, steps=steps, prompt_ids=prompt_ids, binary=binary)
    result.build_seconds = build_seconds
    if check:
        sources = meta.get("sources") or {}
        if not sources.get("model") or not sources.get("compressed"):
            raise AccllmError(f"error: {root / 'project.json'} records no model / compressed model to check against")
        ids = prompt_ids if prompt_ids is not None else [int(v) for v in (root / "data/prompt.txt").read_text().split()]
        logits, tokens = golden_reference(_resolve(root, sources["model"]), _resolve(root, sources["compressed"]),
                                          ids, steps)
        result.mismatches = compare(result, logits, tokens)
    return result


def _resolve(root: Path, path: str) -> Path:
    p = Path(path)
    return p if p.is_absolute() else (root / p).resolve()
