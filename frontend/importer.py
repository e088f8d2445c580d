"""`import_model`: a checkpoint, a config, a named architecture or an nn.Module -> xDSL IR.

The model is always exported with its parameters on the `meta` device when it comes from a
config or checkpoint: the graph depends only on the architecture, and the weights are read
from safetensors by name when something (the interpreter, the compressor) needs them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModelForCausalLM, PretrainedConfig
from xdsl.context import Context
from xdsl.dialects.builtin import Builtin, ModuleOp
from xdsl.dialects.func import Func
from xdsl.utils.exceptions import ParseError

from accllm.diagnostics import AccllmError, LocatingParser, parse_error_message
from accllm.dialects.accllm import ACCLLM, WeightOp
from accllm.dialects.torch import TORCH
from accllm.frontend.architectures import architecture_config, architecture_names
from accllm.frontend.checkpoint import open_checkpoint
from accllm.frontend.torch_import import export_to_torch_mlir


@dataclass
class ImportedModel:
    """IR of a model plus where its weights come from (None: architecture only)."""

    module: ModuleOp
    config: PretrainedConfig
    weights: Mapping[str, np.ndarray] | None
    source: str


def accllm_context() -> Context:
    """An xDSL context that reads torch-mlir output, accllm IR and engine programs."""
    from accllm.dialects.engine import ENGINE

    ctx = Context(allow_unregistered=True)
    for dialect in (Builtin, Func, TORCH, ACCLLM, ENGINE):
        ctx.load_dialect(dialect)
    return ctx


def parse_mlir(text: str, name: str = "<imported>") -> ModuleOp:
    try:
        return LocatingParser(accllm_context(), text, name).parse_module()
    except ParseError as err:
        raise AccllmError(parse_error_message(err)) from None


@contextlib.contextmanager
def _parameters_on_meta() -> Iterator[None]:
    """Create modules with meta parameters but real buffers (RoPE tables are computed from
    the config in __init__ and must have data). Tied parameters stay tied."""
    register = torch.nn.Module.register_parameter

    def register_on_meta(module, name, param):
        if param is not None and param.device.type != "meta":
            param = torch.nn.Parameter(param.to("meta"), requires_grad=param.requires_grad)
        register(module, name, param)

    torch.nn.Module.register_parameter = register_on_meta
    try:
        yield
    finally:
        torch.nn.Module.register_parameter = register


def with_supported_attention(make):
    """`make(attn_implementation)` with SDPA, or with eager attention where the model class
    has no SDPA path (Gemma 2: soft-capped scores); raising reads either."""
    try:
        return make("sdpa")
    except ValueError as err:
        if "scaled_dot_product_attention" not in str(err):
            raise
        return make("eager")


def build_meta_model(config: PretrainedConfig) -> torch.nn.Module:
    """The model on the meta device (see `with_supported_attention`)."""
    try:
        with _parameters_on_meta():
            return with_supported_attention(
                lambda attention: AutoModelForCausalLM.from_config(
                    config, attn_implementation=attention, dtype=torch.float32)
            )
    except ValueError as err:
        reason = str(err).strip().splitlines()[0]
        raise AccllmError(
            f"error: unsupported architecture '{config.model_type}' ({reason})"
        ) from None


def _tied_aliases(model: torch.nn.Module) -> dict[str, str]:
    """`alias -> first name` for parameters shared under several names (tied embeddings)."""
    first_name: dict[int, str] = {}
    aliases: dict[str, str] = {}
    for name, param in model.named_parameters(remove_duplicate=False):
        key = id(param)
        if key in first_name:
            aliases[name] = first_name[key]
            aliases[first_name[key]] = name
        else:
            first_name[key] = name
    return aliases


def _max_seq_len(config: PretrainedConfig) -> int:
    return int(getattr(config, "max_position_embeddings", 2048) or 2048)


def _check_weights(module: ModuleOp, weights, where: str) -> None:
    """Every weight the IR names must exist in the checkpoint with the IR's shape."""
    for op in module.walk():
        if not isinstance(op, WeightOp):
            continue
        name, shape = op.param.data, op.shape
        if name not in weights:
            raise AccllmError(f"{where}: error: checkpoint has no tensor '{name}'")
        stored = tuple(weights.shape(name)) if hasattr(weights, "shape") else weights[name].shape
        if stored != shape:
            raise AccllmError(
                f"{where}: error: tensor '{name}' has shape {list(stored)}, "
                f"the architecture needs {list(shape)}"
            )


def import_model(
    source: str | Path | PretrainedConfig | torch.nn.Module,
    *,
    max_seq_len: int | None = None,
) -> ImportedModel:
    """Import a model into torch-dialect xDSL IR (raise it with `raise_to_accllm`).

    `source` is a checkpoint directory, a built-in architecture name (architecture only), a
    transformers config (architecture only) or an nn.Module (weights from its state_dict).
    """
    if isinstance(source, torch.nn.Module):
        config = getattr(source, "config", None)
        seq = max_seq_len or (_max_seq_len(config) if config is not None else 2048)
        text = export_to_torch_mlir(source, max_seq_len=seq)
        weights = {k: v.detach().float().numpy() for k, v in source.state_dict().items()}
        return ImportedModel(parse_mlir(text), config, weights, type(source).__name__)

    if isinstance(source, PretrainedConfig):
        config, weights, label = source, None, f"config:{source.model_type}"
    elif Path(source).is_dir():
        checkpoint = open_checkpoint(source)
        config, weights, label = checkpoint.config, checkpoint.weights, str(source)
    elif str(source) in architecture_names():
        config, weights, label = architecture_config(str(source)), None, str(source)
    else:
        raise AccllmError(
            f"{source}: error: not a checkpoint directory nor a built-in architecture "
            f"({', '.join(architecture_names())})"
        )

    model = build_meta_model(config)
    text = export_to_torch_mlir(model, max_seq_len=max_seq_len or _max_seq_len(config))
    module = parse_mlir(text, label)
    if weights is not None:
        weights = weights.with_aliases(_tied_aliases(model))
        _check_weights(module, weights, label)
    return ImportedModel(module, config, weights, label)
