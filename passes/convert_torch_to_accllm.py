"""`convert-torch-to-accllm`: raise an imported torch-dialect decoder to accllm ops.

Matching is structural, never by value or parameter names:
- no-op casts and asserts are dropped (`to.dtype` to the same dtype, `alias`, `clone`, ...);
- `aten.embedding`, `aten.linear`, `silu(a) * b`, the RMSNorm expression
  `w * (x * rsqrt(mean(x^2, -1) + eps))` and residual `add.Tensor` map to accllm ops;
- each `aten.scaled_dot_product_attention` is traced back through its head-splitting layout
  ops (view/transpose/expand/...), RoPE (`x*cos + rotate_half(x)*sin`) and GQA repetition to
  the flat projections; layout chains are *checked by running them on index tensors*, and the
  mask and cos/sin tables are evaluated with PyTorch for a probe length (see torch_eval) and
  classified (causal, Λ/sliding window; RoPE frequencies and scaling);
- the linear that produces the function's result is the lm_head.
Ops that cannot be raised are reported once per kind (name, count, first location), after
which the pass fails.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch
from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import FunctionType, ModuleOp, TensorType
from xdsl.ir import Attribute, Block, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter
from xdsl.utils.exceptions import PassFailedException

from accllm.dialects import accllm
from accllm.dialects.torch import ValueTensorType
from accllm.diagnostics import op_location, op_name
from accllm.passes.torch_eval import NotPositionOnly, TorchEvaluator, depends_on_data

_NOOP_OPS = {
    "torch.aten.alias", "torch.aten.clone", "torch.aten.contiguous", "torch.aten.detach",
    "torch.aten.lift_fresh_copy",
}
# Scalings by a constant: identities when the constant is 1 (Granite's multipliers at 1).
_SCALAR_SCALINGS = {"torch.aten.mul.Scalar", "torch.aten.div.Scalar"}
_CAST_OPS = {
    "torch.aten.to.dtype", "torch.aten.to.dtype_layout", "torch.aten.to.device",
    "torch.aten._to_copy", "torch.aten.type_as",
}
_LAYOUT_OPS = {
    "torch.aten.view", "torch.aten.reshape", "torch.aten._unsafe_view",
    "torch.aten.transpose.int", "torch.aten.permute", "torch.aten.unsqueeze",
    "torch.aten.squeeze.dim", "torch.aten.expand", "torch.aten.t",
}


# Every torch op some pattern consumes; data ops of other kinds are reported as unsupported.
_BUILDING_BLOCKS = _NOOP_OPS | _CAST_OPS | _SCALAR_SCALINGS | _LAYOUT_OPS | {"torch.aten.dropout"} | {
    "torch.aten.embedding", "torch.aten.linear", "torch.aten.mul.Tensor", "torch.aten.add.Tensor",
    "torch.aten.add.Scalar", "torch.aten.scaled_dot_product_attention", "torch.aten.silu",
    "torch.aten.rsqrt", "torch.aten.mean.dim", "torch.aten.pow.Tensor_Scalar", "torch.aten.neg",
    "torch.aten.slice.Tensor", "torch.aten.cat", "torch.prim.ListConstruct",
}

# Layout chains are checked on index tensors of this sequence length (any length > 1 works).
_LAYOUT_PROBE_LEN = 5


class RaiseError(Exception):
    """A structure was recognised but is not supported (e.g. an unknown mask shape)."""

    def __init__(self, op: Operation, message: str):
        super().__init__(message)
        self.op = op


def _shape(value: SSAValue) -> tuple[int, ...]:
    t = value.type
    if isinstance(t, ValueTensorType):
        return tuple(t.shape)
    if isinstance(t, TensorType):
        return tuple(t.get_shape())
    return ()


def _builtin(value: SSAValue) -> Attribute:
    t = value.type
    return t.to_builtin_tensor() if isinstance(t, ValueTensorType) else t


def _owner(value: SSAValue) -> Operation | None:
    return value.owner if isinstance(value.owner, Operation) else None


def _is(value: SSAValue, name: str) -> Operation | None:
    op = _owner(value)
    return op if op is not None and op_name(op) == name else None


@dataclass
class _Rope:
    x: SSAValue
    cos: SSAValue
    sin: SSAValue
    anchor: Operation


@dataclass
class _FunctionRaiser:
    """Raises one func.func; see the module docstring for the strategy."""

    func_op: func.FuncOp
    probe_seq_len: int
    raised: dict[SSAValue, SSAValue] = field(default_factory=dict)
    _freqs: dict[tuple, SSAValue] = field(default_factory=dict)
    # Layers share one mask and one pair of RoPE tables: classify each only once.
    _freqs_of_tables: dict[tuple[SSAValue, SSAValue], SSAValue] = field(default_factory=dict)
    _mask_of_value: dict[tuple[SSAValue, bool], Attribute] = field(default_factory=dict)

    def __post_init__(self):
        self.block: Block = self.func_op.body.blocks[0]
        self.rewriter = Rewriter()
        self._evaluators: dict[int, TorchEvaluator] = {}

    # -- evaluation of position-only values ------------------------------------------------

    def evaluate(self, value: SSAValue, seq_len: int | None = None) -> object:
        seq_len = seq_len or self.probe_seq_len
        if seq_len not in self._evaluators:
            inputs = {}
            for arg in self.block.args:
                shape = [seq_len if d < 0 else d for d in _shape(arg)]
                inputs[arg] = torch.zeros(shape, dtype=torch.long)
            self._evaluators[seq_len] = TorchEvaluator(inputs)
        return self._evaluators[seq_len](value)

    def constant(self, value: SSAValue) -> object:
        """The value of a constant operand (int, float, bool, list, None)."""
        try:
            return self.evaluate(value)
        except NotPositionOnly:
            raise RaiseError(value.owner, "expected a constant operand") from None

    # -- driver ----------------------------------------------------------------------------

    def run(self) -> None:
        self.is_data = depends_on_data(self.block)
        self._retype_arguments()
        patterns: dict[str, Callable[[Operation], SSAValue | None]] = {
            "accllm.weight": self._weight,
            "torch.aten.embedding": self._embedding,
            "torch.aten.linear": self._linear,
            "torch.aten.mul.Tensor": self._mul,
            "torch.aten.add.Tensor": self._add,
            "torch.aten.scaled_dot_product_attention": self._attention,
        }
        for op in list(self.block.ops):
            if self._is_noop(op):
                if op.operands[0] in self.raised:
                    self.raised[op.results[0]] = self.raised[op.operands[0]]
                continue
            pattern = patterns.get(op_name(op))
            if pattern is None:
                continue
            if isinstance(op, accllm.WeightOp) and isinstance(op.result.type, TensorType):
                continue
            try:
                result = pattern(op)
            except RaiseError as err:
                raise PassFailedException(
                    f"{op_location(err.op)}: error: '{err.op_name(op)}' op {err}"
                ) from None
            if result is not None:
                self.raised[op.results[0]] = result
        self._replace_return()
        self._erase_dead_ops()
        self._report_leftovers()
        self._drop_old_arguments()

    def _is_noop(self, op: Operation) -> bool:
        """Identity at inference: aliases, same-dtype casts, dropout outside training."""
        if op_name(op) in _NOOP_OPS:
            return True
        if op_name(op) in _CAST_OPS:
            return self._same_dtype(op)
        if op_name(op) == "torch.aten.dropout":
            return self.constant(op.operands[2]) is False
        if op_name(op) in _SCALAR_SCALINGS:
            return not self.is_data(op.operands[1]) and self.constant(op.operands[1]) == 1
        return False

    def _same_dtype(self, op: Operation) -> bool:
        src, dst = op.operands[0].type, op.results[0].type
        return isinstance(src, ValueTensorType) and isinstance(dst, ValueTensorType) and (
            src.dtype == dst.dtype
        )

    def _insert(self, new_op: Operation, before: Operation) -> SSAValue:
        self.rewriter.insert_op(new_op, InsertPoint.before(before))
        new_op.location = before.location
        return new_op.results[0]

    def _retype_arguments(self) -> None:
        self._old_args = list(self.block.args)
        for arg in self._old_args:
            new_arg = self.block.insert_arg(_builtin(arg), len(self.block.args))
            self.raised[arg] = new_arg

    def _drop_old_arguments(self) -> None:
        for arg in self._old_args:
            self.block.erase_arg(arg)
        inputs = [arg.type for arg in self.block.args]
        outputs = [v.type for v in self.block.last_op.operands]
        self.func_op.function_type = FunctionType.from_lists(inputs, outputs)
        for name in [n for n in self.func_op.attributes if n.startswith("torch.")]:
            del self.func_op.attributes[name]

    def _replace_return(self) -> None:
        ret = self.block.last_op
        assert ret is not None
        for i, operand in enumerate(ret.operands):
            if operand in self.raised:
                ret.operands[i] = self.raised[operand]

    def _erase_dead_ops(self) -> None:
        changed = True
        while changed:
            changed = False
            for op in reversed(list(self.block.ops)):
                if op is self.block.last_op or any(r.uses for r in op.results):
                    continue
                if op_name(op).startswith(("torch.", "accllm.")):
                    self.rewriter.erase_op(op)
                    changed = True

    def _report_leftovers(self) -> None:
        """Fail with one line per problem kind: first the op kinds no pattern knows, then
        known kinds that did not match (only those not merely downstream of another
        failure)."""
        leftovers = [
            op for op in self.block.ops
            if op_name(op).startswith("torch.") and any(self.is_data(r) for r in op.results)
            and not all(r in self.raised for r in op.results)  # alive only for an unraised user
        ]
        if not leftovers:
            return
        unknown = [op for op in leftovers if op_name(op) not in _BUILDING_BLOCKS]
        leftover_set = set(leftovers)
        blocked = [
            op for op in leftovers
            if op_name(op) in _BUILDING_BLOCKS
            and not any(_owner(v) in leftover_set for v in op.operands if self.is_data(v))
        ]
        lines = _per_kind(unknown, "unsupported op '{name}' ({count})")
        lines += _per_kind(blocked, "cannot raise '{name}' ({count}): no accllm pattern matches it")
        raise PassFailedException("\n".join(lines or _per_kind(leftovers, "cannot raise '{name}' ({count})")))

    # -- patterns ---------------------------------------------------------------------------

    def _weight(self, op: Operation) -> SSAValue:
        assert isinstance(op, accllm.WeightOp)
        return self._insert(accllm.WeightOp(op.param.data, _builtin(op.result)), op)

    def _embedding(self, op: Operation) -> SSAValue | None:
        table, ids = op.operands[0], op.operands[1]
        if table not in self.raised or ids not in self.raised:
            return None
        return self._insert(
            accllm.EmbeddingOp(self.raised[table], self.raised[ids], _builtin(op.results[0])), op
        )

    def _linear(self, op: Operation) -> SSAValue | None:
        x, w, b = op.operands[0], op.operands[1], op.operands[2]
        has_bias = not _is(b, "torch.constant.none")
        if x not in self.raised or w not in self.raised or (has_bias and b not in self.raised):
            return None
        result_type = _builtin(op.results[0])
        if self._feeds_return(op.results[0]):
            new: Operation = accllm.LMHeadOp(self.raised[x], self.raised[w], result_type)
        else:
            bias = self.raised[b] if has_bias else None
            new = accllm.LinearOp(self.raised[x], self.raised[w], result_type, bias=bias)
        return self._insert(new, op)

    def _feeds_return(self, value: SSAValue) -> bool:
        """Whether `value` reaches the function result through no-op casts only."""
        for use in value.uses:
            user = use.operation
            if user is self.block.last_op:
                return True
            if self._is_noop(user) and self._feeds_return(
                user.results[0]
            ):
                return True
        return False

    def _mul(self, op: Operation) -> SSAValue | None:
        return self._silu_mul(op) or self._rmsnorm(op)

    def _silu_mul(self, op: Operation) -> SSAValue | None:
        for gate_side, up in ((op.operands[0], op.operands[1]), (op.operands[1], op.operands[0])):
            silu = _is(gate_side, "torch.aten.silu")
            if silu is not None and silu.operands[0] in self.raised and up in self.raised:
                return self._insert(
                    accllm.SiluMulOp(self.raised[silu.operands[0]], self.raised[up]), op
                )
        return None

    def _rmsnorm(self, op: Operation) -> SSAValue | None:
        """`w * (x * rsqrt(mean(pow(x, 2), [-1], keepdim) + eps))`, any operand order."""
        for w, normed in ((op.operands[0], op.operands[1]), (op.operands[1], op.operands[0])):
            if w not in self.raised or len(_shape(w)) != 1:
                continue
            inner = _is(self._through_casts(normed), "torch.aten.mul.Tensor")
            if inner is None:
                continue
            for x, r in ((inner.operands[0], inner.operands[1]), (inner.operands[1], inner.operands[0])):
                eps = self._rsqrt_mean_square_eps(r, x)
                if eps is not None and self._through_casts(x) in self.raised:
                    x_raised = self.raised[self._through_casts(x)]
                    return self._insert(accllm.RMSNormOp(x_raised, self.raised[w], eps), op)
        return None

    def _through_casts(self, value: SSAValue) -> SSAValue:
        while (op := _owner(value)) is not None and self._is_noop(op):
            value = op.operands[0]
        return value

    def _rsqrt_mean_square_eps(self, r: SSAValue, x: SSAValue) -> float | None:
        rsqrt = _is(r, "torch.aten.rsqrt")
        add = rsqrt and (_is(rsqrt.operands[0], "torch.aten.add.Scalar") or _is(
            rsqrt.operands[0], "torch.aten.add.Tensor"))
        mean = add and _is(add.operands[0], "torch.aten.mean.dim")
        power = mean and _is(mean.operands[0], "torch.aten.pow.Tensor_Scalar")
        if not power or self._through_casts(power.operands[0]) != self._through_casts(x):
            return None
        if self.constant(power.operands[1]) != 2 or not self.constant(mean.operands[2]):
            return None
        dims = self.constant(mean.operands[1])
        rank = len(_shape(x))
        if [d % rank for d in dims] != [rank - 1]:
            return None
        eps = self.constant(add.operands[1])
        if isinstance(eps, torch.Tensor):
            eps = eps.item()
        return float(eps)

    def _add(self, op: Operation) -> SSAValue | None:
        lhs, rhs, alpha = op.operands
        if lhs not in self.raised or rhs not in self.raised or self.constant(alpha) != 1:
            return None
        if _shape(lhs) != _shape(rhs):
            return None
        return self._insert(accllm.AddOp(self.raised[lhs], self.raised[rhs]), op)

    # -- attention ----------------------------------------------------------------------------

    def _attention(self, op: Operation) -> SSAValue | None:
        q4, k4, v4, mask, _dropout, is_causal, scale, *rest = op.operands
        enable_gqa = bool(self.constant(rest[0])) if rest else False
        batch, heads, _seq, head_dim = _shape(q4)
        kv_heads_seen = _shape(k4)[1]
        q_flat, q_rope = self._trace_heads(op, q4, heads, head_dim, repeat=1)
        repeat = 1 if enable_gqa else None
        k_flat, k_rope = self._trace_heads(op, k4, kv_heads_seen, head_dim, repeat=repeat)
        v_flat, _ = self._trace_heads(op, v4, kv_heads_seen, head_dim, repeat=repeat)
        if None in (q_flat, k_flat, v_flat):
            return None
        if (q_rope is None) != (k_rope is None):
            raise RaiseError(op, "RoPE is applied to only one of query and key")
        kv_heads = _shape(k_flat)[-1] // head_dim
        q, k, v = self.raised[q_flat], self.raised[k_flat], self.raised[v_flat]
        if q_rope is not None:
            q = self._emit_rope(q_rope, q, heads, head_dim)
            k = self._emit_rope(k_rope, k, kv_heads, head_dim)
        scale_value = self.constant(scale)
        if scale_value is None:
            scale_value = 1.0 / math.sqrt(head_dim)
        key = (mask, bool(self.constant(is_causal)))
        if key not in self._mask_of_value:
            self._mask_of_value[key] = self._mask(op, *key)
        mask_attr = self._mask_of_value[key]
        out = self._merge_heads(op, heads, head_dim)
        if out is None:
            return None
        attention = accllm.AttentionOp(
            q, k, v, heads, kv_heads, float(scale_value), mask_attr
        )
        self.raised[out] = self._insert(attention, op)
        return None

    def _trace_heads(
        self, sdpa: Operation, value: SSAValue, heads: int, head_dim: int, repeat: int | None
    ) -> tuple[SSAValue | None, _Rope | None]:
        """Walk from an SDPA operand `[B, H, S, D]` back to the raised flat projection
        `[B, S, Hk*D]`, collecting layout ops and at most one RoPE; check the layout ops
        compose to "split heads, then repeat each KV head" by running them on indices."""
        layout: list[Operation] = []
        rope: _Rope | None = None
        rope_at = 0
        cur = value
        while (op := _owner(cur)) is not None:
            if op_name(op) in _LAYOUT_OPS or self._is_noop(op):
                layout.append(op)
                cur = op.operands[0]
            elif rope is None and (match := self._match_rope(op)) is not None:
                rope, rope_at = match, len(layout)
                cur = match.x
            else:
                break
        if cur not in self.raised:
            return None, None
        width = _shape(cur)[-1]
        if len(_shape(cur)) != 3 or width % head_dim:
            return None, None
        kv_heads = width // head_dim
        if repeat is None:
            repeat = heads // kv_heads
        if kv_heads * repeat != heads:
            return None, None
        chain = list(reversed(layout))
        if not self._layout_is_split_heads(cur, chain, kv_heads, head_dim, repeat):
            raise RaiseError(sdpa, "an attention operand's layout is not a head split")
        if rope is not None and not self._layout_is_split_heads(
            cur, chain[: len(chain) - rope_at], kv_heads, head_dim, 1
        ):
            raise RaiseError(rope.anchor, "RoPE is not applied in the [batch, heads, seq, dim] layout")
        return cur, rope

    def _run_layout(self, source: SSAValue, chain: list[Operation], start: torch.Tensor):
        """Apply the layout ops of `chain` to `start` (standing for `source`)."""
        evaluator = TorchEvaluator({})
        current = start
        for op in chain:
            evaluator._values[op.operands[0]] = current
            for other in op.operands[1:]:
                evaluator._values[other] = self.evaluate(other, _LAYOUT_PROBE_LEN)
            current = evaluator(op.results[0])
        return current

    def _layout_is_split_heads(
        self, source: SSAValue, chain: list[Operation],
        kv_heads: int, head_dim: int, repeat: int,
    ) -> bool:
        batch = _shape(source)[0]
        seq = _LAYOUT_PROBE_LEN
        index = torch.arange(batch * seq * kv_heads * head_dim).reshape(batch, seq, -1)
        try:
            got = self._run_layout(source, chain, index)
        except (NotPositionOnly, RuntimeError):
            return False
        want = index.view(batch, seq, kv_heads, head_dim).transpose(1, 2)
        want = want.repeat_interleave(repeat, dim=1)
        return tuple(got.shape) == tuple(want.shape) and bool(torch.equal(got, want))

    def _match_rope(self, op: Operation) -> _Rope | None:
        """`x * cos + rotate_half(x) * sin` with cos/sin position-only tables."""
        if op_name(op) != "torch.aten.add.Tensor" or self.constant(op.operands[2]) != 1:
            return None
        terms = [_is(v, "torch.aten.mul.Tensor") for v in op.operands[:2]]
        if None in terms:
            return None
        split = [self._data_and_table(t) for t in terms]
        if None in split:
            return None
        for (x, cos), (rot, sin) in (split, split[::-1]):
            if self._is_rotate_half(rot, x):
                return _Rope(x, cos, sin, op)
        return None

    def _data_and_table(self, mul: Operation) -> tuple[SSAValue, SSAValue] | None:
        a, b = mul.operands
        if self.is_data(a) and not self.is_data(b):
            return a, b
        if self.is_data(b) and not self.is_data(a):
            return b, a
        return None

    def _is_rotate_half(self, rot: SSAValue, x: SSAValue) -> bool:
        """`cat([-x[..., D/2:], x[..., :D/2]], -1)`."""
        cat = _is(rot, "torch.aten.cat")
        if cat is None:
            return False
        parts = _is(cat.operands[0], "torch.prim.ListConstruct")
        if parts is None or len(parts.operands) != 2:
            return False
        neg = _is(parts.operands[0], "torch.aten.neg")
        hi = neg and _is(neg.operands[0], "torch.aten.slice.Tensor")
        lo = _is(parts.operands[1], "torch.aten.slice.Tensor")
        if not hi or not lo or hi.operands[0] != x or lo.operands[0] != x:
            return False
        rank, dim = len(_shape(x)), _shape(x)[-1]
        half = dim // 2

        def slice_bounds(s: Operation) -> tuple[int, int, int, int]:
            axis, start, end, step = (self.constant(v) for v in s.operands[1:5])
            return axis % rank, start or 0, min(end if end is not None else dim, dim), step
        return (
            self.constant(cat.operands[1]) % rank == rank - 1
            and slice_bounds(hi) == (rank - 1, half, dim, 1)
            and slice_bounds(lo) == (rank - 1, 0, half, 1)
        )

    def _emit_rope(self, rope: _Rope, flat: SSAValue, heads: int, head_dim: int) -> SSAValue:
        tables = (rope.cos, rope.sin)
        if tables not in self._freqs_of_tables:
            self._freqs_of_tables[tables] = self._rope_freqs(rope, head_dim)
        freqs = self._freqs_of_tables[tables]
        return self._insert(accllm.RopeOp(flat, freqs, heads), rope.anchor)

    def _rope_freqs(self, rope: _Rope, head_dim: int) -> SSAValue:
        """Read the cos/sin tables at the probe length and express them as
        `scaling * cos(position * inv_freq)`, with inv_freq taken from the literal that
        feeds them (computed in float32 exactly as HF does) and checked against the tables."""
        try:
            cos = self._table(rope.cos, head_dim)
            sin = self._table(rope.sin, head_dim)
        except NotPositionOnly as err:
            raise RaiseError(rope.anchor, f"RoPE tables are not position-only ({err})") from None
        inv_freq = self._inv_freq_literal(rope.cos, head_dim // 2)
        if inv_freq is None:
            raise RaiseError(rope.anchor, "cannot find the RoPE inverse frequencies")
        seq = cos.shape[0]
        angles = torch.arange(seq, dtype=torch.float32)[:, None] * torch.from_numpy(inv_freq)[None, :]
        angles = torch.cat([angles, angles], dim=-1)
        scaling = float(cos[0, 0])
        ok = torch.allclose(cos, torch.cos(angles) * scaling, atol=1e-5) and torch.allclose(
            sin, torch.sin(angles) * scaling, atol=1e-5
        )
        if not ok:
            raise RaiseError(
                rope.anchor, "RoPE tables are not cos/sin of position x inv_freq (unsupported RoPE variant)"
            )
        key = (tuple(inv_freq.tolist()), scaling)
        if key not in self._freqs:
            freqs_op = accllm.RopeFreqsOp(inv_freq.tolist(), scaling)
            self.rewriter.insert_op(freqs_op, InsertPoint.at_start(self.block))
            freqs_op.location = rope.anchor.location
            self._freqs[key] = freqs_op.result
        return self._freqs[key]

    def _table(self, value: SSAValue, head_dim: int) -> torch.Tensor:
        table = torch.as_tensor(self.evaluate(value), dtype=torch.float32)
        if table.shape[-1] != head_dim or any(d != 1 for d in table.shape[:-2]):
            raise NotPositionOnly(f"table of shape {list(table.shape)}")
        return table.reshape(table.shape[-2], head_dim)

    def _inv_freq_literal(self, table: SSAValue, half: int) -> np.ndarray | None:
        """The float literal with `half` elements in the backward slice of `table`."""
        seen: set[SSAValue] = set()
        stack = [table]
        while stack:
            value = stack.pop()
            if value in seen or (op := _owner(value)) is None:
                continue
            seen.add(value)
            if op_name(op) == "torch.vtensor.literal" and _shape(value) == (half,):
                literal = self.evaluate(value)
                if literal.is_floating_point():
                    return literal.float().numpy()
            stack.extend(op.operands)
        return None

    def _mask(self, op: Operation, mask: SSAValue, is_causal: bool) -> Attribute:
        if _is(mask, "torch.constant.none"):
            if is_causal:
                return accllm.CausalMaskAttr()
            raise RaiseError(op, "attention without a causal mask is not a decoder")
        try:
            allowed = self.evaluate(mask)
        except NotPositionOnly as err:
            raise RaiseError(op, f"the attention mask depends on the input ({err})") from None
        allowed = torch.as_tensor(allowed)
        if allowed.dtype != torch.bool:
            allowed = allowed > torch.finfo(torch.float32).min / 2
        seq = self.probe_seq_len
        allowed = allowed.reshape(-1, seq, seq)
        if not bool((allowed == allowed[0]).all()):
            raise RaiseError(op, "the attention mask differs between heads or batch entries")
        allowed = allowed[0]
        if is_causal:
            allowed = allowed & torch.ones(seq, seq, dtype=torch.bool).tril()
        return _classify_mask(op, allowed)

    def _merge_heads(self, sdpa: Operation, heads: int, head_dim: int) -> SSAValue | None:
        """Follow the SDPA result `[B, H, S, D]` through single-use layout ops to the flat
        `[B, S, H*D]` value and check the chain merges heads."""
        chain: list[Operation] = []
        cur = sdpa.results[0]
        while cur.uses.get_length() == 1:
            user = next(iter(cur.uses)).operation
            if not (op_name(user) in _LAYOUT_OPS or self._is_noop(user)):
                break
            chain.append(user)
            cur = user.results[0]
        batch = _shape(sdpa.results[0])[0]
        if len(_shape(cur)) != 3:
            return None
        seq = _LAYOUT_PROBE_LEN
        index = torch.arange(batch * heads * seq * head_dim).reshape(batch, heads, seq, head_dim)
        try:
            got = self._run_layout(sdpa.results[0], chain, index)
        except (NotPositionOnly, RuntimeError):
            return None
        want = index.transpose(1, 2).reshape(batch, seq, heads * head_dim)
        if tuple(got.shape) != tuple(want.shape) or not torch.equal(got, want):
            raise RaiseError(sdpa, "the attention output's layout is not a head merge")
        return cur


def _per_kind(ops: list[Operation], template: str) -> list[str]:
    """One `location: error: ...` line per op name, at its first occurrence."""
    counts = Counter(op_name(op) for op in ops)
    first: dict[str, Operation] = {}
    for op in ops:
        first.setdefault(op_name(op), op)
    return [
        f"{op_location(first[name])}: error: "
        + template.format(name=name, count=f"{counts[name]} op{'s' if counts[name] > 1 else ''}")
        for name in sorted(counts)
    ]


def _classify_mask(op: Operation, allowed: torch.Tensor) -> Attribute:
    """A boolean [S, S] mask -> causal, or Λ(sinks, window) (window < S)."""
    seq = allowed.shape[0]
    rows = torch.arange(seq)[:, None]
    cols = torch.arange(seq)[None, :]
    causal = cols <= rows
    if torch.equal(allowed, causal):
        return accllm.CausalMaskAttr()
    last = allowed[-1]
    window = int(torch.flip(last, [0]).int().cumprod(0).sum())
    sinks = int(last.int().cumprod(0).sum())
    if sinks + window >= seq:
        sinks = 0
    lam = causal & ((cols < sinks) | (rows - window < cols))
    if window >= 1 and torch.equal(allowed, lam):
        return accllm.LambdaMaskAttr(sinks, window)
    raise RaiseError(op, "unsupported attention mask (neither causal nor sink + sliding window)")


@dataclass(frozen=True)
class ConvertTorchToAccllmPass(ModulePass):
    """Raise every function of an imported torch-dialect module to the accllm dialect."""

    name = "convert-torch-to-accllm"

    probe_seq_len: int = 2048
    """Sequence length at which masks and RoPE tables are evaluated and classified; a
    sliding window is only recognised if it is shorter than this."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        if self.probe_seq_len < 4:
            raise PassFailedException("convert-torch-to-accllm: probe_seq_len must be >= 4")
        for func_op in [f for f in op.ops if isinstance(f, func.FuncOp)]:
            if func_op.body.blocks:
                _FunctionRaiser(func_op, self.probe_seq_len).run()
