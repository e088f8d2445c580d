"""A PyTorch decoder that computes what the engine computes, in float with fake quantization.

It mirrors the golden numerics model (frontend/golden.py) operation by operation, but in
batched float32 torch so that it is fast (perplexity over whole test sets, CUDA when available)
and differentiable (recovery fine-tuning with straight-through estimators). Where the golden
model sums integers exactly, this one multiplies dequantized floats: the two agree to float32
rounding, and their perplexities within a fraction of a percent.

Every piece of compression is switchable through `CompressionConfig`: weights (dequantized
codes of a `QuantizedWeight`, with the 2:4 mask and grid fixed while latent weights train),
per-token A8 activations, KV-cache quantization after RoPE, Λ-attention with its RoPE position
policy, and the lm_head format.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import torch
from torch import nn

from accllm.compression.config import CompressionConfig
from accllm.compression.weight_format import QuantizedWeight
from accllm.frontend.decoder_spec import DecoderSpec, LinearSpec

def _softcap(x: torch.Tensor, cap: float | None) -> torch.Tensor:
    """Logit soft-capping `cap * tanh(x / cap)`, or x without a cap."""
    return x if cap is None else torch.tanh(x / cap) * cap


# The gated MLP's activations, by `accllm.activation` name (torch's own, in float).
_ACTIVATIONS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "silu": nn.functional.silu,
    "gelu_tanh": lambda x: nn.functional.gelu(x, approximate="tanh"),
    "gelu_erf": nn.functional.gelu,
}


def ste_round(x: torch.Tensor) -> torch.Tensor:
    """round-half-to-even in the forward pass, identity in the backward pass (plain rounding,
    half the memory traffic, when no gradient is being recorded)."""
    rounded = torch.round(x)
    if not (torch.is_grad_enabled() and x.requires_grad):
        return rounded
    return x + (rounded - x).detach()


def fake_quant_symmetric(x: torch.Tensor, bits: int) -> torch.Tensor:
    """Per-row (last dim) symmetric quantization, as the golden model's A8."""
    qmax = 2 ** (bits - 1) - 1
    scale = x.abs().amax(dim=-1, keepdim=True) / qmax
    safe = torch.where(scale > 0, scale, torch.ones_like(scale))
    q = torch.clamp(ste_round(x / safe), -qmax, qmax)
    return q * scale  # an all-zero row has q == 0 and scale == 0


def fake_quant_key_blocks(k: torch.Tensor, bits: int, block: int) -> torch.Tensor:
    """Per-channel keys: k [B, H, T, D] quantized per channel over blocks of `block`
    tokens (a trailing partial block is padded; its values are never read quantized)."""
    b, h, t, d = k.shape
    padded = -(-t // block) * block
    if padded != t:
        k = torch.cat([k, k[..., -1:, :].expand(b, h, padded - t, d)], dim=2)
    blocks = k.view(b, h, padded // block, block, d).transpose(-1, -2)
    return fake_quant_asymmetric(blocks, bits).transpose(-1, -2).reshape(b, h, padded, d)[:, :, :t]


def quantize_asymmetric_parts(x: torch.Tensor, bits: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-row asymmetric quantization with an integer zero point, as the KV cache:
    (code - zero as floats, straight-through; scale [.., 1])."""
    levels = 2**bits - 1
    lo = torch.clamp(x.amin(dim=-1, keepdim=True), max=0.0)
    hi = torch.clamp(x.amax(dim=-1, keepdim=True), min=0.0)
    scale = (hi - lo) / levels
    scale = torch.where(scale > 0, scale, torch.ones_like(scale))
    zero = torch.clamp(torch.round(-lo / scale), 0, levels).detach()
    q = torch.clamp(ste_round(x / scale) + zero, 0, levels)
    return q - zero, scale


def fake_quant_asymmetric(x: torch.Tensor, bits: int) -> torch.Tensor:
    centered, scale = quantize_asymmetric_parts(x, bits)
    return centered * scale


class QuantLinear(nn.Module):
    """`x @ W^T + b` where W is a float weight or a QuantizedWeight.

    A quantized linear holds only its codes, scales, zero points and mask and dequantizes on
    the fly (two bytes per weight: what bounds the memory of layer-by-layer compression).
    `make_trainable()` adds a float latent weight, initialized to the dequantized codes, that
    the forward pass re-quantizes on the same scales, zero points and mask through a
    straight-through rounding, so training keeps the 2:4 pattern and the 2-bit grid;
    `export()` returns the codes it now rounds to. A float `weight` is taken over, not copied."""

    def __init__(self, weight: torch.Tensor | None, bias: torch.Tensor | None,
                 quant: QuantizedWeight | None = None):
        super().__init__()
        self.spec = None if quant is None else quant.spec
        self.bias = None if bias is None else nn.Parameter(bias.float().clone(), requires_grad=False)
        self.latent: nn.Parameter | None = None
        if quant is None:
            self.weight = nn.Parameter(weight.float())
            return
        # Scales and zero points stay per group, [out, in / group, 1], against the codes
        # viewed as [out, in / group, group]: no per-weight copies are held.
        self.register_buffer("codes", quant.codes)
        self.register_buffer("scales", quant.scales.float()[..., None])
        self.register_buffer("zeros", quant.zeros.float()[..., None])
        self.register_buffer("mask", quant.mask)

    def _grouped(self, t: torch.Tensor) -> torch.Tensor:
        out_f, in_f = t.shape
        return t.view(out_f, in_f // self.spec.group, self.spec.group)

    def _dequantized(self) -> torch.Tensor:
        """(code - zero) * scale, exactly 0 where pruned (pruned codes equal the zero point)."""
        return ((self._grouped(self.codes).float() - self.zeros) * self.scales).view(self.codes.shape)

    def make_trainable(self) -> nn.Parameter:
        """Add (once) and return the latent weight that recovery fine-tuning trains."""
        if self.latent is None:
            self.latent = nn.Parameter(self._dequantized())
        return self.latent

    def _latent_codes(self, rounding) -> torch.Tensor:
        codes = torch.clamp(rounding(self._grouped(self.latent) / self.scales) + self.zeros, 0, self.spec.maxq)
        return torch.where(self._grouped(self.mask), codes, self.zeros)

    def effective_weight(self) -> torch.Tensor:
        if self.spec is None:
            return self.weight
        if self.latent is None:
            return self._dequantized()
        return ((self._latent_codes(ste_round) - self.zeros) * self.scales).view(self.codes.shape)

    def export(self) -> QuantizedWeight | torch.Tensor:
        """The (trained) weight in its storage format."""
        with torch.no_grad():
            if self.spec is None:
                return self.weight.detach().clone()
            codes = self.codes if self.latent is None else self._latent_codes(torch.round).view(self.codes.shape)
            return QuantizedWeight(
                codes.to(torch.uint8).cpu(), self.scales[..., 0].cpu(),
                self.zeros[..., 0].to(torch.uint8).cpu(), self.mask.cpu(), self.spec,
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return nn.functional.linear(x, self.effective_weight(), self.bias)


def _append_to_cache(cache: dict, index: int, k: torch.Tensor, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Layer `index`'s keys and values so far, this call's [B, Hk, T, D] appended: buffers
    that double when full, so a token a step costs no copy of the cache."""
    keys, values, filled = cache.get(index, (k[:, :, :0], v[:, :, :0], 0))
    need = filled + k.shape[2]
    if need > keys.shape[2]:
        capacity = max(need, 2 * keys.shape[2])
        grown = [t.new_empty(*t.shape[:2], capacity, t.shape[3]) for t in (keys, values)]
        for new, old in zip(grown, (keys, values)):
            new[:, :, :filled] = old[:, :, :filled]
        keys, values = grown
    keys[:, :, filled:need] = k
    values[:, :, filled:need] = v
    cache[index] = (keys, values, need)
    return keys[:, :, :need], values[:, :, :need]


class FakeQuantDecoder(nn.Module):
    """The decoder of a DecoderSpec with compression as in `config`."""

    def __init__(
        self,
        spec: DecoderSpec,
        tensors: Mapping[str, np.ndarray | torch.Tensor],
        config: CompressionConfig,
        quantized: Mapping[str, QuantizedWeight] | None = None,
        *,
        lazy_layers: bool = False,
    ):
        """With `lazy_layers`, a layer's weights are read from `tensors` when it first runs
        and can be dropped with `release_layer`: layer-by-layer compression then holds one
        layer at a time, whatever the model size."""
        super().__init__()
        self.spec, self.config = spec, config
        quantized = quantized or {}
        store = (lambda t: t) if config.is_uncompressed else (lambda t: t.half().float())

        def tensor(name: str) -> torch.Tensor:
            """A fresh float32 copy (never a view of a memory-mapped checkpoint)."""
            return torch.from_numpy(np.array(tensors[name], dtype=np.float32, copy=True))

        def linear(lin: LinearSpec) -> QuantLinear:
            bias = None if lin.bias is None else tensor(lin.bias)
            quant = quantized.get(lin.weight)
            return QuantLinear(None if quant else tensor(lin.weight), bias, quant)

        self.embedding = nn.Parameter(store(tensor(spec.embedding)), requires_grad=False)
        def build_layer(index: int) -> nn.ModuleDict:
            layer = spec.layers[index]
            module = nn.ModuleDict({name: linear(lin) for name, lin in layer.linears.items()})
            for name in ("input_norm", "post_norm", "attn_out_norm", "mlp_out_norm"):
                weight = getattr(layer, name)
                module.register_buffer(name, None if weight is None else store(tensor(weight)))
            for name, norm in (("q_norm", layer.q_norm), ("k_norm", layer.k_norm)):
                module.register_buffer(name, None if norm is None else store(tensor(norm.weight)))
            return module.to(self.embedding.device)

        self._build_layer = build_layer
        self.layers = nn.ModuleList([None if lazy_layers else build_layer(i) for i in range(len(spec.layers))])
        self.register_buffer("final_norm", store(tensor(spec.final_norm)))
        head = tensor(spec.lm_head)
        if config.lm_head == "int8":
            scale = head.abs().amax(dim=1, keepdim=True) / 127
            head = torch.clamp(torch.round(head / scale), -127, 127) * scale
        else:
            head = store(head)
        self.register_buffer("lm_head", head)
        # Per layer: RoPE frequencies (a row of zeros where a layer has none) and Λ.
        half = spec.head_dim // 2
        inv_freq = [layer.inv_freq or (0.0,) * half for layer in spec.layers]
        self.register_buffer("inv_freq", torch.tensor(inv_freq, dtype=torch.float32).reshape(len(inv_freq), half))
        self.lambdas = [config.attention_lambda(layer.window) for layer in spec.layers]
        # Called with (layer index, linear name, its input) when set: calibration hooks.
        self.capture: Callable[[int, str, torch.Tensor], None] | None = None

    # -- pieces ---------------------------------------------------------------------

    def _act(self, x: torch.Tensor) -> torch.Tensor:
        bits = self.config.act_bits
        return x if bits is None else fake_quant_symmetric(x, bits)

    def _linear(self, index: int, name: str, x: torch.Tensor) -> torch.Tensor:
        x = self._act(x)
        if self.capture is not None:
            self.capture(index, name, x)
        return self.layer_module(index)[name](x)

    def _rmsnorm(self, x: torch.Tensor, w: torch.Tensor | None) -> torch.Tensor:
        """RMSNorm over the last dimension; no norm where the block has none (`w` None)."""
        if w is None:
            return x
        variance = x.pow(2).mean(-1, keepdim=True)
        return w * (x * torch.rsqrt(variance + self.spec.rms_eps))

    def _qk_norm(self, x: torch.Tensor, w: torch.Tensor | None, norm) -> torch.Tensor:
        """A query or key projection [B, T, width] normalized over each of its groups (heads)."""
        if norm is None:
            return x
        return self._rmsnorm(x.unflatten(-1, (norm.groups, -1)), w).flatten(-2)

    def _rotate(self, x: torch.Tensor, positions: torch.Tensor, index: int) -> torch.Tensor:
        """RoPE of x [B, heads, T, D] at `positions` [T] with layer `index`'s frequencies
        (none where the layer has no RoPE)."""
        if not self.spec.layers[index].rope:
            return x
        freqs = positions.float()[:, None] * self.inv_freq[index][None, :]
        emb = torch.cat([freqs, freqs], dim=-1)
        cos, sin = emb.cos() * self.spec.rope_scaling, emb.sin() * self.spec.rope_scaling
        half = x.shape[-1] // 2
        rotated = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
        return x * cos + rotated * sin

    def _allowed(self, positions: torch.Tensor, key_positions: torch.Tensor, index: int) -> torch.Tensor:
        sinks, window = self.lambdas[index]
        i = positions[:, None]
        j = key_positions[None, :]
        allowed = j <= i
        if window is not None:
            allowed &= (j < sinks) | (j > i - window)
        return allowed

    def _scores(self, q: torch.Tensor, k, positions: torch.Tensor, keys: int | None = None) -> torch.Tensor:
        """q.k^T * scale against the first `keys` keys (all by default); with per-channel
        keys `k` is (float16 keys, block-quantized keys) and a key is read quantized once its
        block is complete at the query's time."""
        scale = self.spec.attention_scale
        k = tuple(t[..., :keys, :] for t in k) if isinstance(k, tuple) else k[..., :keys, :]
        if not isinstance(k, tuple):
            return _softcap(torch.matmul(q, k.transpose(-1, -2)) * scale, self.spec.attention_softcap)
        recent, blocked = k
        block = self.config.kv_key_block
        key_positions = positions[: recent.shape[-2]]
        done = ((key_positions[None, :] // block + 1) * block - 1) <= positions[:, None]
        s_recent = torch.matmul(q, recent.transpose(-1, -2))
        s_blocked = torch.matmul(q, blocked.transpose(-1, -2))
        return _softcap(torch.where(done, s_blocked, s_recent) * scale, self.spec.attention_softcap)

    def _attention(self, q, k, v, positions, key_positions, index: int) -> torch.Tensor:
        """Layer `index`'s attention: q [B, H, T, D] unrotated, at `positions`; k [B, Hk, K, D] rotated and
        cache-quantized, at `key_positions` (from 0); v idem, or (centered codes, scales
        [B, Hk, K, 1]) when values are integers for the engine."""
        spec, cfg = self.spec, self.config
        # GQA by broadcasting: a KV head's query heads as a dimension of their own,
        # [B, Hk, rep, T, D] against [B, Hk, 1, K, D], so the cache is never copied per head.
        b, heads, t, d = q.shape
        q = q.view(b, spec.num_kv_heads, heads // spec.num_kv_heads, t, d)
        k = tuple(x.unsqueeze(2) for x in k) if isinstance(k, tuple) else k.unsqueeze(2)
        v = tuple(x.unsqueeze(2) for x in v) if isinstance(v, tuple) else v.unsqueeze(2)
        sinks, window = self.lambdas[index]
        q_orig = self._act(self._rotate(q, positions, index))
        scores = self._scores(q_orig, k, positions)
        if window is not None and cfg.rope_positions == "cache" and sinks > 0:
            capped = torch.clamp(positions, max=sinks + window - 1)
            q_cap = self._act(self._rotate(q, capped, index))
            sink_scores = self._scores(q_cap, k, positions, keys=sinks)
            scores = torch.cat([sink_scores, scores[..., sinks:]], dim=-1)
        allowed = self._allowed(positions, key_positions, index)
        scores = scores.masked_fill(~allowed, float("-inf"))
        probs = torch.softmax(scores, dim=-1)
        if isinstance(v, tuple):
            # Integer values: the weights p * v_scale per key are A8-quantized per query
            # row, then multiply the centered value codes (the engine's KV4 x A8 mode).
            centered, scale = v
            return torch.matmul(self._act(probs * scale.transpose(-1, -2)), centered).flatten(1, 2)
        return torch.matmul(probs, v).flatten(1, 2)

    def layer_module(self, index: int) -> nn.ModuleDict:
        if self.layers[index] is None:
            self.layers[index] = self._build_layer(index)
        return self.layers[index]

    def release_layer(self, index: int) -> None:
        self.layers[index] = None

    def _layer(self, index: int, x: torch.Tensor, positions: torch.Tensor, cache: dict | None = None) -> torch.Tensor:
        """One decoder layer on x [B, T, hidden] at `positions`; with `cache` (float keys and
        values only), the keys and values of the earlier positions come from it and this
        call's are added to it."""
        spec, cfg = self.spec, self.config
        layer = self.layer_module(index)
        b, t, _ = x.shape
        h = self._rmsnorm(x, layer.input_norm)
        q = self._qk_norm(self._linear(index, "q", h), layer.q_norm, spec.layers[index].q_norm)
        k = self._qk_norm(self._linear(index, "k", h), layer.k_norm, spec.layers[index].k_norm)
        q = q.view(b, t, spec.num_heads, spec.head_dim).transpose(1, 2)
        k = k.view(b, t, spec.num_kv_heads, spec.head_dim).transpose(1, 2)
        v = self._linear(index, "v", h).view(b, t, spec.num_kv_heads, spec.head_dim).transpose(1, 2)
        k = self._rotate(k, positions, index)
        if cfg.kv_bits is not None:
            v = quantize_asymmetric_parts(v, cfg.kv_bits)
            if cfg.act_bits is None:
                v = v[0] * v[1]
            if cfg.kv_keys == "per_channel":
                recent = k.half().float()
                k = (recent, fake_quant_key_blocks(recent, cfg.kv_bits, cfg.kv_key_block))
            else:
                k = fake_quant_asymmetric(k, cfg.kv_bits)
        key_positions = positions
        if cache is not None:
            k, v = _append_to_cache(cache, index, k, v)
            key_positions = torch.arange(k.shape[2], device=x.device)
        attn = self._attention(q, k, v, positions, key_positions, index).transpose(1, 2).reshape(b, t, -1)
        x = x + self._rmsnorm(self._linear(index, "o", attn), layer.attn_out_norm)
        h = self._rmsnorm(x, layer.post_norm)
        gated = _ACTIVATIONS[self.spec.activation](self._linear(index, "gate", h)) * self._linear(index, "up", h)
        return x + self._rmsnorm(self._linear(index, "down", gated), layer.mlp_out_norm)

    # -- entry points ------------------------------------------------------------------

    def embed(self, ids: torch.Tensor) -> torch.Tensor:
        return self.embedding[ids]

    def run_layers(self, x: torch.Tensor, start: int = 0, stop: int | None = None) -> torch.Tensor:
        positions = torch.arange(x.shape[1], device=x.device)
        for index in range(start, len(self.layers) if stop is None else stop):
            x = self._layer(index, x, positions)
        return x

    def head(self, x: torch.Tensor) -> torch.Tensor:
        x = self._rmsnorm(x, self.final_norm)
        if self.config.lm_head == "int8":
            x = fake_quant_symmetric(x, self.config.act_bits or 8)
        return _softcap(torch.matmul(x, self.lm_head.T), self.spec.final_softcap)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        """Logits [B, T, vocab] of token ids [B, T] (each row a sequence from position 0)."""
        return self.head(self.run_layers(self.embed(ids)))

    def extend(self, ids: torch.Tensor, cache: dict) -> torch.Tensor:
        """Logits [B, T, vocab] of token ids [B, T] that continue the sequences whose keys
        and values `cache` holds (empty: from position 0), and those of `ids` added to it:
        generation in linear time. Float KV caches only (a quantized cache's keys depend on
        the tokens after them, per block)."""
        if self.config.kv_bits is not None:
            raise ValueError("extend() needs a float KV cache (kv_bits None)")
        start = cache[0][2] if 0 in cache else 0
        x = self.embed(ids)
        positions = torch.arange(start, start + ids.shape[1], device=x.device)
        for index in range(len(self.layers)):
            x = self._layer(index, x, positions, cache)
        return self.head(x)

    def quantized_weights(self) -> dict[str, QuantizedWeight | torch.Tensor]:
        """Every linear's weight in its storage format, by checkpoint name."""
        out = {}
        for index, layer_spec in enumerate(self.spec.layers):
            module = self.layer_module(index)
            for name, lin in layer_spec.linears.items():
                out[lin.weight] = module[name].export()
        return out

