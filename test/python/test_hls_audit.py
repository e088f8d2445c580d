"""The on-chip memory and DSP audit (backend_hls/memory_audit.py): the mapping rules on small
kernels written into a project folder, and the audit of a project the backend emits."""

from __future__ import annotations

from pathlib import Path

import pytest

from accllm.backend_hls.memory_audit import RESOURCES, Audit, MemoryRow, audit_project, audit_table
from accllm.diagnostics import AccllmError

CONFIG = """#include <cstdint>
namespace accllm {
namespace cfg {
constexpr int LANES = 8;
constexpr int DEPTH = 3000;
constexpr int WIDE = 2 * LANES;
}  // namespace cfg
}  // namespace accllm
"""


def _project(folder: Path, body: str, header: str = "") -> Path:
    """A project whose top function has `body`, with `header` in include/accllm_engine.h."""
    (folder / "src").mkdir()
    (folder / "include").mkdir()
    (folder / "src/accllm_config.h").write_text(CONFIG)
    (folder / "include/accllm_engine.h").write_text(
        '#include "ap_int.h"\n#include "hls_stream.h"\nnamespace accllm {\n' + header + "\n}  // namespace accllm\n")
    (folder / "src/accllm_top.cpp").write_text(
        '#include "accllm_config.h"\n#include "accllm_engine.h"\n\nvoid top(int32_t* out) {\n'
        "  ACCLLM_HLS(HLS INTERFACE mode = m_axi port = out)\n" + body + "\n}\n")
    return folder


def _row(audit: Audit, name: str) -> MemoryRow:
    [row] = [r for r in audit.rows if r.name == name]
    return row


def _loop(statement: str, directives: str = "") -> str:
    return ("  for (int i = 0; i < 64; ++i) {\n    ACCLLM_HLS(HLS PIPELINE II = 1)\n" + directives
            + "    " + statement + "\n  }\n")


def test_struct_member_bound_to_uram_takes_urams(tmp_path):
    body = ("  static accllm::State state;\n"
            "  ACCLLM_HLS(HLS BIND_STORAGE variable = state.kv type = ram_2p impl = uram)\n"
            "  out[0] = state.kv[0];")
    audit = audit_project(_project(tmp_path, body, "struct State { ap_uint<64> kv[2 * 4096]; uint32_t n; };"))
    row = _row(audit, "state.kv")
    # 8192 x 64 bits: two URAM288 (4K x 72) cascaded in depth.
    assert (row.unit, row.storage, row.uram, row.bram18k) == ("top", "uram", 2, 0)


def test_units_templated_on_the_configuration_read_the_generated_values(tmp_path):
    """The library's units take `template <class C>`: C::NAME is the build's Config value, not
    engine_config's default it hides, and `<C>` arguments pass the one configuration through."""
    header = ("struct engine_config { static constexpr int ROWS = 4; static constexpr int TABLE[ROWS] = {0, 1, 2, 3}; };\n"
              "struct Config : engine_config { static constexpr int ROWS = 4096; };\n"
              "template <class C>\nstruct Rows { ap_uint<64> row[C::ROWS]; };\n"
              "template <class C>\nusing Fifo = hls::stream<uint32_t, C::ROWS / 8>;\n"
              "template <class C, int K>\nvoid fill(Rows<C>& r, Fifo<C>& f) { r.row[K] = f.read(); }\n")
    body = ("  static accllm::Rows<accllm::Config> rows;\n"
            "  ACCLLM_HLS(HLS BIND_STORAGE variable = rows.row type = ram_2p impl = uram)\n"
            "  accllm::Fifo<accllm::Config> fifo;\n"
            "  accllm::fill<accllm::Config, 1>(rows, fifo);\n  out[0] = rows.row[0];")
    audit = audit_project(_project(tmp_path, body, header))
    # 4096 x 64 bits: one URAM288 (4K x 72); the FIFO 512 deep.
    assert (_row(audit, "rows.row").depth, _row(audit, "rows.row").uram) == (4096, 1)
    assert _row(audit, "fifo").depth == 512
    assert not audit.findings


def test_cyclic_partition_maps_each_bank_separately(tmp_path):
    body = "  float buf[1024];\n  ACCLLM_HLS(HLS ARRAY_PARTITION variable = buf type = cyclic factor = 4 dim = 1)"
    row = _row(audit_project(_project(tmp_path, body)), "buf")
    assert (row.banks, row.bank_depth, row.bank_width, row.bram18k) == (4, 256, 32, 4)


def test_complete_partition_becomes_registers(tmp_path):
    body = "  int32_t taps[16];\n  ACCLLM_HLS(HLS ARRAY_PARTITION variable = taps complete)"
    row = _row(audit_project(_project(tmp_path, body)), "taps")
    assert (row.storage, row.banks, row.ff, row.bram18k, row.lutram) == ("ff", 16, 16 * 32, 0, 0)


def test_reshape_multiplies_the_width_and_divides_the_depth(tmp_path):
    body = "  uint8_t bytes[4096];\n  ACCLLM_HLS(HLS ARRAY_RESHAPE variable = bytes type = block factor = 8 dim = 1)"
    row = _row(audit_project(_project(tmp_path, body)), "bytes")
    # 512 x 64 bits: two 512 x 36 BRAM18K side by side.
    assert (row.banks, row.bank_depth, row.bank_width, row.bram18k) == (1, 512, 64, 2)


def test_stream_takes_its_template_depth(tmp_path):
    row = _row(audit_project(_project(tmp_path, "  hls::stream<uint32_t, 64> fifo;")), "fifo")
    assert (row.kind, row.depth, row.storage, row.bram18k) == ("stream", 64, "bram", 1)


def test_stream_takes_the_depth_of_its_stream_directive(tmp_path):
    body = "  hls::stream<ap_uint<512> > fifo;\n  ACCLLM_HLS(HLS STREAM variable = fifo depth = 1024)"
    row = _row(audit_project(_project(tmp_path, body)), "fifo")
    # 1024 x 512 bits: 29 BRAM18K as 1K x 18.
    assert (row.depth, row.width, row.bram18k, row.shape) == (1024, 512, 29, "BRAM18K 1Kx18")


def test_shallow_stream_is_a_shift_register(tmp_path):
    row = _row(audit_project(_project(tmp_path, "  hls::stream<uint32_t> fifo;")), "fifo")
    assert (row.depth, row.storage, row.lutram, row.bram18k) == (2, "srl", 32, 0)


def test_stream_depth_directive_disagreeing_with_the_template_is_a_finding(tmp_path):
    body = "  hls::stream<int32_t, 8> fifo;\n  ACCLLM_HLS(HLS STREAM variable = fifo depth = 16)"
    audit = audit_project(_project(tmp_path, body))
    assert _row(audit, "fifo").depth == 16
    assert any("STREAM depth 16 disagrees with the template depth 8" in f for f in audit.findings)


def test_bram_takes_the_cheapest_aspect_ratio(tmp_path):
    row = _row(audit_project(_project(tmp_path, "  ap_uint<20> table[cfg::DEPTH];")), "table")
    # 3000 x 20 bits: 4K x 4 needs 5 (16Kx1 20, 8Kx2 10, 2Kx9 6, 1Kx18 6, 512x36 6).
    assert (row.storage, row.shape, row.bram18k) == ("bram", "BRAM18K 4Kx4", 5)


def test_unrolled_mac_loop_takes_a_dsp_per_multiply_and_copy(tmp_path):
    body = ("  int32_t a[64];\n  int8_t b[64];\n  int32_t acc = 0;\n"
            + _loop("acc += a[i] * b[i];", "    ACCLLM_HLS(HLS UNROLL factor = cfg::LANES)\n") + "  out[0] = acc;")
    [row] = audit_project(_project(tmp_path, body)).dsp
    assert (row.unit, row.multiplies, row.unroll, row.dsp) == ("top", 1, 8, 8)


def test_loops_inside_a_pipelined_iteration_replicate_their_multiplies(tmp_path):
    """Vitis unrolls every loop inside a pipelined iteration: a multiply in a nested loop (or
    in a loop of a called function) is one DSP per iteration of those loops."""
    header = ("inline int32_t dot(const int32_t* a, const int8_t* b) {\n  int32_t s = 0;\n"
              "  for (int j = 0; j < 4; ++j) s += a[j] * b[j];\n  return s;\n}")
    body = ("  int32_t a[64];\n  int8_t b[64];\n  int32_t acc = 0;\n"
            + _loop("for (int l = 0; l < cfg::LANES; ++l) {\n      acc += a[l] * b[l] + dot(a, b);\n    }"))
    [row] = audit_project(_project(tmp_path, body, header)).dsp
    assert (row.multiplies, row.dsp) == (8 * (1 + 4), 40)


def test_runtime_bound_inside_a_pipelined_iteration_is_a_finding(tmp_path):
    body = "  int32_t a[64];\n  int32_t acc = 0;\n" + _loop("for (int l = 0; l < out[1]; ++l) acc += a[l] * out[l];")
    audit = audit_project(_project(tmp_path, body))
    assert audit.dsp[0].dsp == 1
    assert any("no compile-time bound" in f for f in audit.findings)


def test_called_function_contributes_its_multiplies(tmp_path):
    header = "inline void mac(ap_int<48>& acc, ap_int<27> a, ap_int<18> b) { acc += a * b; }"
    body = "  ap_int<48> acc = 0;\n" + _loop("mac(acc, i, out[i]);\n    mac(acc, i + 1, out[i]);")
    [row] = audit_project(_project(tmp_path, body, header)).dsp
    assert (row.multiplies, row.dsp) == (2, 2)


def test_float_and_constant_multiplies_take_no_dsp(tmp_path):
    body = ("  float x[64];\n  float s = 0.0f;\n  int32_t k = 0;\n"
            + _loop("s += x[i] * 0.5f + x[i] * s;\n    k += 3 * i;"))
    assert audit_project(_project(tmp_path, body)).dsp == []


def test_each_template_instantiation_is_its_own_copy(tmp_path):
    """fill<16> and fill<1024> are two functions in hardware: a `buf` each, at its own size."""
    header = "template <int N>\ninline void fill(int32_t* out) {\n  int32_t buf[N];\n  out[0] = buf[0];\n}"
    body = "  fill<16>(out);\n  fill<cfg::WIDE * 64>(out);"
    rows = [r for r in audit_project(_project(tmp_path, body, header)).rows if r.name == "buf"]
    assert sorted((r.instance, r.dims) for r in rows) == [("fill<1024>", (1024,)), ("fill<16>", (16,))]


def test_template_instances_and_what_they_call_take_their_own_slr(tmp_path):
    """A slice instance (and the helper it calls) goes where slr_of puts its label; an
    element of an array of streams goes where slr_of puts it."""
    header = ("inline void helper(int32_t* out) {\n  float acc[1024];\n  out[0] = acc[0];\n}\n"
              "template <int K>\ninline void slice(int32_t* out) {\n  helper(out);\n}")
    body = ("  slice<0>(out);\n  slice<1>(out);\n  hls::stream<ap_uint<512>, 4096> beats[4];\n"
            "  ACCLLM_HLS(HLS BIND_STORAGE variable = beats type = fifo impl = uram)")
    audit = audit_project(_project(tmp_path, body, header), slr_of={"slice<1>": 2, "beats[3]": 1})
    helpers = sorted((r.instance, r.slr) for r in audit.rows if r.name == "acc")
    assert helpers == [("slice<0>", 0), ("slice<1>", 2)]
    beats = sorted((r.slr, r.banks) for r in audit.rows if r.name == "beats")
    assert beats == [(0, 3), (1, 1)]
    assert audit.per_slr[1]["uram"] == 8 and audit.per_slr[0]["uram"] == 24


def test_sizes_with_conditionals_and_ceil_pow2_resolve(tmp_path):
    """The adder trees size their buffers as `ceil_pow2(N) / 2` and `H / 2 > 0 ? H / 2 : 1`."""
    header = ("template <int N>\ninline void tree(int32_t* out) {\n  constexpr int H = ceil_pow2(N) / 2;\n"
              "  int32_t ping[H];\n  int32_t pong[H / 2 > 0 ? H / 2 : 1];\n  out[0] = ping[0] + pong[0];\n}")
    audit = audit_project(_project(tmp_path, "  tree<1000>(out);\n  tree<2>(out);", header))
    ping, pong = ([r for r in audit.rows if r.name == name and r.instance == "tree<1000>"] for name in ("ping", "pong"))
    assert (ping[0].dims, pong[0].dims) == ((512,), (256,))
    assert audit.findings == []


def test_unresolved_size_is_a_finding_not_a_guess(tmp_path):
    header = "constexpr int twice(int n) { return 2 * n; }"
    audit = audit_project(_project(tmp_path, "  int32_t buf[twice(4)];", header))
    assert audit.rows == []
    assert audit.findings == ["src/accllm_top.cpp:6: 'buf' in top: size 'twice(4)' not resolved (not counted)"]


def test_host_only_code_is_not_audited(tmp_path):
    body = "#ifndef __SYNTHESIS__\n  static int32_t trace[4096];\n#endif\n  int32_t kept[4096];"
    assert [r.name for r in audit_project(_project(tmp_path, body)).rows] == ["kept"]


def test_slr_mapping_places_a_unit_and_its_resources(tmp_path):
    audit = audit_project(_project(tmp_path, "  float buf[1024];"), slr_of={"top": 2})
    assert audit.per_slr[2]["bram18k"] == 2 and audit.per_slr[0]["bram18k"] == 0
    assert "SLR" in audit_table(audit, model=None, board="u280")


def test_table_shows_rows_model_and_per_slr_capacity(tmp_path):
    audit = audit_project(_project(tmp_path, "  float buf[1024];"))
    model = {"dsp": 10, "lut": 20, "ff": 30, "bram18k": 8, "uram": 5}
    lines = audit_table(audit, model=model, board="u280").splitlines()
    assert any(line.startswith("buf ") for line in lines)
    # audit, model (8 BRAM18K), board (4032 BRAM18K), and SLR0's third of the board.
    assert ["BRAM18K", "2", "8", "4032"] in [line.split() for line in lines]
    assert any(line.split()[:2] == ["0", "2/1344"] for line in lines if line.strip())


def test_unbalanced_source_is_a_one_line_error(tmp_path):
    with pytest.raises(AccllmError, match=r"^include/accllm_engine\.h:3: error: memory audit: unclosed '\{'$"):
        audit_project(_project(tmp_path, "", "struct Broken {\n  int32_t a[4];"))


# ---------------------------------------------------------------------------------------
# A project the backend emits
# ---------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def emitted_project(tiny_checkpoint_with_tokenizer, tmp_path_factory) -> Path:
    """conftest's tiny LLaMA compressed (2:4 W2, short calibration) onto a small engine, as
    test_hls_csim.py's second model is."""
    from accllm.backend_hls.project import build_project
    from accllm.compression.compress import compress
    from accllm.compression.config import CompressionConfig

    model = tiny_checkpoint_with_tokenizer
    tmp = tmp_path_factory.mktemp("hls-audit")
    config = CompressionConfig(weight_group=16, sinks=2, window=12, calibration_tokens=512, calibration_seq_len=64)
    compress(model, config, model / "corpus.txt", device="cpu", progress=False).save(tmp / "compressed")
    return build_project(model, tmp / "compressed", tmp / "hls", prompt="def add(a, b):",
                         engine_overrides={"lanes": 8, "kept_per_lane": 4, "weight_channels": 3,
                                           "kv_channels": 2, "kv_slots": 80})


def test_emitted_state_buffers_take_bram_and_uram(emitted_project):
    rows = {r.name: r for r in audit_project(emitted_project).rows}
    assert rows["state.act"].uram > 0 and rows["state.kv"].uram > 0
    assert rows["beats"].kind == "stream" and rows["beats"].uram > 0
    # The tile ping-pong (a stream of blocks) is two blocks of one bank per lane.
    assert rows["tiles.chunk"].kind == "array" and rows["tiles.chunk"].banks == 8 and rows["tiles.chunk"].dims[0] == 2
    assert rows["tiles.chunk"].width == 64


def test_emitted_totals_are_the_sum_of_the_rows(emitted_project):
    audit = audit_project(emitted_project)
    for key in RESOURCES:
        assert audit.totals[key] == sum(getattr(item, key, 0) for item in [*audit.rows, *audit.dsp]), key
    assert audit.per_slr == {0: audit.totals}
