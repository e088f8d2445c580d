"""A reference interpreter that runs `accllm` IR in float mode with numpy.

It is the numerical ground truth of the dialect: `run_forward` evaluates a `func.func` of
`accllm` ops on real weights and token ids and returns the logits, which should agree with
HF transformers' `LlamaForCausalLM` (float32) to about 1e-5 relative.

Float mode means the model is computed in float32 as written, *without* the storage
compression the IR describes:

* `accllm.linear` / `accllm.lm_head` `quant` and `sparsity` attributes say how the (already
  compressed) weight is stored on the engine; the weight passed in is used as is.
* `accllm.attention` `kv_cache` says how keys and values are stored; they are used as is.

What *is* applied is everything that changes the function the model computes: the attention
`mask` (causal or Λ-shaped) and `accllm.quantize` (per-token fake quantization of
activations, whose result is the dequantized float32 tensor).

Values are numpy arrays: float32 for activations and weights, int64 for token ids. Every
computation stays in float32 (matmuls included), as torch does, so that the comparison with HF
measures the IR and not a precision difference.

The implementations are ordinary xDSL interpreter functions (`AccllmFunctions`), so they can
also be registered on an `xdsl.interpreter.Interpreter` next to other dialects' functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import torch
from xdsl.dialects import func
from xdsl.dialects.builtin import DYNAMIC_INDEX, Float32Type, ModuleOp, TensorType
from xdsl.interpreter import (
    Interpreter,
    InterpreterFunctions,
    PythonValues,
    impl,
    register_impls,
)
from xdsl.interpreters.func import FuncFunctions
from xdsl.ir import Operation
from xdsl.utils.exceptions import InterpretationError

from accllm.dialects.accllm import (
    Activation,
    AddOp,
    AttentionOp,
    CausalMaskAttr,
    EmbeddingOp,
    LambdaMaskAttr,
    LinearOp,
    LMHeadOp,
    QuantizeOp,
    RMSNormOp,
    RopeFreqsOp,
    GatedMulOp,
    RopeOp,
    SoftcapOp,
    WeightOp,
)
from accllm.frontend.derived_weights import weight_value

__all__ = ["AccllmFunctions", "run_forward"]

_F32 = np.float32


def run_forward(
    module: ModuleOp,
    weights: Mapping[str, np.ndarray],
    input_ids: np.ndarray,
    func_name: str = "forward",
) -> np.ndarray:
    """Run `func_name` of `module` on `input_ids` and return its (single) result.

    `weights` maps the names of the module's `accllm.weight` ops to arrays of the declared
    shapes (converted to float32). It may be lazy (e.g. reading a safetensors file on access):
    only the names the IR uses are looked up, each once. `input_ids` is the function's one
    argument, an integer array (e.g. `[batch, seq]`), converted to int64.

    Raises `InterpretationError` for a missing weight, a weight or input of the wrong shape,
    out-of-range token ids, or IR the interpreter cannot run.
    """
    interpreter = Interpreter(module)
    interpreter.register_implementations(FuncFunctions())
    interpreter.register_implementations(AccllmFunctions(weights))

    callee = interpreter.get_op_for_symbol(func_name)
    if not isinstance(callee, func.FuncOp):
        raise InterpretationError(f"@{func_name} is a {callee.name}, not a func.func")
    inputs = callee.function_type.inputs.data
    outputs = callee.function_type.outputs.data
    if len(inputs) != 1 or len(outputs) != 1:
        raise InterpretationError(
            f"@{func_name} must take one argument (the token ids) and return one result "
            f"(the logits); its type is {callee.function_type}"
        )
    ids = np.asarray(input_ids)
    if not np.issubdtype(ids.dtype, np.integer):
        raise InterpretationError(f"input_ids must be integers, got dtype {ids.dtype}")
    ids = ids.astype(np.int64, copy=False)
    arg_type = inputs[0]
    if isinstance(arg_type, TensorType) and not _shape_matches(ids.shape, arg_type):
        raise InterpretationError(
            f"input_ids of shape {list(ids.shape)} do not match @{func_name}'s argument "
            f"type {arg_type}"
        )
    (result,) = interpreter.call_op(callee, (ids,))
    return result


def _shape_matches(shape: tuple[int, ...], type_: TensorType) -> bool:
    declared = type_.get_shape()
    return len(shape) == len(declared) and all(
        d == DYNAMIC_INDEX or d == s for s, d in zip(shape, declared)
    )


def _checked(op: Operation, value: np.ndarray) -> tuple[np.ndarray]:
    """The op's single result, after checking it against the declared result type (this
    catches both IR whose static shapes lie and bugs in the implementations below)."""
    result_type = op.results[0].type
    assert isinstance(result_type, TensorType)
    if not _shape_matches(value.shape, result_type):
        raise InterpretationError(
            f"{op.name} computed a result of shape {list(value.shape)}, but its type is "
            f"{result_type}"
        )
    if isinstance(result_type.element_type, Float32Type) and value.dtype != np.float32:
        raise InterpretationError(f"{op.name} computed {value.dtype}, not float32")
    return (value,)


def _matmul_t(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """`x @ w.T` over the last dim of x, in float32 (one 2-D GEMM, like torch's linear)."""
    out = x.reshape(-1, x.shape[-1]) @ w.T
    return out.reshape(*x.shape[:-1], w.shape[0])


def _split_heads(x: np.ndarray, heads: int) -> np.ndarray:
    """`[..., seq, heads * d]` -> `[..., heads, seq, d]`."""
    *lead, seq, width = x.shape
    return np.swapaxes(x.reshape(*lead, seq, heads, width // heads), -3, -2)


def _merge_heads(x: np.ndarray) -> np.ndarray:
    """`[..., heads, seq, d]` -> `[..., seq, heads * d]`."""
    x = np.swapaxes(x, -3, -2)
    return x.reshape(*x.shape[:-2], x.shape[-2] * x.shape[-1])


def _attention_mask(mask: CausalMaskAttr | LambdaMaskAttr, seq: int) -> np.ndarray:
    """Boolean `[seq, seq]` matrix: entry (i, j) says whether query i sees key j."""
    i = np.arange(seq)[:, None]
    j = np.arange(seq)[None, :]
    allowed = j <= i
    if isinstance(mask, LambdaMaskAttr):
        sinks, window = mask.sinks.data, mask.window.data
        allowed &= (j < sinks) | (i - window < j)
    return allowed


@register_impls
class AccllmFunctions(InterpreterFunctions):
    """numpy implementations of the `accllm` ops in float mode (see the module docstring).

    `weights` supplies the data of `accllm.weight` ops by name; each name is read from it at
    most once per `AccllmFunctions` instance.
    """

    def __init__(self, weights: Mapping[str, Any]):
        self.weights = weights
        self._cache: dict[str, np.ndarray] = {}

    @impl(WeightOp)
    def run_weight(self, interpreter: Interpreter, op: WeightOp, args: PythonValues):
        name = op.param.data
        result_type = op.result.type
        if name not in self._cache:
            try:
                raw = weight_value(op, self.weights)
            except KeyError:
                raise InterpretationError(
                    f'accllm.weight "{name}": no weight named "{name}" in the weights '
                    f"(expected {result_type})"
                ) from None
            array = np.asarray(raw, dtype=_F32)
            self._cache[name] = array
        array = self._cache[name]
        assert isinstance(result_type, TensorType)
        if tuple(array.shape) != tuple(result_type.get_shape()):
            raise InterpretationError(
                f'accllm.weight "{name}": weight "{name}" has shape {list(array.shape)}, '
                f"but the IR declares {result_type}"
            )
        return (array,)

    @impl(EmbeddingOp)
    def run_embedding(self, interpreter: Interpreter, op: EmbeddingOp, args: PythonValues):
        table, ids = args
        vocab = table.shape[0]
        if ids.size and (ids.min() < 0 or ids.max() >= vocab):
            raise InterpretationError(
                f"accllm.embedding: token ids must be in [0, {vocab}), got values in "
                f"[{ids.min()}, {ids.max()}]"
            )
        return _checked(op, table[ids])

    @impl(RMSNormOp)
    def run_rmsnorm(self, interpreter: Interpreter, op: RMSNormOp, args: PythonValues):
        x, w = args
        eps = _F32(op.epsilon.value.data)
        parts = x.reshape(*x.shape[:-1], op.group_count, -1)  # one norm per group (head)
        variance = np.mean(parts * parts, axis=-1, keepdims=True, dtype=_F32)
        return _checked(op, (w * (parts * (_F32(1) / np.sqrt(variance + eps)))).reshape(x.shape))

    @impl(RopeFreqsOp)
    def run_rope_freqs(self, interpreter: Interpreter, op: RopeFreqsOp, args: PythonValues):
        return _checked(op, np.asarray(op.inv_freq.get_values(), dtype=_F32))

    @impl(RopeOp)
    def run_rope(self, interpreter: Interpreter, op: RopeOp, args: PythonValues):
        x, inv_freq = args
        # cos and sin are scaled by the `scaling` of the rope_freqs op that made the freqs.
        producer = op.freqs.owner
        if not isinstance(producer, RopeFreqsOp):
            raise InterpretationError(
                "accllm.rope: freqs must come directly from an accllm.rope_freqs op (it "
                "carries the cos/sin scaling)"
            )
        scaling = _F32(producer.scaling.value.data)
        heads = op.num_heads.value.data
        seq = x.shape[-2]
        positions = np.arange(seq, dtype=_F32)
        freqs = positions[:, None] * inv_freq[None, :]  # [seq, d/2], float32 like HF
        emb = np.concatenate([freqs, freqs], axis=-1)  # [seq, d]
        cos = np.cos(emb) * scaling
        sin = np.sin(emb) * scaling
        xh = _split_heads(x, heads)  # [..., heads, seq, d]
        half = xh.shape[-1] // 2
        rotated = np.concatenate([-xh[..., half:], xh[..., :half]], axis=-1)
        return _checked(op, _merge_heads(xh * cos + rotated * sin))

    @impl(LinearOp)
    def run_linear(self, interpreter: Interpreter, op: LinearOp, args: PythonValues):
        # `quant` / `sparsity` describe how the weight is stored: not applied in float mode.
        x, w, *bias = args
        y = _matmul_t(x, w)
        if bias:
            y = y + bias[0]
        return _checked(op, y)

    @impl(LMHeadOp)
    def run_lm_head(self, interpreter: Interpreter, op: LMHeadOp, args: PythonValues):
        # `quant` describes how the weight is stored: not applied in float mode.
        x, w = args
        return _checked(op, _matmul_t(x, w))

    @impl(QuantizeOp)
    def run_quantize(self, interpreter: Interpreter, op: QuantizeOp, args: PythonValues):
        (x,) = args
        qmax = _F32(2 ** (op.bits.value.data - 1) - 1)
        scale = np.max(np.abs(x), axis=-1, keepdims=True) / qmax
        # A token of all zeros keeps scale 0 and stays 0 (divide by 1 instead of 0).
        safe = np.where(scale == 0, _F32(1), scale)
        q = np.clip(np.rint(x / safe), -qmax, qmax)  # rint rounds half to even, as torch
        return _checked(op, (q * scale).astype(_F32, copy=False))

    @impl(AttentionOp)
    def run_attention(self, interpreter: Interpreter, op: AttentionOp, args: PythonValues):
        # `kv_cache` describes how keys and values are stored: not applied in float mode.
        q, k, v = args
        heads = op.num_heads.value.data
        kv_heads = op.num_kv_heads.value.data
        scale = _F32(op.scale.value.data)
        qh = _split_heads(q, heads)  # [..., H, S, D]
        kh = np.repeat(_split_heads(k, kv_heads), heads // kv_heads, axis=-3)  # head h -> h // g
        vh = np.repeat(_split_heads(v, kv_heads), heads // kv_heads, axis=-3)
        scores = (qh @ np.swapaxes(kh, -1, -2)) * scale  # [..., H, S, S]
        if op.softcap is not None:
            cap = _F32(op.softcap.value.data)
            scores = np.tanh(scores / cap) * cap
        allowed = _attention_mask(op.mask, q.shape[-2])
        scores = np.where(allowed, scores, _F32(-np.inf))
        # Every row sees at least its own key (causal; the Λ window is >= 1), so max is finite.
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        probs = scores / scores.sum(axis=-1, keepdims=True)
        return _checked(op, _merge_heads(probs @ vh))

    @impl(GatedMulOp)
    def run_gated_mul(self, interpreter: Interpreter, op: GatedMulOp, args: PythonValues):
        g, u = args
        if op.activation.data == Activation.SILU:
            with np.errstate(over="ignore"):  # exp(-g) = inf for very negative g: silu -> -0
                act = g / (_F32(1) + np.exp(-g))
        else:
            approximate = "tanh" if op.activation.data == Activation.GELU_TANH else "none"
            act = torch.nn.functional.gelu(torch.from_numpy(np.asarray(g, _F32)), approximate=approximate).numpy()
        return _checked(op, act * u)

    @impl(SoftcapOp)
    def run_softcap(self, interpreter: Interpreter, op: SoftcapOp, args: PythonValues):
        cap = _F32(op.cap.value.data)
        return _checked(op, np.tanh(args[0] / cap) * cap)

    @impl(AddOp)
    def run_add(self, interpreter: Interpreter, op: AddOp, args: PythonValues):
        lhs, rhs = args
        return _checked(op, lhs + rhs)
