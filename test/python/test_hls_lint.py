"""The synthesizable-subset lint (backend_hls/lint.py): each rule on a bad and a good snippet,
line numbers, comments and literals, and the real HLS numerics header."""

from __future__ import annotations

from pathlib import Path

import pytest

from accllm.backend_hls.lint import lint_project, lint_source

ROOT = Path(__file__).resolve().parents[2]
MATH_HEADER = ROOT / "backend_hls" / "include" / "accllm_math.h"


def rules(text: str) -> list[str]:
    return [message.split(": ")[1] for message in lint_source(text, "k.cpp")]


# (rule, a snippet that breaks it, a close snippet that does not)
CASES = [
    ("dynamic-allocation",
     "void f() { float* p = new float[4]; delete[] p; }",
     "void f() { float p[4]; p[0] = 0.0f; }"),
    ("dynamic-allocation",
     "#include <cstdlib>\nvoid f() { void* p = malloc(16); free(p); }",
     "struct S { S(const S&) = delete; S& operator=(const S&) = delete; };"),
    ("stl-container",
     "#include <vector>\nvoid f() { std::vector<int> v(4); }",
     "#include <cstdint>\nvoid f() { int v[4]; v[0] = 1; }"),
    ("stl-container",
     "void f(std::unique_ptr<int> p, std::string s, std::map<int, int> m) {}",
     "#include <cstring>\nvoid f(int (&a)[4]) { std::memset(a, 0, sizeof(a)); }"),
    ("virtual",
     "struct Base { virtual int run() { return 0; } };",
     "struct Base { int run() { return 0; } };"),
    ("goto",
     "void f(int x) { if (x) goto done; x = 1; done: return; }",
     "void f(int x) { if (x) return; x = 1; }"),
    ("pointer-array",
     "void f(const float* a) {\n  const float* rows[4];\n  rows[0] = a;\n}",
     "void f(const float* a, float b[4]) {\n  int at[4];\n  at[0] = 0;\n  b[0] = a[0] * b[1];\n}"),
    ("recursion",
     "int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }",
     "int fact(int n) { int r = 1; for (int i = 2; i <= 12; ++i) r *= i <= n ? i : 1; return r; }"),
    ("recursion",
     "namespace a { struct T { int depth(const T* t) const { return t ? 1 + depth(t) : 0; } }; }",
     # Template recursion instantiates a new function per step: Vitis HLS synthesizes it.
     "namespace a { template <int N> int sum(const int* x) { return x[0] + sum<N - 1>(x + 1); }\n"
     "template <> int sum<0>(const int*) { return 0; } }"),
    ("unbounded-loop",
     "void f(int n) { int i = 0; while (i < n) ++i; }",
     "void f(int n) { for (int i = 0; i < 64; ++i) { if (i >= n) break; } }"),
    ("unbounded-loop",
     "void f(int n) { int i = 0; do { ++i; } while (i < n); }",
     "void f(int n) { for (int i = 0; i < n && i < kMaxRow; ++i) {} }"),
    ("unbounded-loop",
     "void f(int n, float* y) { for (int i = 0; i < n; ++i) { y[i] = 0.0f; } }",
     "void f(int n, float* y) { for (int i = 0; i < n; ++i) {\n"
     "  ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = 64)\n  y[i] = 0.0f; } }"),
    ("unbounded-loop",
     "template <int N> void f(const Cfg& c, float* y) { for (int i = 0; i < c.n; ++i) y[i] = 0; }",
     "template <int N> void f(float* y) { for (int i = 0; i < N * 2 + sizeof(float); ++i) "
     "y[i] = 0; }"),
]


@pytest.mark.parametrize(("rule", "bad", "good"), CASES,
                         ids=[f"{rule}-{k}" for k, (rule, _, _) in enumerate(CASES)])
def test_rule_fires_on_bad_and_not_on_good(rule, bad, good):
    assert rule in rules(bad)
    assert rules(good) == []


def test_message_format_and_line_numbers():
    text = ("// header\n"
            "#include <vector>\n"
            "/* a block comment\n   over lines */\n"
            "void f(int n) {\n"
            "  int* p = new int[n];\n"
            "  while (n > 0) --n;\n"
            "}\n")
    assert lint_source(text, "src/x.cpp") == [
        "src/x.cpp:2: stl-container: '#include <vector>'",
        "src/x.cpp:6: dynamic-allocation: 'new'",
        "src/x.cpp:7: unbounded-loop: while loop: write a for loop with a compile-time bound",
    ]


def test_comments_and_literals_are_ignored():
    text = ('// new delete malloc virtual goto while\n'
            '/* std::vector<int> do { } while (1); */\n'
            'const char* kName = "malloc free( new std::string goto";\n'
            "const char kQuote = '\"';\n"
            'const char* kEscaped = "a \\" while (1) new";\n'
            "constexpr long kBig = 1'000'000;  // digit separators are no char literals\n"
            "int f() { return 1; }  // f( inside a comment\n")
    assert lint_source(text, "x.cpp") == []


def test_do_while_reported_once_and_tripcount_before_nested_loop_only():
    do_while = "void f(int n) { int i = 0;\n do {\n ++i;\n } while (i < n);\n}\n"
    assert lint_source(do_while, "x.cpp") == [
        "x.cpp:2: unbounded-loop: do-while loop: write a for loop with a compile-time bound"]
    # A LOOP_TRIPCOUNT after a nested loop belongs to that loop, not to the outer one.
    nested = ("void f(int n, int m, float* y) {\n"
              "  for (int i = 0; i < n; ++i) {\n"
              "    for (int j = 0; j < m; ++j) {\n"
              "#pragma HLS LOOP_TRIPCOUNT min = 1 max = 8\n"
              "      y[j] = 0.0f;\n"
              "    }\n"
              "  }\n"
              "}\n")
    messages = lint_source(nested, "x.cpp")
    assert [m.split(":")[1] for m in messages] == ["2"]
    assert "'i < n'" in messages[0]


def test_compile_time_bounds_and_exemptions():
    text = ("constexpr int ceil_pow2(int n) { int w = 1; while (w < n) w <<= 1; return w; }\n"
            "template <int MAXN> void f(float* y, int n) {\n"
            "  for (int i = 0; i < MAXN; ++i) y[i] = 0.0f;\n"
            "  for (int i = 0; i < kMaxRow; i += 2) y[i] = 0.0f;\n"
            "  for (int i = 0; (i < n) && (i < static_cast<int>(MAXN)); ++i) y[i] = 0.0f;\n"
            "  for (int half = MAXN / 2; half >= 1; half /= 2) {\n"
            "    for (int i = 0; i < half; ++i) {\n"
            "      ACCLLM_HLS(HLS UNROLL)\n"
            "      y[i] += y[i + half];\n"
            "    }\n"
            "  }\n"
            "  for (float v : y_fixed) (void)v;\n"
            "}\n")
    assert lint_source(text, "x.cpp") == []
    # An UNROLL with a factor leaves the trip count unknown; || bounds nothing.
    partial = ("void f(int n, int m, float* y) {\n"
               "  for (int i = 0; i < n; ++i) {\n    ACCLLM_HLS(HLS UNROLL factor = 4)\n  }\n"
               "  for (int i = 0; i < n || i < 64; ++i) y[i] = 0.0f;\n"
               "}\n")
    assert [m.split(":")[1] for m in lint_source(partial, "x.cpp")] == ["2", "5"]


def test_recursion_ignores_the_definition_and_other_functions():
    text = ("struct Engine {\n"
            "  void step(int layer) { run(layer); }\n"
            "  void run(int layer) const {\n"
            "    if (layer > 0) run(layer - 1);\n"
            "  }\n"
            "};\n")
    assert lint_source(text, "x.h") == ["x.h:4: recursion: 'run' calls itself"]


def test_lint_project_sorted_and_skips_testbench(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "include").mkdir()
    (tmp_path / "tb").mkdir()
    (tmp_path / "src" / "b_top.cpp").write_text("void top() { goto end; end: return; }\n")
    (tmp_path / "src" / "a_config.h").write_text("struct C { virtual void f(); };\n")
    (tmp_path / "include" / "lib.h").write_text("\n#include <map>\n")
    (tmp_path / "tb" / "tb.cpp").write_text("#include <vector>\nint main() { while (1) {} }\n")
    assert lint_project(tmp_path) == [
        "include/lib.h:2: stl-container: '#include <map>'",
        "src/a_config.h:1: virtual: 'virtual'",
        "src/b_top.cpp:1: goto: 'goto'",
    ]


def test_math_header_is_clean():
    assert lint_source(MATH_HEADER.read_text(), "accllm_math.h") == []
