"""The engine's back-end artefacts: the program binary (round trip, listing, corrupt input),
the wait/signal schedule, and the per-channel HBM images read back through their manifest."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import numpy as np
import pytest
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.printer import Printer

from accllm.backend_hls.program_binary import MAGIC, WORD_BYTES, decode, encode, listing
from accllm.backend_hls.weight_images import build_images, read_matrix, read_rows
from accllm.compression.config import CompressionConfig
from accllm.dialects import engine
from accllm.frontend.golden import Int8Head
from accllm.frontend.importer import parse_mlir
from accllm.passes.apply_compression import ApplyCompressionPass
from accllm.passes.convert_accllm_to_engine import ConvertAccllmToEnginePass
from accllm.passes.engine_buffer_alloc import EngineBufferAllocPass
from accllm.passes.engine_hbm_alloc import EngineHBMAllocPass
from accllm.passes.engine_schedule import QUEUE_BITS, EngineSchedulePass, queue_masks
from accllm.passes.pipelines import RaisePipelinePass

TWO_LAYER = Path(__file__).resolve().parents[1] / "passes" / "Inputs" / "llama-2layer-torch.mlir"
COMPRESSION = CompressionConfig(weight_group=32, window=24, sinks=2, calibration_tokens=512, calibration_seq_len=64)


def _text(module) -> str:
    out = StringIO()
    Printer(stream=out).print_op(module)
    return out.getvalue()


def _with(module, *passes):
    module = module.clone()
    for p in passes:
        p.apply(Context(), module)
    return module


def _scheduled(module):
    return _with(module, EngineSchedulePass())


def _two_layer(**options):
    module = parse_mlir(TWO_LAYER.read_text())
    for p in (RaisePipelinePass(), ApplyCompressionPass(weight_group=32, window=16, sinks=2),
              ConvertAccllmToEnginePass(lanes=8, kept_per_lane=4, weight_channels=4, kv_channels=2, **options),
              EngineHBMAllocPass()):
        p.apply(Context(), module)
    return module


@pytest.fixture(scope="module")
def two_layer():
    return _two_layer()


@pytest.fixture(scope="module")
def builtin_engine():
    from accllm.compiler import compile

    return compile("accllm/models/pydocs-tiny-llama", target="u280").engine.module


@pytest.fixture(scope="module")
def compressed_design(tiny_checkpoint_with_tokenizer):
    """A compressed fixture checkpoint and its engine: 3 weight channels for 8 lanes, so
    channels hold different row counts."""
    from accllm.compiler import compile
    from accllm.compression.compress import compress

    ckpt = tiny_checkpoint_with_tokenizer
    compressed = compress(ckpt, COMPRESSION, ckpt / "corpus.txt", device="cpu", progress=False)
    design = compile(str(ckpt), target="u280", compression=COMPRESSION,
                     engine_overrides={"lanes": 8, "kept_per_lane": 4, "weight_channels": 3, "kv_channels": 2})
    return compressed, design.engine.module


# --------------------------------------------------------------------------------------
# Program binary
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("passes", [(), (EngineSchedulePass(),), (EngineBufferAllocPass(), EngineSchedulePass())],
                         ids=["plain", "scheduled", "buffers"])
def test_two_layer_round_trip(two_layer, passes):
    module = _with(two_layer, *passes)
    data = encode(module)
    decoded = decode(data)
    assert _text(decoded) == _text(module)
    assert encode(decoded) == data
    assert data[:8] == MAGIC and len(data) % 8 == 0


def test_flags_round_trip():
    """code3 indices, original RoPE positions and a linear bias are word flags."""
    module = _two_layer(index_encoding="code3", rope_positions="original")
    program = engine.ProgramOp.create_empty("decode")
    block = program.body.block

    def emit(op):
        block.add_op(op)
        return op.results[0] if op.results else None

    x = emit(engine.EmbedOp(block.args[0], "embed", 16, 16, [0], [0]))
    xq = emit(engine.QuantizeOp(x, 8))
    w = emit(engine.LoadWeightsOp("w", 16, 16, engine.WeightFormatAttr(2, 16, None), [0], [512], [64]))
    bias = emit(engine.LoadVectorOp("b", 16))
    emit(engine.StoreLogitsOp(emit(engine.LinearOp(xq, w, "mv", bias)), 64))
    emit(engine.EndOp())
    with_bias = ModuleOp([program], attributes=dict(module.attributes))
    for m in (module, with_bias):
        assert _text(decode(encode(m))) == _text(m)
    assert "code3" in listing(module) and "original" in listing(module) and "bias=%4" in listing(with_bias)


def test_builtin_model_round_trip(builtin_engine):
    for module in (builtin_engine, _scheduled(builtin_engine)):
        assert _text(decode(encode(module))) == _text(module)


def test_encoding_is_deterministic(two_layer):
    assert encode(two_layer) == encode(two_layer.clone())


def test_words_follow_the_documented_layout(two_layer):
    """Bits 0-15 of a word: opcode, queue, wait, signal, flags (docs/engine.md §5.1)."""
    data = encode(_scheduled(two_layer))
    instructions = sum(len(list(p.body.block.ops)) for p in two_layer.body.block.ops)
    assert int.from_bytes(data[20:24], "little") == instructions
    text = listing(two_layer)
    first_lin = next(line for line in text.splitlines() if " LIN " in line)
    index = int(first_lin.split()[0])
    # The header, configuration and program table precede the words; find them from the end.
    table_bytes = int.from_bytes(data[28:32], "little")
    words_at = len(data) - table_bytes - WORD_BYTES * instructions
    word = int.from_bytes(data[words_at + WORD_BYTES * index:words_at + WORD_BYTES * (index + 1)], "little")
    assert word & 0x3F == 7  # LIN
    assert word >> 6 & 3 == 1  # EX
    assert word >> 8 & 7 == QUEUE_BITS["LD"]  # waits for its weights
    assert word >> 14 & 1 == 1  # MM mode in the prefill program


def test_listing_has_one_line_per_instruction(two_layer):
    text = listing(two_layer)
    lines = [line for line in text.splitlines() if line.startswith(" ")]
    assert len(lines) == sum(len(list(p.body.block.ops)) for p in two_layer.body.block.ops)
    assert "program prefill" in text and "program decode" in text
    assert any("LOAD_W" in line and 'name="model.layers.0.self_attn.q_proj.weight"' in line for line in lines)
    assert any("ATT" in line and "sinks=2 window=16" in line and "wait=LD signal=ST" in line for line in lines)
    placed = listing(_with(two_layer, EngineBufferAllocPass()))
    assert "activation rows of" in placed and " %1@0 = tokens=%0" in placed


@pytest.mark.parametrize("corrupt, message", [
    (lambda d: d[:20], "truncated"),
    (lambda d: b"NOTANENG" + d[8:], "bad magic"),
    (lambda d: d[:8] + (99).to_bytes(2, "little") + d[10:], "version 99"),
    (lambda d: d[:-8], "sizes do not add up"),
    (lambda d: d + bytes(16), "sizes do not add up"),
    (lambda d: d[:12] + (3).to_bytes(2, "little") + d[14:], "configuration values"),
])
def test_corrupt_binary_is_a_one_line_error(two_layer, corrupt, message):
    with pytest.raises(ValueError, match=message) as err:
        decode(corrupt(encode(two_layer)))
    assert "\n" not in str(err.value)


def test_corrupt_word_is_a_one_line_error(two_layer):
    data = bytearray(encode(two_layer))
    table_bytes = int.from_bytes(data[28:32], "little")
    words = int.from_bytes(data[20:24], "little")
    data[len(data) - table_bytes - WORD_BYTES * words] = 63  # first word: an unknown opcode
    with pytest.raises(ValueError, match="unknown opcode 63"):
        decode(bytes(data))


def test_random_bit_flips_never_crash(two_layer):
    data = encode(two_layer)
    rng = np.random.default_rng(0)
    for _ in range(200):
        flipped = bytearray(data)
        flipped[rng.integers(len(data))] ^= 1 << int(rng.integers(8))
        try:
            decode(bytes(flipped))
        except ValueError:
            pass


# --------------------------------------------------------------------------------------
# Schedule
# --------------------------------------------------------------------------------------


def test_schedule_covers_every_cross_queue_edge_with_balanced_tokens(builtin_engine):
    for program in builtin_engine.body.block.ops:
        ops = list(program.body.block.ops)
        order = {op: i for i, op in enumerate(ops)}
        masks = queue_masks(program)
        synced: dict[tuple[str, str], int] = {}
        for op in ops:
            for queue in QUEUE_BITS:
                if masks[op][0] & QUEUE_BITS[queue]:
                    producers = [o.owner for o in op.operands if getattr(o.owner, "QUEUE", None) == queue]
                    synced[(op.QUEUE, queue)] = max(order[p] for p in producers)
            for operand in op.operands:
                producer = operand.owner
                if getattr(producer, "QUEUE", op.QUEUE) != op.QUEUE:
                    assert synced.get((op.QUEUE, producer.QUEUE), -1) >= order[producer], op.name
        for src in QUEUE_BITS:
            for dst in QUEUE_BITS:
                signals = sum(1 for op in ops if op.QUEUE == src and masks[op][1] & QUEUE_BITS[dst])
                waits = sum(1 for op in ops if op.QUEUE == dst and masks[op][0] & QUEUE_BITS[src])
                assert signals == waits, (program.entry, src, dst)


# --------------------------------------------------------------------------------------
# Weight images
# --------------------------------------------------------------------------------------


def test_images_hold_the_packed_weights(compressed_design):
    compressed, module = compressed_design
    images, manifest = build_images(module, compressed)
    packed = compressed.packed()
    assert packed
    for name, expected in packed.items():
        got = read_matrix(images, manifest, name)
        assert got.layout == expected.layout
        for field, array in expected.arrays().items():
            assert np.array_equal(getattr(got, field), array), (name, field)


def test_images_follow_the_program_placement(compressed_design):
    compressed, module = compressed_design
    images, manifest = build_images(module, compressed)
    json.dumps(manifest)
    placed = {(e["kind"], e["name"], e["channel"]): (e["offset"], e["bytes"]) for e in manifest["entries"]}
    for op in module.walk():
        if isinstance(op, engine.LoadWeightsOp):
            for c, o, b in zip(*(op_array.get_values() for op_array in (op.channels, op.offsets, op.bytes_per_channel))):
                assert placed[("weights", op.param.data, c)] == (o, b)
    counts = {e["layout"]["tiles"]["count"] for e in manifest["entries"]
              if e["name"] == "model.layers.0.mlp.gate_proj.weight"}
    assert counts == {24, 16}  # lanes 0,3,6 | 1,4,7 | 2,5 of 8 tiles
    assert set(images) == {int(c) for c in manifest["channels"]}
    assert all(len(images[int(c)]) == v["bytes"] for c, v in manifest["channels"].items())
    kv = [e for e in manifest["entries"] if e["kind"] == "kv_cache"]
    assert kv and not any(images[e["channel"]][e["offset"]:e["offset"] + e["bytes"]].strip(b"\0") for e in kv)


def test_images_hold_head_embedding_and_vectors(compressed_design):
    compressed, module = compressed_design
    images, manifest = build_images(module, compressed)
    tensors = compressed.float_tensors()
    head = Int8Head.from_float(np.asarray(tensors["lm_head.weight"], dtype=np.float32))
    rows = read_rows(images, manifest, "lm_head.weight")
    hidden = head.codes.shape[1]
    assert np.array_equal(rows[:, :hidden].view(np.int8), head.codes.astype(np.int8))
    assert np.array_equal(np.ascontiguousarray(rows[:, hidden:]).view("<f4")[:, 0], head.scale)
    table = read_rows(images, manifest, "model.embed_tokens.weight", "embedding")
    assert np.array_equal(table.view("<f2"), np.asarray(tensors["model.embed_tokens.weight"]).astype(np.float16))
    norm = next(e for e in manifest["entries"] if e["name"] == "model.norm.weight")
    data = images[norm["channel"]][norm["offset"]:norm["offset"] + 2 * norm["layout"]["shape"][0]]
    assert np.array_equal(np.frombuffer(data, "<f2"), np.asarray(tensors["model.norm.weight"]).astype(np.float16))


def test_images_are_deterministic(compressed_design):
    compressed, module = compressed_design
    first, second = build_images(module, compressed), build_images(module.clone(), compressed)
    assert first[0] == second[0]
    assert json.dumps(first[1], sort_keys=True) == json.dumps(second[1], sort_keys=True)


def test_unallocated_module_is_refused(compressed_design):
    compressed, module = compressed_design
    module = module.clone()
    for load in module.walk():
        if isinstance(load, engine.LoadWeightsOp) and load.param.data.endswith("0.self_attn.q_proj.weight"):
            load.offsets = engine.int_array([0] * len(load.offsets.get_values()))
    with pytest.raises(ValueError, match="overlaps"):
        build_images(module, compressed)


def test_kernel_refuses_a_second_linear_weight_format(compressed_design):
    """The array's decode is wired for one linear weight format (cfg::LIN_*): a program
    whose linears mix formats is refused at the op, not run wrong."""
    from accllm.backend_hls.kernel_source import kernel_params
    from accllm.diagnostics import AccllmError

    _, module = compressed_design
    module = module.clone()
    load = next(op for op in module.walk() if isinstance(op, engine.LoadWeightsOp)
                and op.param.data.endswith("layers.1.mlp.down_proj.weight"))
    fmt = load.format
    load.format = engine.WeightFormatAttr(3, fmt.group.data, (fmt.n.data, fmt.m.data), fmt.encoding.data)
    with pytest.raises(AccllmError, match="linear weight format .* differs from"):
        kernel_params(module)
