"""The decoder described by raised accllm IR, as plain data.

Raising proves the structure (embedding, N x [rmsnorm?, q/k/v, q/k rmsnorm?, rope?, attention,
o, rmsnorm?, residual, rmsnorm?, gate/up, gated_mul, down, rmsnorm?, residual], final norm,
lm_head, softcap?; `?`: where the model has one); `DecoderSpec.from_ir` reads
it back by following def-use chains from each `accllm.attention`, so everything downstream
(compression, the golden model, the engine mapping) works from what the IR says rather than
from a model family's config fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation, SSAValue

from accllm.diagnostics import AccllmError, op_error
from accllm.dialects import accllm
from accllm.dialects.accllm import Activation


@dataclass(frozen=True)
class LinearSpec:
    weight: str
    bias: str | None
    in_features: int
    out_features: int


@dataclass(frozen=True)
class QKNormSpec:
    """An RMSNorm of a query or key projection, before RoPE: over each of `groups` heads with
    one shared weight (Qwen3), or over the whole projection (`groups` 1, OLMo-2)."""

    weight: str
    groups: int


@dataclass(frozen=True)
class LayerSpec:
    """One decoder layer. Its RMSNorms sit where the model puts them: before each branch
    (`input_norm` before attention, `post_norm` before the MLP: LLaMA's pre-norm), after
    each branch before its residual add (`attn_out_norm`, `mlp_out_norm`: OLMo-2), or both
    (Gemma 2's sandwich); None where there is none."""

    input_norm: str | None
    q: LinearSpec
    k: LinearSpec
    v: LinearSpec
    o: LinearSpec
    post_norm: str | None
    gate: LinearSpec
    up: LinearSpec
    down: LinearSpec
    # RoPE frequencies of the layer's attention (Gemma 3's local and global layers differ);
    # None: no positional rotation (SmolLM3's NoPE layers).
    inv_freq: tuple[float, ...] | None = None
    # (sinks, window) of the layer's own Λ / sliding-window mask; None: causal.
    window: tuple[int, int] | None = None
    q_norm: QKNormSpec | None = None
    k_norm: QKNormSpec | None = None
    attn_out_norm: str | None = None
    mlp_out_norm: str | None = None

    @property
    def linears(self) -> dict[str, LinearSpec]:
        return {n: getattr(self, n) for n in ("q", "k", "v", "o", "gate", "up", "down")}

    @property
    def rope(self) -> bool:
        return self.inv_freq is not None

    @property
    def norms(self) -> dict[str, str]:
        """The block's RMSNorm weights that exist, by field name."""
        names = ("input_norm", "post_norm", "attn_out_norm", "mlp_out_norm")
        return {n: getattr(self, n) for n in names if getattr(self, n) is not None}


@dataclass(frozen=True)
class DecoderSpec:
    vocab_size: int
    hidden_size: int
    num_heads: int
    num_kv_heads: int
    head_dim: int
    rms_eps: float
    activation: Activation  # the gated MLP's: SiLU (SwiGLU) or a GELU (GeGLU)
    attention_scale: float
    rope_scaling: float  # cos and sin are scaled by it in every layer with RoPE
    # Logit soft-capping `cap * tanh(x / cap)` of the attention scores and of the final
    # logits (Gemma 2); None: none.
    attention_softcap: float | None
    embedding: str
    layers: tuple[LayerSpec, ...]
    final_norm: str
    lm_head: str
    final_softcap: float | None = None

    @staticmethod
    def from_ir(module: ModuleOp) -> DecoderSpec:
        return _read_decoder(module)


def _owner(value: SSAValue, kind: type[Operation], what: str, user: Operation) -> Operation:
    op = value.owner
    if not isinstance(op, kind):
        got = op.name if isinstance(op, Operation) else "a function argument"
        raise AccllmError(op_error(user, f"expected {what} ({kind.name}) as operand, got {got}"))
    return op


def _weight_name(value: SSAValue, user: Operation) -> str:
    return _owner(value, accllm.WeightOp, "a weight", user).param.data


def _linear_spec(op: accllm.LinearOp) -> LinearSpec:
    out_features, in_features = op.weight.type.get_shape()
    bias = None if op.bias is None else _weight_name(op.bias, op)
    return LinearSpec(_weight_name(op.weight, op), bias, in_features, out_features)


def _linear(value: SSAValue, user: Operation) -> tuple[LinearSpec, SSAValue]:
    op = _owner(value, accllm.LinearOp, "a linear", user)
    return _linear_spec(op), op.input


def _norm(value: SSAValue, user: Operation) -> tuple[str, float, SSAValue]:
    op = _owner(value, accllm.RMSNormOp, "an rmsnorm", user)
    return _weight_name(op.weight, op), float(op.epsilon.value.data), op.input


def _read_decoder(module: ModuleOp) -> DecoderSpec:
    attentions = [op for op in module.walk() if isinstance(op, accllm.AttentionOp)]
    heads = [op for op in module.walk() if isinstance(op, accllm.LMHeadOp)]
    embeddings = [op for op in module.walk() if isinstance(op, accllm.EmbeddingOp)]
    if not attentions or len(heads) != 1 or len(embeddings) != 1:
        raise AccllmError("error: the IR is not a raised decoder (need one embedding, attention ops, one lm_head)")
    layers, eps, scalings, activations = [], set(), set(), set()
    for attn in attentions:
        q_rope = attn.query.owner
        k_rope = attn.key.owner
        inv_freq = None
        if isinstance(q_rope, accllm.RopeOp) and isinstance(k_rope, accllm.RopeOp):
            freq_op = _owner(q_rope.freqs, accllm.RopeFreqsOp, "rope_freqs", q_rope)
            inv_freq = tuple(freq_op.inv_freq.get_values())
            scalings.add(float(freq_op.scaling.value.data))
            q_val, k_val = q_rope.input, k_rope.input
        else:
            q_val, k_val = attn.query, attn.key
        window = attn.lambda_window
        q_norm, q_val = _qk_norm(q_val, eps)
        k_norm, k_val = _qk_norm(k_val, eps)
        q, normed = _linear(q_val, attn)
        k, _ = _linear(k_val, attn)
        v, _ = _linear(attn.value, attn)
        input_norm = _norm_before(normed, eps)
        o_op = _single_user(attn.result, accllm.LinearOp, attn)
        attn_out_norm, residual = _norm_then_residual(o_op, eps)
        post_norm, mlp_input = _norm_after(residual, eps)
        gated = _mlp_gate(mlp_input, residual)
        activations.add(gated.activation.data)
        gate, _ = _linear(gated.gate, gated)
        up, _ = _linear(gated.up, gated)
        down_op = _single_user(gated.result, accllm.LinearOp, gated)
        mlp_out_norm, _ = _norm_then_residual(down_op, eps)
        layers.append(LayerSpec(input_norm, q, k, v, _linear_spec(o_op), post_norm, gate, up,
                                _linear_spec(down_op), inv_freq, window, q_norm, k_norm, attn_out_norm,
                                mlp_out_norm))
    head = heads[0]
    final_norm, e3, _ = _norm(head.input, head)
    eps.add(e3)
    first = attentions[0]
    softcaps = {None if a.softcap is None else float(a.softcap.value.data) for a in attentions}
    if len(eps) != 1 or len(scalings) > 1 or len(activations) != 1 or len(softcaps) != 1:
        raise AccllmError(op_error(
            first, "layers disagree on RMSNorm epsilon, RoPE scaling, MLP activation or attention soft-capping"))
    caps = [use.operation for use in head.result.uses if isinstance(use.operation, accllm.SoftcapOp)]
    table = embeddings[0]
    vocab, hidden = table.table.type.get_shape()
    return DecoderSpec(
        vocab_size=vocab,
        hidden_size=hidden,
        num_heads=first.num_heads.value.data,
        num_kv_heads=first.num_kv_heads.value.data,
        head_dim=first.head_dim,
        rms_eps=eps.pop(),
        activation=activations.pop(),
        attention_scale=float(first.scale.value.data),
        rope_scaling=scalings.pop() if scalings else 1.0,
        attention_softcap=softcaps.pop(),
        embedding=_weight_name(table.table, table),
        layers=tuple(layers),
        final_norm=final_norm,
        lm_head=_weight_name(head.weight, head),
        final_softcap=float(caps[0].cap.value.data) if caps else None,
    )


def _norm_before(value: SSAValue, eps: set[float]) -> str | None:
    """The weight of the RMSNorm that produced a branch's input `value`, if one did."""
    op = value.owner
    if not isinstance(op, accllm.RMSNormOp):
        return None
    eps.add(float(op.epsilon.value.data))
    return _weight_name(op.weight, op)


def _norm_then_residual(branch_out: Operation, eps: set[float]) -> tuple[str | None, accllm.AddOp]:
    """After a branch's last linear: its output RMSNorm, if any, and the residual add."""
    users = [use.operation for use in branch_out.results[0].uses]
    if len(users) == 1 and isinstance(users[0], accllm.RMSNormOp):
        norm = users[0]
        eps.add(float(norm.epsilon.value.data))
        return _weight_name(norm.weight, norm), _single_user(norm.result, accllm.AddOp, norm)
    return None, _single_user(branch_out.results[0], accllm.AddOp, branch_out)


def _norm_after(residual: accllm.AddOp, eps: set[float]) -> tuple[str | None, SSAValue]:
    """The MLP's input: the RMSNorm of the attention's residual sum, or the sum itself."""
    norms = [use.operation for use in residual.result.uses if isinstance(use.operation, accllm.RMSNormOp)]
    if len(norms) != 1:
        return None, residual.result
    eps.add(float(norms[0].epsilon.value.data))
    return _weight_name(norms[0].weight, norms[0]), norms[0].result


def _qk_norm(value: SSAValue, eps: set[float]) -> tuple[QKNormSpec | None, SSAValue]:
    """The RMSNorm of a query or key projection, if `value` is one (its epsilon joins `eps`),
    and the value it normalizes."""
    op = value.owner
    if not isinstance(op, accllm.RMSNormOp):
        return None, value
    eps.add(float(op.epsilon.value.data))
    return QKNormSpec(_weight_name(op.weight, op), op.group_count), op.input


def _single_user(value: SSAValue, kind: type[Operation], producer: Operation) -> Operation:
    users = [use.operation for use in value.uses if isinstance(use.operation, kind)]
    if len(users) != 1:
        raise AccllmError(op_error(producer, f"expected one {kind.name} user of its result"))
    return users[0]


def _mlp_gate(mlp_input: SSAValue, residual: accllm.AddOp) -> accllm.GatedMulOp:
    """The gated_mul fed by the linears that read the MLP's input."""
    for use in mlp_input.uses:
        if not isinstance(use.operation, accllm.LinearOp):
            continue
        for inner in use.operation.result.uses:
            if isinstance(inner.operation, accllm.GatedMulOp):
                return inner.operation
    raise AccllmError(op_error(residual, "expected the MLP (linear -> gated_mul) after this residual add"))
