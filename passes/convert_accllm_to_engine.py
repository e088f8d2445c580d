"""`convert-accllm-to-engine`: map a compressed accllm decoder onto the engine.

The accllm function becomes two `engine.program`s, `prefill` (linears in MM mode) and `decode`
(MV mode), over the same weights; nonlinear ops go to the SFU, attention to the attention
unit with its KV cache reads and writes; the engine configuration (pass options) is stored
on the module as `engine.config`. Weight loads are tiled for that configuration
(`engine_tiling`); HBM offsets are left at 0 for `engine-hbm-alloc`.

The engine computes what the golden model computes, so the IR must state the compression
completely: every decoder linear quantized (`accllm-apply-compression`), every linear input
an `accllm.quantize`, KV cache bits set. Anything else is refused with the op's location.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Block, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.utils.exceptions import PassFailedException

from accllm.boards import board
from accllm.diagnostics import op_error
from accllm.dialects import accllm, engine
from accllm.passes.engine_tiling import channel_bytes, kv_channel_ids, weight_channel_ids

_DEFAULTS = engine.EngineConfig()


class _Refused(Exception):
    def __init__(self, op: Operation, message: str):
        super().__init__(op_error(op, message))


def _weight_name(value: SSAValue, user: Operation, what: str) -> str:
    owner = value.owner
    if not isinstance(owner, accllm.WeightOp):
        raise _Refused(user, f"{what} must be a model weight (accllm.weight)")
    return owner.param.data


class _ProgramBuilder:
    """Emits one engine.program from the accllm function body."""

    def __init__(self, fn: func.FuncOp, entry: str, config: engine.EngineConfig,
                 index_encoding: str, rope_positions: str):
        self.fn, self.entry, self.config = fn, entry, config
        self.index_encoding, self.rope_positions = index_encoding, rope_positions
        self.program = engine.ProgramOp.create_empty(entry)
        self.block: Block = self.program.body.block
        self.values: dict[SSAValue, SSAValue] = {}
        self.freqs: dict[SSAValue, accllm.RopeFreqsOp] = {}
        self.layer = 0

    def emit(self, op: Operation) -> Operation:
        self.block.add_op(op)
        return op

    def mapped(self, value: SSAValue, user: Operation) -> SSAValue:
        if value not in self.values:
            owner = value.owner
            name = owner.name if isinstance(owner, Operation) else "a block argument"
            raise _Refused(user, f"operand produced by {name} has no engine counterpart")
        return self.values[value]

    def vector(self, value: SSAValue, user: Operation, what: str) -> SSAValue:
        name = _weight_name(value, user, what)
        size = value.type.get_shape()[0]
        return self.emit(engine.LoadVectorOp(name, size)).result

    def weights(self, value: SSAValue, user: Operation, fmt: engine.WeightFormatAttr) -> SSAValue:
        name = _weight_name(value, user, "linear weight")
        out_f, in_f = value.type.get_shape()
        channels = weight_channel_ids(self.config)
        sizes = channel_bytes(fmt, out_f, in_f, self.config.lanes, len(channels), self.config.kept_per_lane)
        load = engine.LoadWeightsOp(name, out_f, in_f, fmt, channels, [0] * len(channels), sizes)
        return self.emit(load).result

    def quantized_input(self, op: Operation, value: SSAValue) -> SSAValue:
        mapped = self.mapped(value, op)
        if not isinstance(mapped.type, engine.QActType):
            raise _Refused(op, "input must be quantized per token (run accllm-apply-compression)")
        return mapped

    def run(self) -> engine.ProgramOp:
        tokens = self.block.args[0]
        (ids,) = self.fn.body.block.args
        self.values[ids] = tokens
        for op in self.fn.body.block.ops:
            self.convert(op, tokens)
        return self.program

    def convert(self, op: Operation, tokens: SSAValue) -> None:  # noqa: C901 - one case per op
        if isinstance(op, accllm.WeightOp):
            return  # materialized at its uses
        if isinstance(op, accllm.RopeFreqsOp):
            self.freqs[op.result] = op
        elif isinstance(op, accllm.EmbeddingOp):
            table = _weight_name(op.table, op, "embedding table")
            vocab, hidden = op.table.type.get_shape()
            channels = weight_channel_ids(self.config)
            embed = engine.EmbedOp(tokens, table, vocab, hidden, channels, [0] * len(channels))
            self.values[op.result] = self.emit(embed).result
        elif isinstance(op, accllm.RMSNormOp):
            w = self.vector(op.weight, op, "rmsnorm weight")
            x = self.mapped(op.input, op)
            eps = op.epsilon.value.data
            self.values[op.result] = self.emit(engine.RMSNormOp(x, w, eps, op.group_count)).result
        elif isinstance(op, accllm.QuantizeOp):
            bits = op.bits.value.data
            if bits != 8:
                raise _Refused(op, f"the engine quantizes activations to 8 bits, not {bits}")
            x = self.mapped(op.input, op)
            self.values[op.result] = self.emit(engine.QuantizeOp(x, bits)).result
        elif isinstance(op, accllm.LinearOp):
            self.convert_linear(op)
        elif isinstance(op, accllm.RopeOp):
            self.convert_rope(op)
        elif isinstance(op, accllm.AttentionOp):
            self.convert_attention(op)
        elif isinstance(op, accllm.GatedMulOp):
            g, u = self.mapped(op.gate, op), self.mapped(op.up, op)
            self.values[op.result] = self.emit(engine.GatedMulOp(g, u, op.activation.data)).result
        elif isinstance(op, accllm.SoftcapOp):
            x = self.mapped(op.input, op)
            self.values[op.result] = self.emit(engine.SoftcapOp(x, op.cap.value.data)).result
        elif isinstance(op, accllm.AddOp):
            a, b = self.mapped(op.lhs, op), self.mapped(op.rhs, op)
            self.values[op.result] = self.emit(engine.AddOp(a, b)).result
        elif isinstance(op, accllm.LMHeadOp):
            self.convert_lm_head(op)
        elif isinstance(op, func.ReturnOp):
            # The function's result: the lm_head's logits, soft-capped where the model caps them.
            self.emit(engine.StoreLogitsOp(self.mapped(op.operands[0], op)))
            self.emit(engine.EndOp())
        else:
            raise _Refused(op, "has no engine mapping")

    def convert_linear(self, op: accllm.LinearOp) -> None:
        if op.quant is None:
            raise _Refused(op, "weights must be quantized for the engine (run accllm-apply-compression)")
        quant, sparsity = op.quant, op.sparsity
        if quant.symmetric.data:
            raise _Refused(op, "the engine stores asymmetric weight groups")
        nm = None if sparsity is None else (sparsity.n.data, sparsity.m.data)
        if nm not in (None, (2, 4)):
            raise _Refused(op, f"the engine's sparse mode is 2:4, got {nm[0]}:{nm[1]}")
        encoding = self.index_encoding if nm else "pair2"
        fmt = engine.WeightFormatAttr(quant.bits.data, quant.group.data, nm, encoding)
        x = self.quantized_input(op, op.input)
        w = self.weights(op.weight, op, fmt)
        bias = None if op.bias is None else self.vector(op.bias, op, "linear bias")
        mode = "mm" if self.entry == "prefill" else "mv"
        self.values[op.result] = self.emit(engine.LinearOp(x, w, mode, bias)).result

    def convert_rope(self, op: accllm.RopeOp) -> None:
        freqs = self.freqs.get(op.freqs)
        if freqs is None:
            raise _Refused(op, "rope frequencies must come from accllm.rope_freqs")
        users = [use.operation for use in op.result.uses]
        only_query = users and all(
            isinstance(u, accllm.AttentionOp) and u.query == op.result for u in users
        )
        x = self.mapped(op.input, op)
        if only_query:
            # The attention unit rotates queries itself (per key under the cache policy).
            self.values[op.result] = x
            return
        rope = engine.RopeOp(x, op.num_heads.value.data, freqs.inv_freq.get_values(),
                             freqs.scaling.value.data)
        self.values[op.result] = self.emit(rope).result

    def convert_attention(self, op: accllm.AttentionOp) -> None:
        kv = op.kv_cache
        if kv is None:
            raise _Refused(op, "the KV cache format must be set (run accllm-apply-compression with kv_bits)")
        if kv.keys.data != "per_token":
            raise _Refused(op, f"the engine stores keys per token, not {kv.keys.data}")
        query_rope = op.query.owner
        # A layer without RoPE (raising saw neither side rotated) gets no frequencies.
        inv_freq = self.freqs[query_rope.freqs].inv_freq.get_values() if isinstance(query_rope, accllm.RopeOp) else ()
        sinks, window = op.lambda_window or (0, 0)
        heads, kv_heads = op.num_heads.value.data, op.num_kv_heads.value.data
        head_dim = op.head_dim
        channels = kv_channel_ids(self.config)
        load = self.emit(engine.KVLoadOp(self.layer, kv_heads, head_dim, channels, [0] * len(channels)))
        q = self.mapped(op.query, op)
        k, v = self.mapped(op.key, op), self.mapped(op.value, op)
        att = self.emit(engine.AttentionOp(
            q, k, v, load.result, heads, op.scale.value.data, sinks, window, self.rope_positions, inv_freq,
            None if op.softcap is None else op.softcap.value.data,
        ))
        self.emit(engine.KVAppendOp(k, v, att.result, self.layer, kv.bits.data, channels, [0] * len(channels)))
        self.values[op.result] = att.result
        self.layer += 1

    def convert_lm_head(self, op: accllm.LMHeadOp) -> None:
        out_f, in_f = op.weight.type.get_shape()
        quant = op.quant
        if quant is None:
            fmt = engine.WeightFormatAttr(16, in_f, None)
        elif quant.bits.data == 8 and quant.group.data == in_f and quant.symmetric.data:
            fmt = engine.WeightFormatAttr(8, in_f, None)
        else:
            raise _Refused(op, "the engine's lm_head is float16 or int8 per row")
        x = self.quantized_input(op, op.input)
        w = self.weights(op.weight, op, fmt)
        self.values[op.result] = self.emit(engine.LMHeadOp(x, w)).result


@dataclass(frozen=True)
class ConvertAccllmToEnginePass(ModulePass):
    """Options are the engine configuration (docs/engine.md) plus two storage choices."""

    name = "convert-accllm-to-engine"

    board: str = _DEFAULTS.board
    clock_mhz: int = _DEFAULTS.clock_mhz
    lanes: int = _DEFAULTS.lanes
    kept_per_lane: int = _DEFAULTS.kept_per_lane
    att_lanes: int = _DEFAULTS.att_lanes
    sfu_lanes: int = _DEFAULTS.sfu_lanes
    mm_token_block: int = _DEFAULTS.mm_token_block
    weight_channels: int = _DEFAULTS.weight_channels
    kv_channels: int = _DEFAULTS.kv_channels
    misc_channel: int = _DEFAULTS.misc_channel
    port_bits: int = _DEFAULTS.port_bits
    weight_fifo_kib: int = _DEFAULTS.weight_fifo_kib
    max_tokens: int = _DEFAULTS.max_tokens
    kv_slots: int = _DEFAULTS.kv_slots
    index_encoding: str = "pair2"
    rope_positions: str = "cache"

    def engine_config(self) -> engine.EngineConfig:
        try:
            config = engine.EngineConfig(**{f.name: getattr(self, f.name) for f in fields(engine.EngineConfig)})
            hw = board(config.board)
        except ValueError as err:
            raise PassFailedException(f"{self.name}: {err}") from None
        for what, count in (("weight", config.weight_channels), ("KV", config.kv_channels)):
            if count > hw.hbm_channels:
                raise PassFailedException(f"{self.name}: {count} {what} channels requested, {hw.name} has {hw.hbm_channels}")
        if config.misc_channel >= hw.hbm_channels:
            raise PassFailedException(f"{self.name}: misc channel {config.misc_channel} does not exist on {hw.name}")
        return config

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        config = self.engine_config()
        if self.index_encoding not in ("pair2", "code3"):
            raise PassFailedException(f"{self.name}: index_encoding must be pair2 or code3")
        if self.rope_positions not in ("original", "cache"):
            raise PassFailedException(f"{self.name}: rope_positions must be original or cache")
        functions = [f for f in op.body.block.ops if isinstance(f, func.FuncOp)]
        if len(functions) != 1:
            raise PassFailedException(f"{self.name}: expected one decoder function, found {len(functions)}")
        (fn,) = functions
        if len(fn.body.block.args) != 1:
            raise PassFailedException(f"{self.name}: the decoder function must take only token ids")
        try:
            programs = [
                _ProgramBuilder(fn, entry, config, self.index_encoding, self.rope_positions).run()
                for entry in ("prefill", "decode")
            ]
        except _Refused as err:
            raise PassFailedException(str(err)) from None
        op.attributes["engine.config"] = engine.EngineConfigAttr(config)
        fn.detach()
        fn.erase()
        for program in programs:
            op.body.block.add_op(program)
