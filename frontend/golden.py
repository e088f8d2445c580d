"""The golden numerics model: exactly what the engine computes, in numpy.

The generated HLS C++ must reproduce `GoldenModel.prefill` and `GoldenModel.step` bit for bit,
so every operation is spelled out here (see docs/numerics.md for the contract in prose):

- Compressed linear weights come from the engine's packed storage (`weight_packing`: the
  W-bit codes of the kept weights, their 2:4 indices, fp16 scales, packed zero points);
  unpacking folds the 2:4 mask into codes == zero point. With A8 input:
  `acc[t,o,g] = sum_{i in g} xq[t,i] * (code[o,i] - zero[o,g])` in integers (exact; computed
  with float64 BLAS, exact for integers below 2**53), then
  `y[t,o] = tree_sum_g(f32(acc) * scale[o,g]) * sx[t]` (+ bias).
- A8: `sx = max|x| / qmax`, `xq = clip(rint(x / sx), -qmax, qmax)` per token (and per head for
  the query).
- KV cache: keys (after RoPE, at their original positions) and values are stored as `kv_bits`
  asymmetric integers per token and KV head: `scale = (max - min) / (2**b - 1)`,
  `zero = clip(rint(-min / scale))`, `code = clip(rint(x / scale) + zero)`.
- Attention of query i reads the keys it sees (all earlier for causal; `sinks` first plus the
  last `window` for Λ) as a compact list in chronological order, so prefill and decode reduce
  over identical adder trees: `s = (f32(q.k) * (sq * sk)) * scale`, `e = exp_f32(s - max)`,
  `p = e / interleaved_sum(e)`; with a quantized KV cache the values are integers too:
  `wq, sw = A8(p * v_scale)` per query head, `out = f32(sum_j wq[j] * (vcode[j] - vzero[j])) * sw`
  (the engine's KV4 x A8 mode; float `out = tree_sum(p * v)` otherwise).
- RoPE position policy "cache" (StreamingLLM): once the window is full a query is rotated at
  position `sinks + window - 1` for the sink keys, so sinks sit at their cache slots; window
  keys keep their relative distance either way.
- RMSNorm `x * rsqrt_f32(tree_sum(x*x) / n + eps) * w`; the gated MLP `act(g) * u` with
  `silu_f32` (SwiGLU), `gelu_tanh_f32` or `gelu_erf_f32` (GeGLU).
- Float parts that the engine keeps in higher precision (embedding, norm weights, fp16
  lm_head) use float16-rounded values.

With compression disabled (`CompressionConfig.fp()`), linears are float32 matmuls and the
model matches HF transformers to float32 rounding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from accllm.compression.config import CompressionConfig
from accllm.frontend.decoder_spec import DecoderSpec
from accllm.frontend.golden_math import (
    exp_f32, gate_activation, interleaved_sum, rsqrt_f32, sincos_f32, softcap_f32, tree_sum,
)
from accllm.frontend.weight_packing import PackedWeight, unpack

F32 = np.float32


# ---------------------------------------------------------------------------------------
# Quantizers
# ---------------------------------------------------------------------------------------


def quantize_symmetric(x: np.ndarray, bits: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-row (last axis) symmetric quantization: integer codes (as float64) and scales."""
    qmax = F32(2 ** (bits - 1) - 1)
    x = np.asarray(x, dtype=F32)
    scale = (np.max(np.abs(x), axis=-1) / qmax).astype(F32)
    safe = np.where(scale > 0, scale, F32(1.0))
    q = np.clip(np.rint(x / safe[..., None]), -qmax, qmax)
    q = np.where(scale[..., None] > 0, q, F32(0.0))
    return q.astype(np.float64), scale


def dequantize_symmetric(q: np.ndarray, scale: np.ndarray) -> np.ndarray:
    return (q.astype(F32) * scale[..., None]).astype(F32)


@dataclass
class AsymmetricCodes:
    """Per-row asymmetric integer codes of the KV cache."""

    codes: np.ndarray  # float64 integers in [0, 2**bits - 1]
    zero: np.ndarray  # float64 integers, one per row
    scale: np.ndarray  # float32, one per row

    def centered(self) -> np.ndarray:
        """code - zero, exact integers (float64)."""
        return self.codes - self.zero[..., None]

    def dequantize(self) -> np.ndarray:
        return (self.centered().astype(F32) * self.scale[..., None]).astype(F32)


def quantize_asymmetric(x: np.ndarray, bits: int) -> AsymmetricCodes:
    levels = F32(2**bits - 1)
    x = np.asarray(x, dtype=F32)
    lo = np.minimum(np.min(x, axis=-1), F32(0.0))
    hi = np.maximum(np.max(x, axis=-1), F32(0.0))
    scale = ((hi - lo) / levels).astype(F32)
    scale = np.where(scale > 0, scale, F32(1.0)).astype(F32)
    zero = np.clip(np.rint(-lo / scale), F32(0.0), levels)
    codes = np.clip(np.rint(x / scale[..., None]) + zero[..., None], F32(0.0), levels)
    return AsymmetricCodes(codes.astype(np.float64), zero.astype(np.float64), scale)


def fp16(x: np.ndarray) -> np.ndarray:
    """Round to float16 storage and back."""
    return np.asarray(x, dtype=F32).astype(np.float16).astype(F32)


# ---------------------------------------------------------------------------------------
# Linear layers
# ---------------------------------------------------------------------------------------


def integer_linear(
    xq: np.ndarray, sx: np.ndarray, centered_w: np.ndarray, scales: np.ndarray, group: int
) -> np.ndarray:
    """`tree_sum_g(f32(sum_{i in g} xq*w) * scale[o,g]) * sx[t]` for integer xq, w."""
    tokens, k = xq.shape
    out, groups = scales.shape
    acc = np.einsum(
        "tgi,ogi->tog", xq.reshape(tokens, groups, group), centered_w.reshape(out, groups, group),
        optimize=True,
    )
    partial = acc.astype(F32) * scales[None, :, :]
    return (tree_sum(partial, axis=-1) * sx[:, None]).astype(F32)


@dataclass
class CompressedLinear:
    """A linear layer as the engine stores it (see compression.weight_format)."""

    centered: np.ndarray  # float64 [out, in]: code - zero, 0 at pruned positions
    scales: np.ndarray  # float32 [out, in / group]
    group: int
    bias: np.ndarray | None = None

    def __call__(self, x: np.ndarray, act_bits: int) -> np.ndarray:
        xq, sx = quantize_symmetric(x, act_bits)
        y = integer_linear(xq, sx, self.centered, self.scales, self.group)
        return y if self.bias is None else (y + self.bias).astype(F32)

    @staticmethod
    def from_packed(packed: PackedWeight, bias: np.ndarray | None = None) -> CompressedLinear:
        """From the engine's packed storage (frontend.weight_packing): pruned weights unpack
        to their group's zero point, so their centered value is exactly 0."""
        codes, scales, zeros, _ = unpack(packed)
        group = packed.layout.group
        centered = codes.astype(np.float64) - np.repeat(zeros.astype(np.float64), group, axis=1)
        return CompressedLinear(centered, scales, group, bias)


@dataclass
class FloatLinear:
    weight: np.ndarray  # float32 [out, in]
    bias: np.ndarray | None = None

    def __call__(self, x: np.ndarray, act_bits: int | None) -> np.ndarray:
        if act_bits is not None:
            q, s = quantize_symmetric(x, act_bits)
            x = dequantize_symmetric(q, s)
        y = (x @ self.weight.T).astype(F32)
        return y if self.bias is None else (y + self.bias).astype(F32)


@dataclass
class Int8Head:
    """lm_head with per-vocabulary-row symmetric int8 weights and A8 input."""

    codes: np.ndarray  # float64 integers [vocab, hidden]
    scale: np.ndarray  # float32 [vocab]

    @staticmethod
    def from_float(weight: np.ndarray) -> Int8Head:
        q, s = quantize_symmetric(weight, 8)
        return Int8Head(q, s)

    def __call__(self, x: np.ndarray, act_bits: int | None) -> np.ndarray:
        xq, sx = quantize_symmetric(x, act_bits or 8)
        acc = (xq @ self.codes.T).astype(F32)
        return ((acc * self.scale[None, :]) * sx[:, None]).astype(F32)


# ---------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------


@dataclass
class GoldenLayer:
    input_norm: np.ndarray | None  # the block's RMSNorm weights, None where absent (LayerSpec)
    post_norm: np.ndarray | None
    linears: dict  # q, k, v, o, gate, up, down -> CompressedLinear | FloatLinear
    # RMSNorms of the query and key projections: (weight, groups), see QKNormSpec.
    q_norm: tuple[np.ndarray, int] | None = None
    k_norm: tuple[np.ndarray, int] | None = None
    attn_out_norm: np.ndarray | None = None
    mlp_out_norm: np.ndarray | None = None


@dataclass
class GoldenWeights:
    embedding: np.ndarray
    layers: list[GoldenLayer]
    final_norm: np.ndarray
    lm_head: FloatLinear | Int8Head


@dataclass
class LayerCache:
    """One layer's KV cache, chronological: per cached token its position and its keys and
    values ([kv_heads, head_dim], as codes when the cache is quantized). Λ-attention evicts
    everything but the sinks and the last `window - 1` tokens, so it never holds more than
    `sinks + window` entries."""

    keys: np.ndarray | AsymmetricCodes | None = None
    values: np.ndarray | AsymmetricCodes | None = None
    positions: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    # Per-channel keys: the dequantized keys of completed blocks (rows of unfinished blocks
    # are unused), next to the float16 `keys`.
    block_keys: np.ndarray | None = None

    def append(self, keys, values, positions: np.ndarray) -> None:
        first = self.keys is None
        self.keys = keys if first else _concat([self.keys, keys])
        self.values = values if first else _concat([self.values, values])
        self.positions = np.concatenate([self.positions, positions.astype(np.int64)])
        if isinstance(keys, np.ndarray):
            pad = np.zeros_like(keys)
            self.block_keys = pad if first else np.concatenate([self.block_keys, pad])

    def complete_blocks(self, first_new: int, next_position: int, block: int, bits: int) -> None:
        """Quantize, per KV head and channel, each block of `block` tokens that the tokens
        from `first_new` to `next_position - 1` completed."""
        for start in range((first_new // block) * block, next_position - block + 1, block):
            if start + block > next_position:
                break
            rows = np.searchsorted(self.positions, np.arange(start, start + block))
            codes = quantize_asymmetric(np.transpose(self.keys[rows], (1, 2, 0)), bits)
            self.block_keys[rows] = np.transpose(codes.dequantize(), (2, 0, 1))

    def evict(self, next_position: int, sinks: int, window: int | None) -> None:
        if window is None:
            return
        keep = (self.positions < sinks) | (self.positions > next_position - window)
        if not keep.all():
            self.keys, self.values = _take(self.keys, keep), _take(self.values, keep)
            self.positions = self.positions[keep]
            if self.block_keys is not None:
                self.block_keys = self.block_keys[keep]


@dataclass
class KVCache:
    layers: list[LayerCache]
    length: int = 0  # tokens seen so far (the next token's position)


@dataclass(frozen=True)
class LayerAttention:
    """What one layer's attention runs: its Λ (`window` None: dense causal) and its RoPE
    frequencies (None: no rotation)."""

    sinks: int
    window: int | None
    inv_freq: np.ndarray | None


class GoldenModel:
    """Prefill (`forward`) and one-token decode (`step`) of a (compressed) decoder."""

    def __init__(self, spec: DecoderSpec, weights: GoldenWeights, config: CompressionConfig):
        self.spec = spec
        self.weights = weights
        self.config = config
        self.rope_scaling = F32(spec.rope_scaling)
        self.attention = [
            LayerAttention(*config.attention_lambda(layer.window),
                           None if layer.inv_freq is None else np.asarray(layer.inv_freq, dtype=F32))
            for layer in spec.layers
        ]

    # -- shared pieces ----------------------------------------------------------------

    @property
    def _block_keys(self) -> bool:
        """Per-channel KV4 keys: float16 until their block of kv_key_block tokens completes,
        then quantized per channel over the block (a float KV cache has no blocks)."""
        return self.config.kv_bits is not None and self.config.kv_keys == "per_channel"

    def _activation(self, x: np.ndarray) -> np.ndarray:
        return gate_activation(self.spec.activation)(x)

    def _rmsnorm(self, x: np.ndarray, w: np.ndarray | None) -> np.ndarray:
        """RMSNorm of each row of x; no norm where the block has none (`w` None)."""
        if w is None:
            return x
        mean_square = tree_sum(x * x, axis=-1) / F32(x.shape[-1])
        r = rsqrt_f32(mean_square + F32(self.spec.rms_eps))
        return ((x * r[:, None]) * w).astype(F32)

    def _qk_norm(self, x: np.ndarray, norm: tuple[np.ndarray, int] | None) -> np.ndarray:
        """A query or key projection [T, width] normalized over each of its groups (heads)."""
        if norm is None:
            return x
        w, groups = norm
        return self._rmsnorm(x.reshape(-1, x.shape[-1] // groups), w).reshape(x.shape)

    def _rope(self, x: np.ndarray, positions: np.ndarray, heads: int, inv_freq: np.ndarray | None) -> np.ndarray:
        """Rotate each head of `x` [T, heads*D] at `positions` [T] (not at all without
        frequencies)."""
        if inv_freq is None:
            return x
        angle = positions.astype(F32)[:, None] * inv_freq[None, :]
        sin, cos = sincos_f32(angle)
        cos = np.concatenate([cos, cos], axis=-1) * self.rope_scaling
        sin = np.concatenate([sin, sin], axis=-1) * self.rope_scaling
        t, d = x.shape[0], self.spec.head_dim
        xh = x.reshape(t, heads, d)
        rotated = np.concatenate([-xh[..., d // 2 :], xh[..., : d // 2]], axis=-1)
        out = xh * cos[:, None, :] + rotated * sin[:, None, :]
        return out.reshape(t, heads * d).astype(F32)

    @staticmethod
    def _visible(query_pos: int, lam: LayerAttention) -> np.ndarray:
        """Positions of the keys query `query_pos` reads, chronological."""
        if lam.window is None or query_pos < lam.sinks + lam.window:
            return np.arange(query_pos + 1)
        return np.concatenate(
            [np.arange(lam.sinks), np.arange(query_pos - lam.window + 1, query_pos + 1)]
        )

    def _query_positions(self, query_pos: int, key_pos: np.ndarray, lam: LayerAttention) -> np.ndarray:
        """The position each key's score rotates the query at (RoPE position policy)."""
        if (
            self.config.rope_positions == "cache"
            and lam.window is not None
            and query_pos >= lam.sinks + lam.window
        ):
            capped = lam.sinks + lam.window - 1
            return np.where(key_pos < lam.sinks, capped, query_pos)
        return np.full(key_pos.shape, query_pos)

    def _store_kv(self, k: np.ndarray, v: np.ndarray):
        """Per token and KV head: what the cache holds for keys/values [T, kv_heads*D]."""
        t, hk, d = k.shape[0], self.spec.num_kv_heads, self.spec.head_dim
        k, v = k.reshape(t, hk, d), v.reshape(t, hk, d)
        if self.config.kv_bits is None:
            return k, v
        bits = self.config.kv_bits
        if self.config.kv_keys == "per_channel":
            return fp16(k), quantize_asymmetric(v, bits)
        return quantize_asymmetric(k, bits), quantize_asymmetric(v, bits)

    def _attend(self, q_rows: np.ndarray, keys, values, head: int) -> np.ndarray:
        """One query head against a compact key list. `q_rows` [L, D]: the query rotated for
        each key (rows differ only under the cache position policy)."""
        spec, bits = self.spec, self.config.act_bits
        kv_head = head // (spec.num_heads // spec.num_kv_heads)
        if bits is not None:
            qq, sq = quantize_symmetric(q_rows, bits)
        if isinstance(keys, AsymmetricCodes) and bits is not None:
            dot = np.einsum("ld,ld->l", qq, keys.centered()[:, kv_head, :]).astype(F32)
            scores = (dot * (sq * keys.scale[:, kv_head])) * F32(spec.attention_scale)
        else:
            q = q_rows if bits is None else dequantize_symmetric(qq, sq)
            scores = tree_sum(q * _dequantized(keys)[:, kv_head, :], axis=-1) * F32(spec.attention_scale)
        if spec.attention_softcap is not None:
            scores = softcap_f32(scores, spec.attention_softcap)
        e = exp_f32(scores - np.max(scores))
        p = e / interleaved_sum(e)
        if isinstance(values, AsymmetricCodes) and bits is not None:
            # KV4 x A8 values: per-key weights p * v_scale quantized to A8, integer sum.
            wq, sw = quantize_symmetric((p * values.scale[:, kv_head]).astype(F32), bits)
            acc = wq @ values.centered()[:, kv_head, :]
            return (acc.astype(F32) * sw).astype(F32)
        v = _dequantized(values)[:, kv_head, :]
        return tree_sum((p[:, None] * v).T, axis=-1)

    def _attention(self, q: np.ndarray, positions: np.ndarray, cache: LayerCache, lam: LayerAttention) -> np.ndarray:
        """Each query (at `positions`) against the keys it sees in `cache` under `lam`."""
        heads, d = self.spec.num_heads, self.spec.head_dim
        out = np.zeros((len(positions), heads * d), dtype=F32)
        for row, pos in enumerate(positions):
            key_pos = self._visible(int(pos), lam)
            slots = np.searchsorted(cache.positions, key_pos)
            keys, values = _take(cache.keys, slots), _take(cache.values, slots)
            if self._block_keys:
                # Keys of blocks completed by this query's time are read quantized.
                block = self.config.kv_key_block
                done = (key_pos // block + 1) * block - 1 <= pos
                keys = np.where(done[:, None, None], cache.block_keys[slots], keys)
            q_pos = self._query_positions(int(pos), key_pos, lam)
            distinct, which = np.unique(q_pos, return_inverse=True)
            rotated = self._rope(np.repeat(q[row : row + 1], len(distinct), axis=0), distinct, heads, lam.inv_freq)
            q_rows = rotated.reshape(len(distinct), heads, d)[which]
            for h in range(heads):
                out[row, h * d : (h + 1) * d] = self._attend(q_rows[:, h, :], keys, values, h)
        return out

    def _layer(self, layer: GoldenLayer, lam: LayerAttention, x: np.ndarray, positions: np.ndarray,
               cache: LayerCache):
        cfg, spec = self.config, self.spec
        lin = layer.linears
        h = self._rmsnorm(x, layer.input_norm)
        q = self._qk_norm(lin["q"](h, cfg.act_bits), layer.q_norm)
        k = self._rope(self._qk_norm(lin["k"](h, cfg.act_bits), layer.k_norm), positions, spec.num_kv_heads,
                       lam.inv_freq)
        v = lin["v"](h, cfg.act_bits)
        cache.append(*self._store_kv(k, v), positions)
        if self._block_keys:
            cache.complete_blocks(int(positions[0]), int(positions[-1]) + 1, cfg.kv_key_block, cfg.kv_bits)
        attn = self._attention(q, positions, cache, lam)
        cache.evict(positions[-1] + 1, lam.sinks, lam.window)
        x = (x + self._rmsnorm(lin["o"](attn, cfg.act_bits), layer.attn_out_norm)).astype(F32)
        h = self._rmsnorm(x, layer.post_norm)
        gated = (self._activation(lin["gate"](h, cfg.act_bits)) * lin["up"](h, cfg.act_bits)).astype(F32)
        return (x + self._rmsnorm(lin["down"](gated, cfg.act_bits), layer.mlp_out_norm)).astype(F32)

    # -- entry points ------------------------------------------------------------------

    def new_cache(self) -> KVCache:
        return KVCache([LayerCache() for _ in self.weights.layers])

    def _run(self, ids: np.ndarray, cache: KVCache) -> np.ndarray:
        ids = np.asarray(ids, dtype=np.int64).reshape(-1)
        positions = np.arange(cache.length, cache.length + len(ids))
        x = self.weights.embedding[ids]
        for layer, lam, layer_cache in zip(self.weights.layers, self.attention, cache.layers):
            x = self._layer(layer, lam, x, positions, layer_cache)
        cache.length += len(ids)
        x = self._rmsnorm(x, self.weights.final_norm)
        logits = self.weights.lm_head(x, self.config.act_bits)
        cap = self.spec.final_softcap
        return logits if cap is None else softcap_f32(logits, cap)

    def prefill(self, ids: np.ndarray, cache: KVCache | None = None) -> np.ndarray:
        """Logits [T, vocab] for a prompt; fills `cache` when given."""
        return self._run(ids, cache if cache is not None else self.new_cache())

    def step(self, token: int, cache: KVCache) -> np.ndarray:
        """Logits [vocab] of one decode step after the tokens already in `cache`."""
        return self._run(np.array([token]), cache)[0]


def _concat(chunks: list):
    if isinstance(chunks[0], AsymmetricCodes):
        return AsymmetricCodes(
            np.concatenate([c.codes for c in chunks]),
            np.concatenate([c.zero for c in chunks]),
            np.concatenate([c.scale for c in chunks]),
        )
    return np.concatenate(chunks)


def _dequantized(store) -> np.ndarray:
    return store.dequantize() if isinstance(store, AsymmetricCodes) else store


def _take(store, index: np.ndarray):
    if isinstance(store, AsymmetricCodes):
        return AsymmetricCodes(store.codes[index], store.zero[index], store.scale[index])
    return store[index]


def build_golden_weights(
    spec: DecoderSpec,
    tensors,
    config: CompressionConfig,
    compressed: dict[str, CompressedLinear] | None = None,
) -> GoldenWeights:
    """Assemble the golden model's weights: `tensors` maps checkpoint names to float arrays
    (a SafetensorsWeights works), `compressed` maps weight names of compressed linears to
    their engine storage. Float parts are stored in float16 once anything is compressed."""
    compressed = compressed or {}
    storage = (lambda a: np.asarray(a, dtype=F32)) if config.is_uncompressed else fp16

    def linear(lin) -> CompressedLinear | FloatLinear:
        # Biases are constant vectors, which the engine stores as float16 like the norms.
        bias = None if lin.bias is None else storage(tensors[lin.bias])
        if lin.weight in compressed:
            layer = compressed[lin.weight]
            return CompressedLinear(layer.centered, layer.scales, layer.group, bias)
        return FloatLinear(np.asarray(tensors[lin.weight], dtype=F32), bias)

    def norm(name: str | None) -> np.ndarray | None:
        return None if name is None else storage(tensors[name])

    layers = [
        GoldenLayer(
            norm(layer.input_norm),
            norm(layer.post_norm),
            {name: linear(lin) for name, lin in layer.linears.items()},
            *((storage(tensors[n.weight]), n.groups) if n else None for n in (layer.q_norm, layer.k_norm)),
            norm(layer.attn_out_norm),
            norm(layer.mlp_out_norm),
        )
        for layer in spec.layers
    ]
    head_weight = np.asarray(tensors[spec.lm_head], dtype=F32)
    head = Int8Head.from_float(head_weight) if config.lm_head == "int8" else FloatLinear(
        storage(head_weight)
    )
    return GoldenWeights(storage(tensors[spec.embedding]), layers, storage(tensors[spec.final_norm]), head)
