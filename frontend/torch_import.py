"""torch.export + torch-mlir's FX importer: a causal LM becomes `torch`-dialect MLIR text.

Parameters never become literals: an importer hook turns each into an `accllm.weight` op that
names the checkpoint tensor, so the IR stays small whatever the model size and the model may
live on the `meta` device (architecture-only import). Buffers (e.g. RoPE's `inv_freq`) are
small, computed from the config, and become `dense<...>` literals the raising pass can read.
"""

from __future__ import annotations

import re

import numpy as np
import torch
from torch.export import Dim
from torch_mlir import ir
from torch_mlir.dialects import torch as torch_d
from torch_mlir.extras.fx_importer import FxImporter, FxImporterHooks, InputInfo

from accllm.diagnostics import AccllmError

# The wrapper below holds the HF model under this attribute; names drop the prefix.
_WRAPPED = "hf"
EXAMPLE_SEQ_LEN = 8


class _LogitsOnly(torch.nn.Module):
    """`input_ids -> logits` without a KV cache: the graph torch.export should see."""

    def __init__(self, model: torch.nn.Module):
        super().__init__()
        setattr(self, _WRAPPED, model)

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        return getattr(self, _WRAPPED)(input_ids=input_ids, use_cache=False).logits


def _checkpoint_name(target: str) -> str:
    return target.removeprefix(f"{_WRAPPED}.")


class _WeightsByName(FxImporterHooks):
    """Parameters -> `accllm.weight "name"`; tensors (buffers, constants) -> dense literals."""

    def resolve_input(self, gni, value, info: InputInfo):
        if info.input_spec.kind.name == "PARAMETER":
            name = _checkpoint_name(info.input_spec.target)
            op = ir.Operation.create(
                "accllm.weight",
                results=[info.ir_type],
                attributes={"name": ir.StringAttr.get(name)},
            )
            return op.result
        if isinstance(value, torch.Tensor):
            return _dense_literal(value, info.ir_type)
        return None

    def resolve_literal(self, gni, literal, info):
        if isinstance(literal, torch.Tensor) and literal.numel() > 1:
            return _dense_literal(literal, gni._cc.tensor_to_vtensor_type(literal))
        return None


def _dense_literal(tensor: torch.Tensor, vtensor_type: ir.Type) -> ir.Value:
    if tensor.device.type == "meta":
        raise AccllmError(
            "error: a buffer of the model has no data (it was created on the meta device); "
            "architecture-only import needs buffers computed from the config"
        )
    array = np.ascontiguousarray(tensor.detach().cpu().numpy())
    op = ir.Operation.create(
        "torch.vtensor.literal",
        results=[vtensor_type],
        attributes={"value": ir.DenseElementsAttr.get(array)},
    )
    return op.result


_SITE_PACKAGES = re.compile(r'loc\("[^"]*?/(?:site|dist)-packages/')


def export_to_torch_mlir(
    model: torch.nn.Module, *, max_seq_len: int, func_name: str = "forward"
) -> str:
    """Export `model` (HF causal LM, any device incl. meta) with a dynamic sequence length
    and return torch-mlir's generic-form MLIR with debug locations."""
    model = model.eval()
    ids = torch.zeros((1, min(EXAMPLE_SEQ_LEN, max_seq_len)), dtype=torch.long)
    seq = Dim("seq", min=2, max=max(max_seq_len, 3))
    try:
        program = torch.export.export(
            _LogitsOnly(model), (ids,), dynamic_shapes={"input_ids": {1: seq}}, strict=False
        )
    except Exception as err:  # noqa: BLE001 - torch.export raises many exception types
        raise AccllmError(f"error: torch.export failed: {_first_line(err)}") from None

    _keep_innermost_frame(program)
    context = ir.Context()
    torch_d.register_dialect(context)
    context.allow_unregistered_dialects = True
    importer = FxImporter(context=context, hooks=_WeightsByName())
    try:
        importer.import_program(program, func_name=func_name)
    except AccllmError:
        raise
    except Exception as err:  # noqa: BLE001 - importer failures name an unsupported construct
        raise AccllmError(f"error: torch-mlir import failed: {_first_line(err)}") from None
    text = importer.module.operation.get_asm(
        print_generic_op_form=True, enable_debug_info=True, use_local_scope=True
    )
    # Library paths differ between machines; keep locations relative to site-packages.
    return _SITE_PACKAGES.sub('loc("', text)


_FRAME = re.compile(r'File "[^"]+", line [0-9]+,')


def _keep_innermost_frame(program: torch.export.ExportedProgram) -> None:
    """Locate each op by the model source line that created it, not the whole call stack:
    the IR stays a fraction of the size and parses several times faster."""
    for node in program.graph.nodes:
        trace = node.meta.get("stack_trace")
        if trace:
            frames = _FRAME.findall(trace)
            node.meta["stack_trace"] = frames[-1] if frames else None


def _first_line(err: Exception) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
