"""The float-mode reference interpreter (`accllm.interpreter`) against independent torch /
HF transformers implementations: each op on its own, then a whole 1-layer LlamaForCausalLM."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from transformers import LlamaConfig, LlamaForCausalLM
from transformers.models.llama.modeling_llama import (
    LlamaRMSNorm,
    LlamaRotaryEmbedding,
    apply_rotary_pos_emb,
)
from xdsl.context import Context
from xdsl.dialects.builtin import Builtin, ModuleOp
from xdsl.dialects.func import Func
from xdsl.interpreter import Interpreter
from xdsl.interpreters.func import FuncFunctions
from xdsl.parser import Parser
from xdsl.utils.exceptions import InterpretationError

from accllm.dialects.accllm import ACCLLM
from accllm.interpreter import AccllmFunctions, run_forward


def parse(text: str) -> ModuleOp:
    ctx = Context()
    for dialect in (Builtin, Func, ACCLLM):
        ctx.load_dialect(dialect)
    module = Parser(ctx, text).parse_module()
    module.verify()
    return module


def run(text: str, *args: np.ndarray, weights: dict[str, np.ndarray] | None = None):
    """Run @f of `text` on `args` with the accllm interpreter functions."""
    interpreter = Interpreter(parse(text))
    interpreter.register_implementations(FuncFunctions())
    interpreter.register_implementations(AccllmFunctions(weights or {}))
    (result,) = interpreter.call_op("f", args)
    return result


def f32(shape: tuple[int, ...], seed: int = 0, std: float = 1.0) -> np.ndarray:
    return (np.random.default_rng(seed).standard_normal(shape) * std).astype(np.float32)


def ty(shape: tuple[int, ...], elt: str = "f32") -> str:
    return f"tensor<{'x'.join(map(str, shape))}x{elt}>"


def close(actual: np.ndarray, expected: torch.Tensor | np.ndarray, rtol=1e-5, atol=1e-6):
    assert actual.dtype == np.float32
    if isinstance(expected, torch.Tensor):
        expected = expected.detach().numpy()
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)


def flt(value: float) -> str:
    """An MLIR float literal that round-trips the value (MLIR needs the `.`: not `1e-06`)."""
    return f"{float(value):.17e}"


def farray(values) -> str:
    return "array<f32: " + ", ".join(flt(v) for v in values) + ">"


# --------------------------------------------------------------------------------------
# Single ops
# --------------------------------------------------------------------------------------


def test_embedding():
    table, ids = f32((50, 16)), np.random.default_rng(1).integers(0, 50, (2, 7))
    out = run(
        f"""func.func @f(%t: {ty((50, 16))}, %ids: {ty((2, 7), 'i64')}) -> {ty((2, 7, 16))} {{
          %e = accllm.embedding %t[%ids] : {ty((50, 16))}, {ty((2, 7), 'i64')} -> {ty((2, 7, 16))}
          func.return %e : {ty((2, 7, 16))}
        }}""",
        table,
        ids,
    )
    close(out, F.embedding(torch.from_numpy(ids), torch.from_numpy(table)), rtol=0, atol=0)


def test_rmsnorm_matches_llama_rmsnorm():
    x, w = f32((2, 9, 48), 0, std=3.0), f32((48,), 1)
    ref = LlamaRMSNorm(48, eps=1e-5)
    with torch.no_grad():
        ref.weight.copy_(torch.from_numpy(w))
    t = ty((2, 9, 48))
    out = run(
        f"""func.func @f(%x: {t}, %w: tensor<48xf32>) -> {t} {{
          %y = accllm.rmsnorm %x, %w eps 1.0e-05 : {t}, tensor<48xf32> -> {t}
          func.return %y : {t}
        }}""",
        x,
        w,
    )
    close(out, ref(torch.from_numpy(x)))


@pytest.mark.parametrize(
    "rope_parameters",
    [
        {"rope_type": "default", "rope_theta": 10000.0},
        # yarn: attention_scaling != 1, so the rope_freqs `scaling` must reach the rope op.
        {
            "rope_type": "yarn",
            "rope_theta": 500000.0,
            "factor": 4.0,
            "original_max_position_embeddings": 128,
        },
    ],
    ids=["default", "yarn"],
)
def test_rope_matches_hf(rope_parameters):
    heads, kv_heads, head_dim, seq = 4, 2, 16, 300
    config = LlamaConfig(
        hidden_size=heads * head_dim,
        num_attention_heads=heads,
        num_key_value_heads=kv_heads,
        max_position_embeddings=512,
        rope_parameters=rope_parameters,
    )
    rotary = LlamaRotaryEmbedding(config)
    inv_freq = rotary.inv_freq.numpy()
    scaling = float(rotary.attention_scaling)
    if rope_parameters["rope_type"] == "yarn":
        assert scaling != 1.0
    q, k = f32((2, seq, heads * head_dim), 0), f32((2, seq, kv_heads * head_dim), 1)

    tq, tk, tf = ty((2, seq, heads * head_dim)), ty((2, seq, kv_heads * head_dim)), ty((8,))
    out_q, out_k = (
        run(
            f"""func.func @f(%x: {t}) -> {t} {{
              %fr = accllm.rope_freqs {farray(inv_freq)} scaling {flt(scaling)} : {tf}
              %y = accllm.rope %x, %fr heads {h} : {t}, {tf} -> {t}
              func.return %y : {t}
            }}""",
            x,
        )
        for x, t, h in ((q, tq, heads), (k, tk, kv_heads))
    )

    def to_heads(x: np.ndarray, h: int) -> torch.Tensor:
        return torch.from_numpy(x).view(2, seq, h, head_dim).transpose(1, 2)

    qh, kh = to_heads(q, heads), to_heads(k, kv_heads)
    cos, sin = rotary(qh, torch.arange(seq)[None].expand(2, -1))
    ref_q, ref_k = apply_rotary_pos_emb(qh, kh, cos, sin)
    close(out_q, ref_q.transpose(1, 2).reshape(2, seq, -1), atol=1e-5)
    close(out_k, ref_k.transpose(1, 2).reshape(2, seq, -1), atol=1e-5)


def test_rope_needs_rope_freqs_producer():
    t, tf = ty((1, 3, 8)), ty((2,))
    with pytest.raises(InterpretationError, match="accllm.rope_freqs"):
        run(
            f"""func.func @f(%x: {t}, %fr: {tf}) -> {t} {{
              %y = accllm.rope %x, %fr heads 2 : {t}, {tf} -> {t}
              func.return %y : {t}
            }}""",
            f32((1, 3, 8)),
            np.ones(2, np.float32),
        )


@pytest.mark.parametrize("with_bias", [False, True])
def test_linear_ignores_storage_attributes(with_bias):
    x, w, b = f32((2, 5, 32)), f32((24, 32), 1), f32((24,), 2)
    tx, ty_ = ty((2, 5, 32)), ty((2, 5, 24))
    bias = "bias %b " if with_bias else ""
    btype = ", tensor<24xf32>" if with_bias else ""
    out = run(
        f"""func.func @f(%x: {tx}) -> {ty_} {{
          %w = accllm.weight "w" : tensor<24x32xf32>
          %b = accllm.weight "b" : tensor<24xf32>
          %y = accllm.linear %x, %w {bias}quant <bits = 4, group = 16, asym> sparsity <2, 4>
              : ({tx}, tensor<24x32xf32>{btype}) -> {ty_}
          func.return %y : {ty_}
        }}""",
        x,
        weights={"w": w, "b": b},
    )
    bias_t = torch.from_numpy(b) if with_bias else None
    ref = F.linear(torch.from_numpy(x), torch.from_numpy(w), bias_t)
    close(out, ref)


def test_lm_head():
    x, w = f32((1, 6, 32)), f32((100, 32), 1)
    out = run(
        f"""func.func @f(%x: {ty((1, 6, 32))}) -> {ty((1, 6, 100))} {{
          %w = accllm.weight "lm_head.weight" : tensor<100x32xf32>
          %y = accllm.lm_head %x, %w quant <bits = 8, group = 32, sym>
              : ({ty((1, 6, 32))}, tensor<100x32xf32>) -> {ty((1, 6, 100))}
          func.return %y : {ty((1, 6, 100))}
        }}""",
        x,
        weights={"lm_head.weight": w},
    )
    close(out, torch.from_numpy(x) @ torch.from_numpy(w).T)


def quantize_ir(bits: int, shape: tuple[int, ...]) -> str:
    t = ty(shape)
    return f"""func.func @f(%x: {t}) -> {t} {{
      %y = accllm.quantize %x bits {bits} : {t} -> {t}
      func.return %y : {t}
    }}"""


@pytest.mark.parametrize("bits", [2, 4, 8, 16])
def test_quantize_matches_torch_fake_quant(bits):
    x = f32((2, 5, 40), bits)
    x[1, 3] = 0.0  # an all-zero token keeps scale 0 and stays 0
    out = run(quantize_ir(bits, x.shape), x)

    xt = torch.from_numpy(x)
    qmax = 2 ** (bits - 1) - 1
    scale = xt.abs().amax(dim=-1, keepdim=True) / qmax
    ref = torch.clamp(torch.round(xt / scale), -qmax, qmax) * scale  # round: half to even
    ref = torch.where(scale == 0, torch.zeros_like(xt), ref)
    close(out, ref, rtol=0, atol=0)
    assert not out[1, 3].any()
    assert len(np.unique(out[0, 0])) <= 2 * qmax + 1


def test_quantize_rounds_half_to_even():
    # qmax = 7 and max |x| = 7, so scale = 1 and x / scale hits exact .5 ties.
    x = np.array([[[7.0, 0.5, 1.5, 2.5, -0.5, -2.5, -3.5, 0.0]]], np.float32)
    out = run(quantize_ir(4, x.shape), x)
    np.testing.assert_array_equal(out, [[[7, 0, 2, 2, 0, -2, -4, 0]]])


def attention_ir(shape_q, shape_k, heads, kv_heads, scale, mask, kv_cache=""):
    tq, tk = ty(shape_q), ty(shape_k)
    return f"""func.func @f(%q: {tq}, %k: {tk}, %v: {tk}) -> {tq} {{
      %a = accllm.attention %q, %k, %v heads {heads} kv_heads {kv_heads} scale {flt(scale)}
          mask {mask} {kv_cache}: ({tq}, {tk}, {tk}) -> {tq}
      func.return %a : {tq}
    }}"""


def reference_mask(seq: int, sinks: int | None, window: int | None) -> torch.Tensor:
    """Boolean [seq, seq]: query i sees key j (written out from the dialect's definition)."""
    allowed = torch.zeros(seq, seq, dtype=torch.bool)
    for i in range(seq):
        for j in range(i + 1):
            allowed[i, j] = sinks is None or j < sinks or i - window < j
    return allowed


@pytest.mark.parametrize(
    "heads, kv_heads, sinks, window, kv_cache",
    [
        (4, 4, None, None, ""),
        (4, 2, None, None, ""),
        (6, 2, None, None, "kv_cache <bits = 4, keys = per_channel> "),
        (4, 1, 2, 5, ""),
        (4, 2, 4, 8, "kv_cache <bits = 2, keys = per_token> "),
        (4, 2, 0, 1, ""),
    ],
)
def test_attention_matches_sdpa(heads, kv_heads, sinks, window, kv_cache):
    batch, seq, head_dim = 2, 23, 8
    scale = head_dim**-0.5
    q = f32((batch, seq, heads * head_dim), 0, std=2.0)
    k = f32((batch, seq, kv_heads * head_dim), 1, std=2.0)
    v = f32((batch, seq, kv_heads * head_dim), 2)
    if sinks is None:
        mask = "#accllm.causal"
    else:
        mask = f"#accllm.lambda<sinks = {sinks}, window = {window}>"
    ir = attention_ir(q.shape, k.shape, heads, kv_heads, scale, mask, kv_cache)
    out = run(ir, q, k, v)

    def to_heads(x: np.ndarray, h: int) -> torch.Tensor:
        return torch.from_numpy(x).view(batch, seq, h, head_dim).transpose(1, 2)

    group = heads // kv_heads
    kh = to_heads(k, kv_heads).repeat_interleave(group, dim=1)  # query head h -> kv h // group
    vh = to_heads(v, kv_heads).repeat_interleave(group, dim=1)
    ref = F.scaled_dot_product_attention(
        to_heads(q, heads), kh, vh, attn_mask=reference_mask(seq, sinks, window), scale=scale
    )
    close(out, ref.transpose(1, 2).reshape(batch, seq, heads * head_dim), atol=1e-5)


def test_lambda_mask_pattern():
    # With q = 0 every visible key gets the same weight; v = identity reads the weights out.
    seq = 7
    q = np.zeros((1, seq, seq), np.float32)
    v = np.eye(seq, dtype=np.float32)[None]
    out = run(
        attention_ir(q.shape, v.shape, 1, 1, 1.0, "#accllm.lambda<sinks = 2, window = 3>"), q, v, v
    )
    expected = np.array(
        [
            [1, 0, 0, 0, 0, 0, 0],
            [1, 1, 0, 0, 0, 0, 0],
            [1, 1, 1, 0, 0, 0, 0],
            [1, 1, 1, 1, 0, 0, 0],
            [1, 1, 1, 1, 1, 0, 0],
            [1, 1, 0, 1, 1, 1, 0],
            [1, 1, 0, 0, 1, 1, 1],
        ],
        bool,
    )
    np.testing.assert_array_equal(out[0] > 0, expected)
    np.testing.assert_allclose(out[0].sum(-1), 1.0, rtol=1e-6)


def test_gated_mul_and_add():
    g, u = f32((2, 5, 64), 0, std=8.0), f32((2, 5, 64), 1)
    g[0, 0, :4] = [-200.0, -90.0, 90.0, 0.0]  # exp overflow must give silu = 0, not nan
    t = ty(g.shape)
    out = run(
        f"""func.func @f(%g: {t}, %u: {t}) -> {t} {{
          %s = accllm.gated_mul silu %g, %u : {t}, {t} -> {t}
          %r = accllm.add %s, %u : {t}, {t} -> {t}
          func.return %r : {t}
        }}""",
        g,
        u,
    )
    gt, ut = torch.from_numpy(g), torch.from_numpy(u)
    close(out, F.silu(gt) * ut + ut)


# --------------------------------------------------------------------------------------
# run_forward and its errors
# --------------------------------------------------------------------------------------

TINY = """func.func @forward(%ids: tensor<1x?xi64>) -> tensor<1x?x8xf32> {
  %t = accllm.weight "embed" : tensor<10x8xf32>
  %x = accllm.embedding %t[%ids] : tensor<10x8xf32>, tensor<1x?xi64> -> tensor<1x?x8xf32>
  %w = accllm.weight "norm" : tensor<8xf32>
  %n = accllm.rmsnorm %x, %w eps 1.0e-06 : tensor<1x?x8xf32>, tensor<8xf32> -> tensor<1x?x8xf32>
  func.return %n : tensor<1x?x8xf32>
}"""


class CountingWeights(dict):
    """A mapping that records which names were read (as a lazy safetensors reader would)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reads: list[str] = []

    def __getitem__(self, name):
        self.reads.append(name)
        return super().__getitem__(name)


def test_run_forward_reads_only_used_weights():
    weights = CountingWeights(
        embed=f32((10, 8)).astype(np.float64), norm=np.ones(8), unused=np.zeros(3)
    )
    out = run_forward(parse(TINY), weights, np.array([[1, 2, 3]]))
    assert out.shape == (1, 3, 8) and out.dtype == np.float32
    assert sorted(weights.reads) == ["embed", "norm"]


def test_missing_weight():
    with pytest.raises(InterpretationError, match=r'accllm.weight "norm": no weight named "norm"'):
        run_forward(parse(TINY), {"embed": f32((10, 8))}, np.array([[1, 2]]))


def test_weight_of_wrong_shape():
    weights = {"embed": f32((10, 8)), "norm": np.ones(9, np.float32)}
    with pytest.raises(
        InterpretationError,
        match=r'accllm.weight "norm": weight "norm" has shape \[9\], but the IR declares '
        r"tensor<8xf32>",
    ):
        run_forward(parse(TINY), weights, np.array([[1, 2]]))


def test_bad_inputs():
    weights = {"embed": f32((10, 8)), "norm": np.ones(8, np.float32)}
    with pytest.raises(InterpretationError, match="token ids must be in"):
        run_forward(parse(TINY), weights, np.array([[1, 10]]))
    with pytest.raises(InterpretationError, match="do not match @forward's argument"):
        run_forward(parse(TINY), weights, np.array([[1, 2], [3, 4]]))
    with pytest.raises(InterpretationError, match="must be integers"):
        run_forward(parse(TINY), weights, np.array([[1.0, 2.0]]))
    with pytest.raises(InterpretationError, match="Could not find symbol"):
        run_forward(parse(TINY), weights, np.array([[1, 2]]), func_name="nope")


# --------------------------------------------------------------------------------------
# Whole model: a 1-layer LlamaForCausalLM against HF transformers
# --------------------------------------------------------------------------------------


def llama_ir(config: LlamaConfig, inv_freq: np.ndarray, scaling: float) -> str:
    """The accllm IR of a 1-layer LlamaForCausalLM, written out by hand."""
    hidden, inter, vocab = config.hidden_size, config.intermediate_size, config.vocab_size
    heads, kv_heads = config.num_attention_heads, config.num_key_value_heads
    head_dim = hidden // heads
    kv = kv_heads * head_dim
    eps = config.rms_norm_eps
    act = f"tensor<?x?x{hidden}xf32>"
    kvt = f"tensor<?x?x{kv}xf32>"
    mid = f"tensor<?x?x{inter}xf32>"
    fr = f"tensor<{len(inv_freq)}xf32>"
    p = "model.layers.0."
    attn_bias = config.attention_bias

    def proj(result: str, x: str, name: str, out: int, inp: int, xt: str, yt: str) -> str:
        w = f"""  %{result}_w = accllm.weight "{name}.weight" : tensor<{out}x{inp}xf32>\n"""
        if attn_bias and ".self_attn." in name:
            w += f"""  %{result}_b = accllm.weight "{name}.bias" : tensor<{out}xf32>\n"""
            return w + (
                f"  %{result} = accllm.linear %{x}, %{result}_w bias %{result}_b : "
                f"({xt}, tensor<{out}x{inp}xf32>, tensor<{out}xf32>) -> {yt}\n"
            )
        return w + (
            f"  %{result} = accllm.linear %{x}, %{result}_w : "
            f"({xt}, tensor<{out}x{inp}xf32>) -> {yt}\n"
        )

    def norm(result: str, x: str, name: str) -> str:
        return (
            f'  %{result}_w = accllm.weight "{name}" : tensor<{hidden}xf32>\n'
            f"  %{result} = accllm.rmsnorm %{x}, %{result}_w eps {flt(eps)} : "
            f"{act}, tensor<{hidden}xf32> -> {act}\n"
        )

    return (
        f"func.func @forward(%ids: tensor<?x?xi64>) -> tensor<?x?x{vocab}xf32> {{\n"
        f'  %emb = accllm.weight "model.embed_tokens.weight" : tensor<{vocab}x{hidden}xf32>\n'
        f"  %x0 = accllm.embedding %emb[%ids] : tensor<{vocab}x{hidden}xf32>, "
        f"tensor<?x?xi64> -> {act}\n"
        f"  %freqs = accllm.rope_freqs {farray(inv_freq)} scaling {flt(scaling)} : {fr}\n"
        + norm("h", "x0", p + "input_layernorm.weight")
        + proj("q", "h", p + "self_attn.q_proj", hidden, hidden, act, act)
        + proj("k", "h", p + "self_attn.k_proj", kv, hidden, act, kvt)
        + proj("v", "h", p + "self_attn.v_proj", kv, hidden, act, kvt)
        + f"  %qr = accllm.rope %q, %freqs heads {heads} : {act}, {fr} -> {act}\n"
        + f"  %kr = accllm.rope %k, %freqs heads {kv_heads} : {kvt}, {fr} -> {kvt}\n"
        + f"  %a = accllm.attention %qr, %kr, %v heads {heads} kv_heads {kv_heads} "
        f"scale {flt(head_dim**-0.5)} mask #accllm.causal : ({act}, {kvt}, {kvt}) -> {act}\n"
        + proj("o", "a", p + "self_attn.o_proj", hidden, hidden, act, act)
        + f"  %x1 = accllm.add %x0, %o : {act}, {act} -> {act}\n"
        + norm("h2", "x1", p + "post_attention_layernorm.weight")
        + proj("g", "h2", p + "mlp.gate_proj", inter, hidden, act, mid)
        + proj("u", "h2", p + "mlp.up_proj", inter, hidden, act, mid)
        + f"  %s = accllm.gated_mul silu %g, %u : {mid}, {mid} -> {mid}\n"
        + proj("d", "s", p + "mlp.down_proj", hidden, inter, mid, act)
        + f"  %x2 = accllm.add %x1, %d : {act}, {act} -> {act}\n"
        + norm("n", "x2", "model.norm.weight")
        + f'  %lm_w = accllm.weight "lm_head.weight" : tensor<{vocab}x{hidden}xf32>\n'
        f"  %logits = accllm.lm_head %n, %lm_w : ({act}, tensor<{vocab}x{hidden}xf32>) "
        f"-> tensor<?x?x{vocab}xf32>\n"
        f"  func.return %logits : tensor<?x?x{vocab}xf32>\n"
        "}\n"
    )


@pytest.mark.parametrize(
    "attention_bias, rope_parameters",
    [
        (False, None),
        (True, {"rope_type": "yarn", "rope_theta": 10000.0, "factor": 8.0,
                "original_max_position_embeddings": 16}),
    ],
    ids=["plain", "bias-yarn"],
)
def test_one_layer_llama_matches_hf(attention_bias, rope_parameters):
    torch.manual_seed(0)
    extra = {"rope_parameters": rope_parameters} if rope_parameters else {}
    config = LlamaConfig(
        vocab_size=64,
        hidden_size=32,
        intermediate_size=64,
        num_attention_heads=4,
        num_key_value_heads=2,
        num_hidden_layers=1,
        max_position_embeddings=128,
        attention_bias=attention_bias,
        # Larger than the default 0.02, so attention is far from uniform and logits are O(1).
        initializer_range=0.2,
        attn_implementation="sdpa",
        **extra,
    )
    model = LlamaForCausalLM(config).eval()
    with torch.no_grad():  # norms are initialised to ones: make their weights matter
        for name, param in model.named_parameters():
            if name.endswith("norm.weight"):
                param.add_(0.3 * torch.randn_like(param))
    rotary = model.model.rotary_emb
    weights = {name: t.detach().numpy() for name, t in model.state_dict().items()}

    ids = torch.randint(0, config.vocab_size, (2, 40))
    with torch.no_grad():
        expected = model(ids).logits.numpy()
    module = parse(llama_ir(config, rotary.inv_freq.numpy(), float(rotary.attention_scaling)))
    logits = run_forward(module, weights, ids.numpy())

    assert logits.dtype == np.float32 and logits.shape == expected.shape
    assert np.abs(expected).max() > 1.0  # a non-trivial comparison
    np.testing.assert_allclose(logits, expected, rtol=1e-4, atol=1e-5)
