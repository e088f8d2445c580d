"""`accllm-apply-compression`: write a compression configuration into raised accllm IR.

The IR then states what the engine must implement: each decoder linear carries its weight
format (`quant`) and N:M pattern (`sparsity`), every linear input is preceded by an
`accllm.quantize` (per-token activations), attention carries its Λ mask and KV-cache format.
The lm_head gets an 8-bit per-row format when requested. The numbers themselves (codes,
scales) live in the compressed checkpoint, named like the weights.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter
from xdsl.utils.exceptions import PassFailedException

from accllm.diagnostics import AccllmError, verify_module
from accllm.dialects import accllm


def _parse_sparsity(text: str) -> tuple[int, int] | None:
    if text in ("", "none", "dense"):
        return None
    try:
        n, m = (int(v) for v in text.split(":"))
    except ValueError:
        raise PassFailedException(f"accllm-apply-compression: sparsity must be 'N:M' or 'none', got '{text}'") from None
    if not 0 < n < m:
        raise PassFailedException(f"accllm-apply-compression: sparsity needs 0 < N < M, got {text}")
    return n, m


def lambda_window(
    sinks: int, window: int, model_window: tuple[int, int] | None, respect_model_window: bool
) -> tuple[int, int]:
    """The Λ (sinks, window) to compile for a layer whose own mask is `model_window` (None:
    causal): the configured Λ, unless the layer was trained with a sliding window no wider
    than it (Mistral, Gemma 2's local layers), which it then keeps: Λ never widens what a
    layer sees unless the user asks (`respect_model_window` false)."""
    if respect_model_window and model_window is not None and model_window[1] <= window:
        return model_window
    return sinks, window


@dataclass(frozen=True)
class ApplyCompressionPass(ModulePass):
    """Annotate the decoder with a compression configuration (0 or 'none' disables a part)."""

    name = "accllm-apply-compression"

    sparsity: str = "2:4"
    weight_bits: int = 2
    weight_group: int = 64
    act_bits: int = 8
    kv_bits: int = 4
    kv_keys: str = "per_token"
    sinks: int = 4
    window: int = 0
    lm_head_bits: int = 8
    respect_model_window: bool = True
    """A layer whose own mask already slides over at most `window` keys keeps it."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        sparsity = _parse_sparsity(self.sparsity)
        rewriter = Rewriter()
        quantized: dict[SSAValue, SSAValue] = {}

        def quantize_input(user: Operation, value: SSAValue) -> SSAValue:
            if self.act_bits <= 0:
                return value
            if value not in quantized:
                q = accllm.QuantizeOp(value, self.act_bits)
                rewriter.insert_op(q, InsertPoint.after(value.owner) if isinstance(value.owner, Operation)
                                   else InsertPoint.at_start(value.owner))
                q.location = user.location
                quantized[value] = q.result
            return quantized[value]

        for target in list(op.walk()):
            if isinstance(target, accllm.LinearOp):
                if self.weight_bits > 0:
                    target.quant = accllm.WeightQuantAttr(self.weight_bits, self.weight_group)
                if sparsity is not None:
                    target.sparsity = accllm.NMSparsityAttr(*sparsity)
                target.operands[0] = quantize_input(target, target.input)
            elif isinstance(target, accllm.LMHeadOp):
                if self.lm_head_bits > 0:
                    target.quant = accllm.WeightQuantAttr(self.lm_head_bits, target.weight.type.get_shape()[1], symmetric=True)
                target.operands[0] = quantize_input(target, target.input)
            elif isinstance(target, accllm.AttentionOp):
                if self.window > 0:
                    target.mask = accllm.LambdaMaskAttr(
                        *lambda_window(self.sinks, self.window, target.lambda_window, self.respect_model_window)
                    )
                if self.kv_bits > 0:
                    target.kv_cache = accllm.KVCacheAttr(self.kv_bits, self.kv_keys)
        try:
            verify_module(op)
        except AccllmError as err:
            raise PassFailedException(str(err)) from None
