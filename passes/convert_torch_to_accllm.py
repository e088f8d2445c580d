"""`convert-torch-to-accllm`: raise an imported torch-dialect decoder to accllm ops.

Matching is structural, never by value or parameter names:
- no-op casts and asserts are dropped (`to.dtype` to the same dtype, `alias`, `clone`, ...);
- `aten.embedding`, `aten.linear`, `silu(a) * b` or `gelu(a) * b`, the RMSNorm expression
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
    "torch.aten.add.Scalar", "torch.aten.scaled_dot_product_attention", "torch.aten.silu", "torch.aten.gelu",
    "torch.aten.rsqrt", "torch.aten.mean.dim", "torch.aten.pow.Tensor_Scalar", "torch.aten.neg",
    "torch.aten.slice.Tensor", "torch.aten.cat", "torch.prim.ListConstruct", "torch.aten.chunk",
    "torch.prim.ListUnpack", "torch.aten.matmul", "torch.aten.softmax.int", "torch.aten._softmax",
    "torch.aten.tanh",
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
class _Norm:
    """A matched RMSNorm: its input, raised weight and epsilon."""

    x: SSAValue
    weight: SSAValue
    eps: float


@dataclass
class _HeadTrace:
    """An attention operand traced back to its raised flat projection: the RoPE and the
    per-head RMSNorm (Qwen3's q/k norm) met on the way, if any."""

    flat: SSAValue
    rope: _Rope | None
    norm: _Norm | None


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
            "torch.aten.add.Scalar": self._weight_offset,
            "torch.aten.mul.Scalar": lambda op: self._softcap(op) or self._scaling(op),
            "torch.aten.div.Scalar": self._scaling,
            "torch.aten.slice.Tensor": self._slice_of_linear,
            "torch.prim.ListUnpack": self._chunks_of_linear,
            "torch.aten.scaled_dot_product_attention": self._attention,
            "torch.aten.matmul": self._eager_attention,
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
                    f"{op_location(err.op)}: error: '{op_name(err.op)}' op {err}"
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
        if op_name(op) == "torch.aten.slice.Tensor":
            return self._is_whole_slice(op)
        return False

    def _is_whole_slice(self, op: Operation) -> bool:
        """`x[..., 0:n]` over all of a static dimension (Phi-3's rotary part when the whole
        head rotates)."""
        shape = _shape(op.operands[0])
        dim, begin, end, step = (self.constant(v) for v in op.operands[1:5])
        if not shape or not isinstance(dim, int) or step != 1 or begin not in (0, None):
            return False
        size = shape[dim % len(shape)]
        return size >= 0 and (end is None or end >= size) and _shape(op.results[0]) == shape

    def _cat_identity(self, op: Operation) -> SSAValue | None:
        """The one part of a `cat` whose other parts are empty along the axis (Phi-3's
        rotated part joined to an empty pass-through part)."""
        if op_name(op) != "torch.aten.cat" or not (parts := _is(op.operands[0], "torch.prim.ListConstruct")):
            return None
        rank = len(_shape(op.results[0]))
        axis = self.constant(op.operands[1]) % rank if rank else 0
        filled = [v for v in parts.operands if len(_shape(v)) != rank or _shape(v)[axis] != 0]
        return filled[0] if len(filled) == 1 else None

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
        consumed = self._consumed_by_patterns()
        blocked = [
            op for op in leftovers
            if op_name(op) in _BUILDING_BLOCKS and op not in consumed
            and not any(_owner(self._through_casts(v)) in leftover_set for v in op.operands if self.is_data(v))
        ]
        lines = _per_kind(unknown, "unsupported op '{name}' ({count})")
        lines += _per_kind(blocked, "cannot raise '{name}' ({count}): no accllm pattern matches it")
        raise PassFailedException("\n".join(lines or _per_kind(leftovers, "cannot raise '{name}' ({count})")))

    def _consumed_by_patterns(self) -> set[Operation]:
        """The torch ops some pattern matched as a part (a norm's `pow`, an attention's
        head split): the backward slices of every op whose result was raised."""
        consumed: set[Operation] = set()
        stack = [op for op in self.block.ops if any(r in self.raised for r in op.results)]
        while stack:
            for value in stack.pop().operands:
                owner = _owner(value)
                if owner is not None and owner not in consumed:
                    consumed.add(owner)
                    stack.append(owner)
        return consumed

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
            if has_bias:
                raise RaiseError(op, "an lm_head with a bias is not supported")
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
            passes_on = self._is_noop(user) or self._scaling_factor(user) is not None or op_name(user) == "torch.aten.tanh"
            if passes_on and self._feeds_return(user.results[0]):
                return True
        return False

    def _mul(self, op: Operation) -> SSAValue | None:
        return self._gated_mul(op) or self._rmsnorm(op) or self._scaling(op)

    # -- constant arithmetic folded into weights --------------------------------------------

    def _scaling_factor(self, op: Operation) -> tuple[SSAValue, float] | None:
        """`(x, c)` when `op` is `x * c` or `x / c` for a constant scalar `c` (a Python
        number or a one-element constant tensor, as Gemma's embedding normalizer)."""
        name = op_name(op)
        if name in _SCALAR_SCALINGS:
            x, c = op.operands[0], op.operands[1]
        elif name == "torch.aten.mul.Tensor":
            data = [v for v in op.operands if self.is_data(v)]
            if len(data) != 1:
                return None
            x = data[0]
            c = op.operands[1] if x is op.operands[0] else op.operands[0]
        else:
            return None
        if self.is_data(c):
            return None
        value = self.constant(c)
        if isinstance(value, torch.Tensor):
            if value.numel() != 1 or value.dtype == torch.bool:
                return None
            value = value.item()
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value == 0:
            return None
        factor = 1.0 / value if name == "torch.aten.div.Scalar" else float(value)
        return x, factor

    def _scaling(self, op: Operation) -> SSAValue | None:
        """`x * c` folded into what produced `x`: a weight, a linear or lm_head (its weight and
        bias) or an embedding (its table), so the engine never scales activations."""
        match = self._scaling_factor(op)
        if match is None or match[0] not in self.raised or self._softcap_of(op) is not None:
            return None
        x, factor = match
        producer = _owner(self.raised[x])
        if isinstance(producer, accllm.WeightOp):
            return self._insert(_derive(producer, scale=factor), op)
        if isinstance(producer, (accllm.LinearOp, accllm.LMHeadOp, accllm.EmbeddingOp)):
            return self._rebuild_with_weights(producer, op, scale=factor)
        return None

    def _softcap_of(self, div: Operation) -> Operation | None:
        """The `mul.Scalar` that ends a soft-capping `tanh(x / c) * c` begun by `div`."""
        if op_name(div) != "torch.aten.div.Scalar" or div.results[0].uses.get_length() != 1:
            return None
        tanh = next(iter(div.results[0].uses)).operation
        if op_name(tanh) != "torch.aten.tanh" or tanh.results[0].uses.get_length() != 1:
            return None
        mul = next(iter(tanh.results[0].uses)).operation
        if op_name(mul) != "torch.aten.mul.Scalar" or self.is_data(mul.operands[1]) or self.is_data(div.operands[1]):
            return None
        return mul if self.constant(mul.operands[1]) == self.constant(div.operands[1]) else None

    def _softcap(self, op: Operation) -> SSAValue | None:
        """`tanh(x / c) * c` on a raised value: logit soft-capping (Gemma 2's final logits)."""
        tanh = _is(op.operands[0], "torch.aten.tanh")
        div = tanh and _is(tanh.operands[0], "torch.aten.div.Scalar")
        if not div or self._softcap_of(div) is not op or div.operands[0] not in self.raised:
            return None
        return self._insert(accllm.SoftcapOp(self.raised[div.operands[0]], float(self.constant(op.operands[1]))), op)

    def _weight_offset(self, op: Operation) -> SSAValue | None:
        """`w + c` on a weight (Gemma's `1 + w` RMSNorm weight)."""
        w, c, alpha = op.operands
        producer = _owner(self.raised[w]) if w in self.raised else None
        if not isinstance(producer, accllm.WeightOp) or producer.scale is not None or self.is_data(c):
            return None
        offset, alpha = self.constant(c), self.constant(alpha)
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (offset, alpha)):
            return None
        return self._insert(_derive(producer, offset=float(offset) * float(alpha)), op)

    def _slice_of_linear(self, op: Operation) -> SSAValue | None:
        """`linear(x)[..., begin:end]` (a fused qkv projection's part) -> the linear of those
        output rows."""
        y = op.operands[0]
        producer = _owner(self.raised[y]) if y in self.raised else None
        if not isinstance(producer, accllm.LinearOp):
            return None
        dim, begin, end, step = (self.constant(v) for v in op.operands[1:5])
        rank, width = len(_shape(y)), _shape(y)[-1]
        if dim % rank != rank - 1 or step != 1:
            return None
        begin, end, _ = slice(begin, end).indices(width)
        if begin >= end:
            return None
        return self._rebuild_with_weights(producer, op, rows=(begin, end))

    def _chunks_of_linear(self, op: Operation) -> None:
        """`linear(x).chunk(n, -1)` unpacked (a fused gate_up projection) -> one linear per
        chunk of output rows."""
        chunk = _is(op.operands[0], "torch.aten.chunk")
        y = chunk and chunk.operands[0]
        producer = _owner(self.raised[y]) if y in self.raised else None
        if not isinstance(producer, accllm.LinearOp):
            return None
        rank, width = len(_shape(y)), _shape(y)[-1]
        if self.constant(chunk.operands[2]) % rank != rank - 1:
            return None
        size = -(-width // self.constant(chunk.operands[1]))
        if len(op.results) != -(-width // size):
            return None
        for i, result in enumerate(op.results):
            rows = (i * size, min((i + 1) * size, width))
            self.raised[result] = self._rebuild_with_weights(producer, op, rows=rows)
        return None

    def _rebuild_with_weights(
        self, producer: Operation, at: Operation, rows: tuple[int, int] | None = None, scale: float | None = None
    ) -> SSAValue:
        """A copy of `producer` (linear, lm_head or embedding) whose weight, and bias, are
        restricted to `rows` and multiplied by `scale`; its result is typed as `at`'s."""
        result_type = _builtin(at.results[0]) if rows is None else None
        if isinstance(producer, accllm.EmbeddingOp):
            table = self._insert(_derive(_owner(producer.table), scale=scale), at)
            return self._insert(accllm.EmbeddingOp(table, producer.ids, result_type), at)
        weight = self._insert(_derive(_owner(producer.weight), rows=rows, scale=scale), at)
        if result_type is None:
            shape = list(producer.result.type.get_shape())
            result_type = TensorType(producer.result.type.element_type, [*shape[:-1], rows[1] - rows[0]])
        if isinstance(producer, accllm.LMHeadOp):
            return self._insert(accllm.LMHeadOp(producer.input, weight, result_type), at)
        bias = None
        if producer.bias is not None:
            bias = self._insert(_derive(_owner(producer.bias), rows=rows, scale=scale), at)
        return self._insert(accllm.LinearOp(producer.input, weight, result_type, bias=bias), at)

    def _gated_mul(self, op: Operation) -> SSAValue | None:
        """`act(gate) * up`, either order, with act SiLU or GELU (either form)."""
        for gate_side, up in ((op.operands[0], op.operands[1]), (op.operands[1], op.operands[0])):
            act = _owner(gate_side)
            activation = act is not None and self._activation(act)
            if activation and act.operands[0] in self.raised and up in self.raised:
                return self._insert(
                    accllm.GatedMulOp(self.raised[act.operands[0]], self.raised[up], activation), op
                )
        return None

    def _activation(self, op: Operation) -> accllm.Activation | None:
        if op_name(op) == "torch.aten.silu":
            return accllm.Activation.SILU
        if op_name(op) == "torch.aten.gelu":
            approximate = self.constant(op.operands[1])
            return {"tanh": accllm.Activation.GELU_TANH, "none": accllm.Activation.GELU_ERF}.get(approximate)
        return None

    def _rmsnorm(self, op: Operation) -> SSAValue | None:
        """An RMSNorm (`_match_rmsnorm`) of a raised value."""
        match = self._match_rmsnorm(op)
        if match is None or match.x not in self.raised:
            return None
        return self._insert(accllm.RMSNormOp(self.raised[match.x], match.weight, match.eps), op)

    def _match_rmsnorm(self, op: Operation) -> _Norm | None:
        """`w * (x * rsqrt(mean(pow(x, 2), [-1], keepdim) + eps))`, any operand order, with
        `w` a raised 1-D weight; x is returned through its casts."""
        if op_name(op) != "torch.aten.mul.Tensor":
            return None
        for w, normed in ((op.operands[0], op.operands[1]), (op.operands[1], op.operands[0])):
            if w not in self.raised or len(_shape(w)) != 1:
                continue
            inner = _is(self._through_casts(normed), "torch.aten.mul.Tensor")
            if inner is None:
                continue
            for x, r in ((inner.operands[0], inner.operands[1]), (inner.operands[1], inner.operands[0])):
                eps = self._rsqrt_mean_square_eps(r, x)
                if eps is not None:
                    return _Norm(self._through_casts(x), self.raised[w], eps)
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
        """`scaled_dot_product_attention(q, k, v, mask, dropout, is_causal, scale, enable_gqa)`."""
        q4, k4, v4, mask, _dropout, is_causal, scale, *rest = op.operands
        enable_gqa = bool(self.constant(rest[0])) if rest else False
        scale_value = self.constant(scale)
        return self._raise_attention(op, q4, k4, v4, mask, bool(self.constant(is_causal)), scale_value,
                                     repeat_kv=not enable_gqa)

    def _eager_attention(self, op: Operation) -> SSAValue | None:
        """transformers' eager attention, `softmax(capped(q @ k^T * scale) + mask) @ v`, where
        `capped` is an optional soft-capping `tanh(s / c) * c` (Gemma 2)."""
        softmax = _owner(self._through_casts(op.operands[0]))
        if softmax is None or op_name(softmax) not in ("torch.aten.softmax.int", "torch.aten._softmax"):
            return None
        scores = self._through_casts(softmax.operands[0])
        rank = len(_shape(scores))
        if rank != 4 or self.constant(softmax.operands[1]) % rank != rank - 1:
            return None
        mask = None
        if (add := _is(scores, "torch.aten.add.Tensor")) is not None and self.constant(add.operands[2]) == 1:
            data = [v for v in add.operands[:2] if self.is_data(v)]
            if len(data) != 1:
                return None
            scores = self._through_casts(data[0])
            mask = add.operands[1] if data[0] is add.operands[0] else add.operands[0]
        softcap = None
        if (cap := _owner(scores)) is not None and op_name(cap) == "torch.aten.mul.Scalar":
            tanh = _is(cap.operands[0], "torch.aten.tanh")
            div = tanh and _is(tanh.operands[0], "torch.aten.div.Scalar")
            if div and self._softcap_of(div) is cap:
                softcap = float(self.constant(cap.operands[1]))
                scores = self._through_casts(div.operands[0])
        scaled = _owner(scores)
        match = self._scaling_factor(scaled) if scaled is not None else None
        scale, product = (match[1], match[0]) if match else (1.0, scores)
        qk = _is(self._through_casts(product), "torch.aten.matmul")
        key_t = qk and _is(qk.operands[1], "torch.aten.transpose.int")
        if not key_t or {self.constant(d) % 4 for d in key_t.operands[1:3]} != {2, 3}:
            return None
        # Without an additive mask eager attention is bidirectional: `_mask` refuses it.
        return self._raise_attention(op, qk.operands[0], key_t.operands[0], op.operands[1], mask,
                                     False, scale, repeat_kv=True, softcap=softcap)

    def _raise_attention(
        self, op: Operation, q4: SSAValue, k4: SSAValue, v4: SSAValue, mask: SSAValue | None,
        is_causal: bool, scale_value: float | None, *, repeat_kv: bool, softcap: float | None = None,
    ) -> SSAValue | None:
        """The accllm.attention of a recognised attention (SDPA or eager) ending at `op`, its
        q/k/v `[B, H, S, D]` traced back to the raised projections; `repeat_kv`: the key and
        value may arrive with their heads repeated for GQA."""
        _batch, heads, _seq, head_dim = _shape(q4)
        kv_heads_seen = _shape(k4)[1]
        repeat = None if repeat_kv else 1
        traces = (
            self._trace_heads(op, q4, heads, head_dim, repeat=1),
            self._trace_heads(op, k4, kv_heads_seen, head_dim, repeat=repeat),
            self._trace_heads(op, v4, kv_heads_seen, head_dim, repeat=repeat),
        )
        if None in traces:
            return None
        q_trace, k_trace, v_trace = traces
        if (q_trace.rope is None) != (k_trace.rope is None):
            raise RaiseError(op, "RoPE is applied to only one of query and key")
        if v_trace.rope is not None or v_trace.norm is not None:
            raise RaiseError(op, "the attention's value is rotated or normalized")
        kv_heads = _shape(k_trace.flat)[-1] // head_dim
        q = self._emit_head_ops(q_trace, heads, head_dim, op)
        k = self._emit_head_ops(k_trace, kv_heads, head_dim, op)
        v = self.raised[v_trace.flat]
        if scale_value is None:
            scale_value = 1.0 / math.sqrt(head_dim)
        key = (mask, is_causal)
        if key not in self._mask_of_value:
            self._mask_of_value[key] = self._mask(op, *key)
        mask_attr = self._mask_of_value[key]
        out = self._merge_heads(op, heads, head_dim)
        if out is None:
            return None
        attention = accllm.AttentionOp(
            q, k, v, heads, kv_heads, float(scale_value), mask_attr, softcap=softcap
        )
        self.raised[out] = self._insert(attention, op)
        return None

    def _emit_head_ops(self, trace: _HeadTrace, heads: int, head_dim: int, sdpa: Operation) -> SSAValue:
        """The raised flat projection, normalized per head and then rotated, as traced."""
        value = self.raised[trace.flat]
        anchor = trace.rope.anchor if trace.rope is not None else sdpa
        if trace.norm is not None:
            norm = accllm.RMSNormOp(value, trace.norm.weight, trace.norm.eps, groups=heads)
            value = self._insert(norm, anchor)
        if trace.rope is not None:
            value = self._emit_rope(trace.rope, value, heads, head_dim)
        return value

    def _trace_heads(
        self, sdpa: Operation, value: SSAValue, heads: int, head_dim: int, repeat: int | None
    ) -> _HeadTrace | None:
        """Walk from an SDPA operand `[B, H, S, D]` back to the raised flat projection
        `[B, S, Hk*D]`, collecting layout ops, at most one RoPE and, before it, at most one
        RMSNorm over each head; check the layout ops compose to "split heads, then repeat
        each KV head" by running them on indices."""
        layout: list[Operation] = []
        rope: _Rope | None = None
        norm: _Norm | None = None
        rope_at = norm_at = 0
        cur = value
        while (op := _owner(cur)) is not None:
            if self._is_noop(op):  # an identity (a cast may name a data value as its dtype's source)
                cur = op.operands[0]
            elif op_name(op) in _LAYOUT_OPS:
                layout.append(op)
                cur = op.operands[0]
            elif (part := self._cat_identity(op)) is not None:
                cur = part
            elif rope is None and norm is None and (match := self._match_rope(op)) is not None:
                rope, rope_at = match, len(layout)
                cur = match.x
            elif norm is None and (found := self._match_rmsnorm(op)) is not None and (
                _shape(found.weight) == (head_dim,) and _shape(found.x)[-1:] == (head_dim,)
            ):
                norm, norm_at = found, len(layout)
                cur = found.x
            else:
                break
        if cur not in self.raised:
            return None
        width = _shape(cur)[-1]
        if len(_shape(cur)) != 3 or width % head_dim:
            return None
        kv_heads = width // head_dim
        if repeat is None:
            repeat = heads // kv_heads
        if kv_heads * repeat != heads:
            return None
        chain = list(reversed(layout))
        if not self._layout_is_split_heads(cur, chain, kv_heads, head_dim, repeat):
            raise RaiseError(sdpa, "an attention operand's layout is not a head split")
        if rope is not None and not self._layout_is_split_heads(
            cur, chain[: len(chain) - rope_at], kv_heads, head_dim, 1
        ):
            raise RaiseError(rope.anchor, "RoPE is not applied in the [batch, heads, seq, dim] layout")
        if norm is not None and not self._layout_keeps_heads_whole(cur, chain[: len(chain) - norm_at], head_dim):
            raise RaiseError(sdpa, "a normalization before attention is neither per head nor over the projection")
        return _HeadTrace(cur, rope, norm)

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

    def _layout_keeps_heads_whole(self, source: SSAValue, chain: list[Operation], head_dim: int) -> bool:
        """Whether `chain` leaves each head's `head_dim` values together, in order, along the
        last dimension (a norm over that dimension is then one per head)."""
        batch = _shape(source)[0]
        index = torch.arange(batch * _LAYOUT_PROBE_LEN * _shape(source)[-1]).reshape(batch, _LAYOUT_PROBE_LEN, -1)
        try:
            got = self._run_layout(source, chain, index)
        except (NotPositionOnly, RuntimeError):
            return False
        rows = got.reshape(-1, got.shape[-1])
        return got.shape[-1] == head_dim and bool(
            ((rows[:, 0] % head_dim) == 0).all() and (rows[:, 1:] - rows[:, :-1] == 1).all()
        )

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

    def _mask(self, op: Operation, mask: SSAValue | None, is_causal: bool) -> Attribute:
        if mask is None or _is(mask, "torch.constant.none"):
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


def _derive(
    weight: accllm.WeightOp, rows: tuple[int, int] | None = None,
    offset: float | None = None, scale: float | None = None,
) -> accllm.WeightOp:
    """`weight` with a further derivation: its `rows` (relative to its own), plus `offset`
    (only while unscaled), times `scale`."""
    old_rows, old_offset, old_scale = weight.row_range, weight.offset_value, weight.scale_value
    shape = list(weight.shape)
    if rows is not None:
        base = old_rows[0] if old_rows else 0
        shape[0] = rows[1] - rows[0]
        rows = (base + rows[0], base + rows[1])
    else:
        rows = old_rows
    if offset is not None:
        assert old_scale is None, "an offset is folded only into an unscaled weight"
        offset += old_offset or 0.0
    else:
        offset = old_offset
    if scale is not None and old_scale is not None:
        scale *= old_scale
    elif scale is None:
        scale = old_scale
    result_type = TensorType(weight.result.type.element_type, shape)
    return accllm.WeightOp.derived(weight.checkpoint_name, result_type, rows=rows, offset=offset, scale=scale)


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
