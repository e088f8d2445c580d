"""The II lint (backend_hls/ii_lint.py): each rule on a bad and a good snippet, the messages,
across files, and on a real emitted project."""

from __future__ import annotations

import re

import pytest

from accllm.backend_hls.ii_lint import lint_ii_project, lint_ii_source

II_MESSAGE = re.compile(r"[\w./-]+:\d+: (ii-ports|ii-carried-dependence|burst-port|bundle-conflict): \S.*")


def ii_rules(text: str, **context: str) -> list[str]:
    return [message.split(": ")[1] for message in lint_ii_source(text, "k.cpp", context=context)]


# act[i] is read F times per pipelined iteration; w[0] once, whatever the factor.
UNROLLED_DOT = """constexpr int F = 16;
void dot(const int* w, int n, int& out) {
  int act[1024];
  int acc = 0;
  for (int i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS UNROLL factor = F)
    acc += act[i] * w[0];
  }
  out = acc;
}
"""
PARTITIONED_DOT = UNROLLED_DOT.replace(
    "  int acc = 0;", "  ACCLLM_HLS(HLS ARRAY_PARTITION variable = act type = cyclic factor = F / 2)\n  int acc = 0;")

# A loop that reads a member array through a called function; the top partitions it.
ROW_SUM = """struct State { uint32_t act[64][4176]; };
inline uint32_t act_word(const State& s, int t, uint32_t word) { return s.act[t][word]; }
inline void row_sum(const State& s, int t, uint32_t base, uint32_t n, uint32_t& out) {
  uint32_t acc = 0;
  for (uint32_t i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS UNROLL factor = cfg::KEPT)
    acc += act_word(s, t, base + i);
  }
  out = acc;
}
"""


def row_sum_top(factor: int) -> str:
    return ("namespace cfg { constexpr int KEPT = 8; }\n"
            "void top(uint32_t* out) {\n"
            "  static State state;\n"
            f"  ACCLLM_HLS(HLS ARRAY_PARTITION variable = state.act type = cyclic factor = {factor} dim = 2)\n"
            "  row_sum(state, 0, 0, 64, out[0]);\n"
            "}\n")

PACK = """void pack(const uint8_t* codes, int n, uint8_t* out) {
  for (int i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    const int bit = i * 4;
    out[bit / 8] = out[bit / 8] | (codes[i] << (bit % 8));
  }
}
"""

# The per-port burst loop: one unconditional pipelined loop over base + i per m_axi port.
BURST = """struct Beat { uint8_t b[64]; };
void top(const Beat* hbm0, Beat* hbm1, int base, int n) {
  ACCLLM_HLS(HLS INTERFACE mode = m_axi port = hbm0 bundle = gmem0 max_read_burst_length = 64)
  ACCLLM_HLS(HLS INTERFACE mode = m_axi port = hbm1 bundle = gmem1 max_write_burst_length = 64)
  Beat buf[64];
  for (int i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = 64)
    buf[i] = hbm0[base + i];
  }
  for (int i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = 64)
    hbm1[base + i] = buf[i];
  }
}
"""

# The ports behind a helper struct whose read() switches over channel numbers.
PORTS_SWITCH = """struct Beat { uint8_t b[64]; };
struct Ports {
  Beat* hbm0;
  Beat* hbm1;
  Beat read(int channel, int beat) const {
    switch (channel) {
      case 0: return hbm0[beat];
      default: return hbm1[beat];
    }
  }
};
template <class P>
void copy(P& ports, int channel, Beat* buf, int n) {
  for (int i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = 64)
    buf[i] = ports.read(channel, i);
  }
}
void top(Beat* hbm0, Beat* hbm1, int n) {
  ACCLLM_HLS(HLS INTERFACE mode = m_axi port = hbm0 bundle = gmem0)
  ACCLLM_HLS(HLS INTERFACE mode = m_axi port = hbm1 bundle = gmem1)
  Ports ports = {hbm0, hbm1};
  Beat buf[64];
  copy(ports, 0, buf, n);
}
"""



def bundle(options: str) -> str:
    """Ports a and b share gmem0; b with `options`."""
    return ("void top(const int* a, const int* b, int* c) {\n"
            "#pragma HLS INTERFACE mode=m_axi port=a bundle=gmem0 max_read_burst_length=64 latency=64\n"
            f"#pragma HLS INTERFACE mode=m_axi port=b bundle=gmem0 {options}\n"
            "#pragma HLS INTERFACE mode=m_axi port=c bundle=gmem1\n"
            "}\n")

# A function's array parameter has its callers' partitions.
CALLED_SUM = (
    "void sum8(const int* x, int n, int& out) { int acc = 0; for (int i = 0; i < n; ++i) {\n"
    "#pragma HLS PIPELINE II=1\n#pragma HLS UNROLL factor=8\n  acc += x[i]; } out = acc; }\n"
    "void top(int& out) { int row[64];\n#pragma HLS ARRAY_PARTITION variable=row type=cyclic factor=FACTOR\n"
    "  sum8(row, 64, out); }\n")
# A complete partition of one dimension makes banks, not registers: 24 reads, 16 ports.
ROWS_OF_BANKS = (
    "void t(int n, int* out) { static int a[8][256];\n#pragma HLS ARRAY_PARTITION variable=a type=complete dim=DIM\n"
    "  for (int i = 0; i < n; ++i) {\n#pragma HLS PIPELINE II=1\n    int s = 0;\n"
    "    for (int l = 0; l < 8; ++l) s += a[l][i] + a[l][i + 1] + a[l][i + 2];\n    out[i] = s; } }\n")
# An AGGREGATE'd struct's members come with its element, one word.
ENTRY_SUM = (
    "struct E { uint8_t c[64]; };\nvoid t(int n, int* out) { static E buf[64];\nAGGREGATE"
    "  for (int i = 0; i < n; ++i) {\n#pragma HLS PIPELINE II=1\n    int s = 0;\n"
    "    const E& e = buf[i];\n    for (int d = 0; d < 64; ++d) s += e.c[d];\n    out[i] = s; } }\n")
# Accumulators in registers: an integer sum settles in a cycle, a float one does not.
LANE_SUMS = (
    "void t(const int* x, int n, int* out) { int acc[8];\n#pragma HLS ARRAY_PARTITION variable=acc complete\n"
    "#pragma HLS ARRAY_PARTITION variable=x type=cyclic factor=8\n"
    "  for (int i = 0; i < n; ++i) {\n#pragma HLS PIPELINE II=1\n"
    "    for (int l = 0; l < 8; ++l) acc[l] += x[8 * i + l]; }\n  out[0] = acc[0]; }\n")

# (rule, a snippet that breaks it, a close snippet that does not)
II_CASES = [
    ("ii-ports", CALLED_SUM.replace("FACTOR", "2"), CALLED_SUM.replace("FACTOR", "4")),
    ("ii-ports", ROWS_OF_BANKS.replace("DIM", "1"), ROWS_OF_BANKS.replace("DIM", "0")),
    ("ii-ports", ENTRY_SUM.replace("AGGREGATE", ""),
     ENTRY_SUM.replace("AGGREGATE", "#pragma HLS AGGREGATE variable=buf compact=bit\n")),
    ("ii-carried-dependence", LANE_SUMS.replace("int acc[8]", "float acc[8]").replace(
        "acc[l] += x[8 * i + l]", "acc[l] = acc[l] + x[8 * i + l]"), LANE_SUMS),
    ("ii-ports", UNROLLED_DOT, PARTITIONED_DOT),
    ("ii-ports", UNROLLED_DOT,
     UNROLLED_DOT.replace("  int acc = 0;", "#pragma HLS ARRAY_PARTITION variable=act complete\n  int acc = 0;")),
    ("ii-carried-dependence", PACK,
     PACK.replace("II = 1)\n", "II = 1)\n    ACCLLM_HLS(HLS DEPENDENCE variable = out type = inter false)\n")),
    ("ii-carried-dependence",
     "void h(const int* x, int* hist, int n) { for (int i = 0; i < n; ++i) {\n#pragma HLS PIPELINE II=1\n"
     "  hist[x[i]]++; } }",
     "void h(int* a, int n) { for (int i = 0; i < n; ++i) {\n#pragma HLS PIPELINE II=1\n  a[i] = a[i] + 1; } }"),
    ("ii-carried-dependence",
     "void h(const int* x, long* counters, int n) { for (int i = 0; i < n; ++i) {\n#pragma HLS PIPELINE II=1\n"
     "  const int c = x[i] & 7;\n  counters[c] += n; } }",
     "void h(const int* x, long* counters, int n) { for (int i = 0; i < n; ++i) {\n#pragma HLS PIPELINE II=1\n"
     "#pragma HLS DEPENDENCE variable=counters inter distance=8 true\n"
     "  const int c = x[i] & 7;\n  counters[c] += n; } }"),
    ("ii-carried-dependence",
     "float dot(const float* x, const float* y, int n) { float sum = 0.0f; for (int i = 0; i < n; ++i) {\n"
     "#pragma HLS PIPELINE II=1\n  sum += x[i] * y[i]; } return sum; }",
     "int dot(const int* x, const int* y, int n) { int sum = 0; for (int i = 0; i < n; ++i) {\n"
     "#pragma HLS PIPELINE II=1\n  sum += x[i] * y[i]; } return sum; }"),
    ("burst-port", PORTS_SWITCH, BURST),
    ("burst-port", BURST.replace("hbm0[base + i]", "hbm0[2 * i]"), BURST),
    ("burst-port", BURST.replace("    buf[i] = hbm0[base + i];", "    if (n > 4) buf[i] = hbm0[base + i];"), BURST),
    ("burst-port", BURST.replace("hbm1[base + i] = buf[i];", "hbm1[base + i] = buf[i];\n    buf[i] = hbm0[base + i];"),
     BURST),
    ("bundle-conflict", bundle(""), bundle("max_read_burst_length=64 latency=64")),
]


@pytest.mark.parametrize(("rule", "bad", "good"), II_CASES,
                         ids=[f"{rule}-{k}" for k, (rule, _, _) in enumerate(II_CASES)])
def test_ii_rule_fires_on_bad_and_not_on_good(rule, bad, good):
    assert rule in ii_rules(bad)
    assert ii_rules(good) == []


def test_ii_ports_message_names_array_counts_factor_and_ports():
    # w[0] does not depend on the unrolled variable: read once, not flagged.
    assert lint_ii_source(UNROLLED_DOT, "k.cpp") == [
        "k.cpp:5: ii-ports: 'act' read 16 times per iteration of a PIPELINE II=1 loop (UNROLL factor 16), "
        "2 ports (not partitioned)"]


def test_ii_ports_follows_calls_and_member_pragmas_of_other_files():
    narrow = lint_ii_source(ROW_SUM, "k.cpp", context={"top.cpp": row_sum_top(2)})
    assert narrow == ["k.cpp:5: ii-ports: 'act' read 8 times per iteration of a PIPELINE II=1 loop "
                      "(UNROLL factor 8), 4 ports after ARRAY_PARTITION cyclic factor 2"]
    assert lint_ii_source(ROW_SUM, "k.cpp", context={"top.cpp": row_sum_top(4)}) == []


def test_ii_ports_unresolved_unroll_factor_counts_as_two_and_says_so():
    text = UNROLLED_DOT.replace("factor = F", "factor = cfg::LANES").replace(
        "  int acc = 0;", "  ACCLLM_HLS(HLS BIND_STORAGE variable = act type = ram_1p impl = bram)\n  int acc = 0;")
    assert lint_ii_source(text, "k.cpp") == [
        "k.cpp:6: ii-ports: 'act' read 2 times per iteration of a PIPELINE II=1 loop (UNROLL factor cfg::LANES "
        "unresolved, counted as 2), 1 port (ram_1p, not partitioned)"]


def test_ii_ports_m_axi_port_has_one_read_channel():
    text = ("void top(const int* in, int* out, int n) {\n"
            "  ACCLLM_HLS(HLS INTERFACE mode = m_axi port = in bundle = gmem0)\n"
            "  int acc = 0;\n"
            "  for (int i = 0; i < n; ++i) {\n"
            "    ACCLLM_HLS(HLS PIPELINE II = 1)\n"
            "    acc += in[2 * i] * in[2 * i + 1];\n"
            "  }\n"
            "  out[0] = acc;\n"
            "}\n")
    assert "k.cpp:4: ii-ports: 'in' read 2 times per iteration of a PIPELINE II=1 loop, 1 read and 1 write " \
           "channel (m_axi)" in lint_ii_source(text, "k.cpp")


def test_ii_ports_longer_ii_serves_more_accesses():
    loop = ("void f(const int* a, int* b, int n) {\n  for (int i = 0; i < n; ++i) {\n"
            "    ACCLLM_HLS(HLS PIPELINE II = 2)\n    b[i] = {reads};\n  }\n}\n")
    four = " + ".join(f"a[i + {k}]" for k in range(4))
    assert lint_ii_source(loop.replace("{reads}", four), "k.cpp") == []
    assert lint_ii_source(loop.replace("{reads}", four + " + a[i + 4]"), "k.cpp") == [
        "k.cpp:2: ii-ports: 'a' read 5 times per iteration of a PIPELINE II=2 loop, 2 ports (not partitioned) "
        "over 2 cycles"]


def test_ii_ports_small_local_array_with_constant_indices_is_registers():
    # A local array indexed by constants once the inner loop is unrolled is partitioned by
    # Vitis HLS itself below 64 elements; it is also new in every iteration (no dependence).
    loop = ("void f(const float* x, float* y, int n) {\n  for (int i = 0; i < n; ++i) {\n"
            "    ACCLLM_HLS(HLS PIPELINE II = 1)\n    float t[SIZE];\n"
            "    for (int k = 0; k < SIZE; ++k) t[k] = x[i] * k;\n    y[i] = t[0] + t[1];\n  }\n}\n")
    assert lint_ii_source(loop.replace("SIZE", "8"), "k.cpp") == []
    assert ii_rules(loop.replace("SIZE", "128")) == ["ii-ports"]


def test_carried_dependence_message_names_array_index_and_loop_variable():
    assert lint_ii_source(PACK, "k.cpp") == [
        "k.cpp:5: ii-carried-dependence: 'out' written at out[bit / 8] and read in a PIPELINE II=1 loop over 'i': "
        "the index is not an affine function of 'i' alone, so an iteration may read what the one before wrote; "
        "no DEPENDENCE pragma for 'out'"]


def test_burst_port_flags_each_port_behind_a_switching_helper():
    assert lint_ii_source(PORTS_SWITCH, "k.cpp") == [
        f"k.cpp:{7 + k}: burst-port: m_axi port 'hbm{k}' (bundle gmem{k}): accessed in 1 place, 1 inside a "
        f"switch/if; a burst needs one unconditional loop over base + i (first: 'hbm{k}[beat]' in "
        "top > copy > Ports::read)" for k in range(2)]


def test_bundle_conflict_groups_ports_by_their_options():
    assert lint_ii_source(bundle(""), "k.cpp") == [
        "k.cpp:2: bundle-conflict: m_axi bundle 'gmem0' is shared by ports with different max_read_burst_length, "
        "latency: 'a' (max_read_burst_length = 64, latency = 64) vs 'b' (defaults)"]


def test_lint_ii_project_reads_kernel_files_together_and_skips_sim_and_testbench(tmp_path):
    for sub in ("src", "include/sim", "tb"):
        (tmp_path / sub).mkdir(parents=True)
    (tmp_path / "src" / "top.cpp").write_text(row_sum_top(2))
    (tmp_path / "include" / "row.h").write_text(ROW_SUM)
    (tmp_path / "include" / "sim" / "model.h").write_text(PACK)
    (tmp_path / "tb" / "tb.cpp").write_text(PACK)
    messages = lint_ii_project(tmp_path)
    assert [m.split(": ")[0:2] for m in messages] == [["include/row.h:5", "ii-ports"]]
    assert lint_ii_source(ROW_SUM, "include/row.h", context={"src/top.cpp": row_sum_top(2)}) == messages


def test_emitted_kernel_bursts_its_ports(builtin_project):
    """The kernel as emitted: every read and write port, the program and the token ids are
    one unconditional burst loop (ST writes whole beats: the KV records are beat-aligned),
    no bundle mixes burst options, and every pipelined loop reaches its II."""
    messages = lint_ii_project(builtin_project)
    assert messages == lint_ii_project(builtin_project)
    assert all(II_MESSAGE.fullmatch(m) for m in messages), messages
    top = (builtin_project / "src/accllm_top.cpp").read_text()
    assert re.findall(r"port = (hbm\d+) ", top) and re.findall(r"port = (hbm\d+_w) ", top)
    assert messages == []