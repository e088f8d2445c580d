"""From raised accllm IR to an engine program and its estimates, for one board.

    design = build_engine(accllm_ir, CompressionConfig(...), target="u280")
    print(design.report()); json.dumps(design.to_json())

Steps (the passes of `accllm-to-engine`, then `engine-schedule`): write the compression configuration into the IR
(`accllm-apply-compression`), map it onto the engine (`convert-accllm-to-engine`), explore
the engine's parallelism under the board's budget (`passes/dse.py`) unless the user fixed
it, tile, size the activation buffer, place the chosen design in HBM and synchronize its
queues (`engine-tile`, `engine-buffer-alloc`, `engine-hbm-alloc`, `engine-schedule`), and
replay the program for prefill and decode at several context lengths
(`passes/cost_model.py`).
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, fields

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp

from accllm.boards import UnknownBoard, board
from accllm.compression.config import CompressionConfig
from accllm.diagnostics import AccllmError, verify_module
from accllm.dialects import accllm, engine
from accllm.passes import cost_model, dse
from accllm.passes.apply_compression import ApplyCompressionPass
from accllm.passes.convert_accllm_to_engine import ConvertAccllmToEnginePass
from accllm.passes.engine_buffer_alloc import EngineBufferAllocPass
from accllm.passes.engine_hbm_alloc import HBMMap, allocate
from accllm.passes.engine_schedule import EngineSchedulePass
from accllm.passes.engine_tiling import EngineTilePass

CONTEXTS = (512, 2048, 8192, 32768)
PROMPTS = (512, 2048)
BUDGET_FRACTION = 0.8


def compression_pass(config: CompressionConfig) -> ApplyCompressionPass:
    """The IR-level statement of a compression configuration."""
    sparsity = "{}:{}".format(*config.sparsity) if config.sparsity else "none"
    return ApplyCompressionPass(
        sparsity=sparsity, weight_bits=config.weight_bits or 0, weight_group=config.weight_group,
        act_bits=config.act_bits or 0, kv_bits=config.kv_bits or 0, kv_keys=config.kv_keys,
        sinks=config.sinks, window=config.window or 0, lm_head_bits=8 if config.lm_head == "int8" else 0,
        respect_model_window=config.respect_model_window,
    )


def engine_pass(config: engine.EngineConfig, compression: CompressionConfig) -> ConvertAccllmToEnginePass:
    values = {f.name: getattr(config, f.name) for f in fields(engine.EngineConfig)}
    return ConvertAccllmToEnginePass(**values, index_encoding=compression.index_encoding,
                                     rope_positions=compression.rope_positions)


@dataclass
class EngineDesign:
    module: ModuleOp
    config: engine.EngineConfig
    compression: CompressionConfig
    estimate: cost_model.Estimate
    explored: int
    hbm: HBMMap
    seconds: float

    def to_json(self) -> dict:
        est = self.estimate
        budget = est.budget
        return {
            "board": self.config.board,
            "engine": asdict(self.config),
            "compression": {k: v for k, v in asdict(self.compression).items()
                            if k not in ("recovery_lr", "calibration_tokens", "calibration_seq_len", "seed")},
            "resources": {k: {"used": v, "budget": budget[k], "fraction": round(v / budget[k], 4)}
                          for k, v in est.resources.items()},
            "decode": {str(c): {k: v for k, v in d.items()} for c, d in est.decode.items()},
            "prefill": {str(p): d for p, d in est.prefill.items()},
            "hbm": {
                "by_kind_bytes": self.hbm.by_kind(),
                "channels": {str(c): {"used_bytes": u, "capacity_bytes": self.hbm.capacity}
                             for c, u in sorted(self.hbm.used.items())},
            },
            "explored_configurations": self.explored,
        }

    def report(self) -> str:
        est, cfg = self.estimate, self.config
        lines = [
            f"engine for {cfg.board} at {cfg.clock_mhz} MHz: {cfg.lanes} lanes x {cfg.kept_per_lane} kept "
            f"weights/cycle, {cfg.att_lanes} attention + {cfg.sfu_lanes} SFU float lanes, "
            f"{cfg.weight_fifo_kib} KiB weight FIFO"
            + (f" (best of {self.explored} configurations)" if self.explored else ""),
            "resources: " + ", ".join(
                f"{k} {v:,} / {est.budget[k]:,} ({v / est.budget[k]:.0%})" for k, v in est.resources.items()),
            "",
            "| context | decode tokens/s | ms/token | MB/token | HBM roofline tokens/s | of roofline | HBM util. |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for c, d in est.decode.items():
            lines.append(
                f"| {c} | {d['tokens_per_s']:.1f} | {d['ms_per_token']:.2f} | {d['bytes_per_token'] / 1e6:.0f} "
                f"| {d['roofline_tokens_per_s']:.1f} | {d['tokens_per_s'] / d['roofline_tokens_per_s']:.1%} "
                f"| {d['hbm_utilization']:.1%} |")
        lines += ["", "| prompt | prefill latency (ms) | tokens/s |", "|---:|---:|---:|"]
        for p, d in est.prefill.items():
            lines.append(f"| {p} | {d['latency_ms']:.0f} | {d['tokens_per_s']:.0f} |")
        kinds = ", ".join(f"{k} {v / 2**20:.0f} MiB" for k, v in sorted(self.hbm.by_kind().items()))
        lines += ["", f"HBM: {kinds} over {len(self.hbm.used)} channels "
                      f"(fullest {max(self.hbm.used.values()) / 2**20:.0f} of {self.hbm.capacity // 2**20} MiB)"]
        return "\n".join(lines)


def _map(accllm_ir: ModuleOp, config: engine.EngineConfig, compression: CompressionConfig) -> ModuleOp:
    module = accllm_ir.clone()
    ctx = Context()
    compression_pass(compression).apply(ctx, module)
    engine_pass(config, compression).apply(ctx, module)
    EngineTilePass().apply(ctx, module)
    EngineBufferAllocPass().apply(ctx, module)
    return module


def build_engine(
    accllm_ir: ModuleOp,
    compression: CompressionConfig,
    *,
    target: str = "u280",
    overrides: dict[str, int] | None = None,
    contexts: tuple[int, ...] = CONTEXTS,
    prompts: tuple[int, ...] = PROMPTS,
    explore_context: int = 2048,
) -> EngineDesign:
    """Map, explore (unless `overrides` fixes the engine), place and estimate."""
    start = time.perf_counter()
    try:
        hw = board(target)
    except UnknownBoard as err:
        raise AccllmError(f"error: {err}") from None
    base = engine.EngineConfig(board=hw.name, clock_mhz=min(225, hw.max_clock_mhz))
    base = base.with_(kv_slots=max(base.max_tokens, _kv_span(accllm_ir, compression) + base.max_tokens))
    try:
        if overrides:
            base = base.with_(**overrides)
    except (TypeError, ValueError) as err:
        raise AccllmError(f"error: invalid engine setting: {err}") from None
    try:
        module = _map(accllm_ir, base, compression)
    except Exception as err:  # PassFailedException and verifier errors carry located messages
        raise AccllmError(str(err).strip().splitlines()[0]) from None
    explored = 0
    if overrides:
        config = base
        used = cost_model.resources(module, config)
        over = [f"{k} {v:,} > {hw.usable.as_dict()[k]:,}" for k, v in used.items() if v > hw.usable.as_dict()[k]]
        if over:
            raise AccllmError(f"error: the engine does not fit {hw.name}: {', '.join(over)}")
    else:
        _check_kv_buffer(module, base, hw)
        try:
            best, ranked = dse.explore(module, base, explore_context, budget_fraction=BUDGET_FRACTION)
        except dse.NoFeasibleDesign as err:
            raise AccllmError(f"error: {err}") from None
        config, explored = best.config, len(ranked)
        if config != base:
            module = _map(accllm_ir, config, compression)
    hbm = _allocate(module)
    EngineSchedulePass().apply(Context(), module)
    verify_module(module)
    estimate = cost_model.estimate(module, list(contexts), list(prompts), config)
    return EngineDesign(module, config, compression, estimate, explored, hbm, time.perf_counter() - start)


def _kv_span(accllm_ir: ModuleOp, compression: CompressionConfig) -> int:
    """The KV ring's span: the most sinks of any layer's compiled Λ plus the widest window
    (the kernel's SINKS + WINDOW; 0 when every layer is dense)."""
    sinks, windows = [0], [0]
    for op in accllm_ir.walk():
        if isinstance(op, accllm.AttentionOp):
            layer_sinks, window = compression.attention_lambda(op.lambda_window)
            sinks.append(layer_sinks)
            windows.append(window or 0)
    return max(sinks) + max(windows) if max(windows) else 0


def _allocate(module: ModuleOp) -> HBMMap:
    try:
        return allocate(module)
    except Exception as err:
        raise AccllmError(f"error: {str(err).strip().splitlines()[0]}") from None


def _check_kv_buffer(module: ModuleOp, config: engine.EngineConfig, hw) -> None:
    """A Λ window whose KV buffer alone exceeds the board's URAM budget is a user error."""
    buffers = cost_model.on_chip_buffers(cost_model.BufferNeeds.of(module), config)
    kv_uram = next(b for b in buffers if b.name == "state.kv").blocks().get("uram", 0)
    limit = int(BUDGET_FRACTION * hw.usable.uram)
    if kv_uram > limit:
        raise AccllmError(
            f"error: a KV window of {config.kv_slots} slots needs {kv_uram} URAM for the KV buffer, "
            f"more than {limit} ({BUDGET_FRACTION:.0%} of {hw.name}); shorten the window"
        )


def design_from_module(module: ModuleOp, compression: CompressionConfig, explored: int = 0) -> EngineDesign:
    """The EngineDesign of an engine module saved earlier (`accllm compile --from engine`):
    its placement re-derived (allocation is deterministic, so the offsets do not change) and
    its estimate replayed."""
    start = time.perf_counter()
    attr = module.attributes.get("engine.config")
    if not isinstance(attr, engine.EngineConfigAttr):
        raise AccllmError("error: the saved engine.mlir has no engine.config (not an engine program)")
    config = attr.config
    hbm = _allocate(module)
    verify_module(module)
    estimate = cost_model.estimate(module, list(CONTEXTS), list(PROMPTS), config)
    return EngineDesign(module, config, compression, estimate, explored, hbm, time.perf_counter() - start)
