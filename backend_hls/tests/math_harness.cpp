// Test harness of backend_hls/include/accllm_math.h (driven by test/python/test_hls_math.py).
//
//   math_harness OP INPUT OUTPUT
//
// Both files are flat little-endian arrays of 32-bit words (float32 or int32, by position).
//
//   exp | silu | gelu_tanh | gelu_erf | tanh | rsqrt   in: float x[*]   out: float y[*]
//   sincos                  in: float a[*]                 out: float sin[*], float cos[*]
//   tree_sum                in: rows                       out: per row: float sum_n,
//                                                               int32 has_fixed, float sum_fixed
//   quant_sym               in: int32 bits, rows           out: per row: float scale,
//                                                               int32 q[n] (runtime variant),
//                                                               int32 has_fixed, int32 q[n]
//   quant_asym              in: int32 bits, rows           out: per row: float scale, int32 zero,
//                                                               int32 codes[n], int32 has_fixed,
//                                                               float scale, int32 zero,
//                                                               int32 codes[n]
//   rmsnorm                 in: float eps, rows of x then  out: per row: float y[n] (runtime),
//                               w (n counts x only)             int32 has_fixed, float y[n]
//   rope                    in: int32 d, float scaling,    out: per position: float y[d]
//                               float inv_freq[d/2], then
//                               per position: int32 pos, float x[d]
//
// "rows" is: int32 count, then per row int32 n and n float32 values. `has_fixed` says whether
// the compile-time-size variant (template<int N>) was instantiated for this n (a fixed list of
// sizes); when it is 0 the fixed-variant fields repeat the runtime ones.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <type_traits>
#include <vector>

#include "accllm_math.h"

namespace {

constexpr int kMax = 8192;

struct Reader {
  std::vector<uint32_t> words;
  size_t pos = 0;
  uint32_t u32() {
    if (pos >= words.size()) {
      std::fprintf(stderr, "input too short\n");
      std::exit(2);
    }
    return words[pos++];
  }
  int32_t i32() { return static_cast<int32_t>(u32()); }
  float f32() { return accllm::float_from_bits(u32()); }
  bool done() const { return pos >= words.size(); }
};

struct Writer {
  std::vector<uint32_t> words;
  void u32(uint32_t v) { words.push_back(v); }
  void i32(int32_t v) { words.push_back(static_cast<uint32_t>(v)); }
  void f32(float v) { words.push_back(accllm::bits_from_float(v)); }
};

// Calls op(std::integral_constant<int, N>) for the instantiated sizes; false otherwise.
#define ACCLLM_FIXED_SIZES(X) \
  X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(15) X(16) X(17) X(31) X(32) X(33) X(63) \
  X(64) X(65) X(100) X(127) X(128) X(129) X(255) X(256) X(257) X(300) X(4096)

template <typename Op>
bool with_fixed_size(int n, Op op) {
  switch (n) {
#define ACCLLM_CASE(N)                        \
  case N:                                     \
    op(std::integral_constant<int, N>{});     \
    return true;
    ACCLLM_FIXED_SIZES(ACCLLM_CASE)
#undef ACCLLM_CASE
    default:
      return false;
  }
}

int read_len(Reader& in) {
  const int n = in.i32();
  if (n < 1 || n > kMax) {
    std::fprintf(stderr, "bad row length %d\n", n);
    std::exit(2);
  }
  return n;
}

void read_row(Reader& in, int n, float* x) {
  for (int i = 0; i < n; ++i) x[i] = in.f32();
}

void op_tree_sum(Reader& in, Writer& out) {
  static float x[kMax];
  const int rows = in.i32();
  for (int r = 0; r < rows; ++r) {
    const int n = read_len(in);
    read_row(in, n, x);
    const float sum_n = accllm::tree_sum_n<kMax>(x, n);
    float sum_fixed = sum_n;
    const bool fixed = with_fixed_size(n, [&](auto size) {
      constexpr int N = decltype(size)::value;
      float a[N];
      for (int i = 0; i < N; ++i) a[i] = x[i];
      sum_fixed = accllm::tree_sum<N>(a);
    });
    out.f32(sum_n);
    out.i32(fixed ? 1 : 0);
    out.f32(sum_fixed);
  }
}

template <int BITS>
void quant_sym_rows(Reader& in, Writer& out) {
  static float x[kMax];
  static int8_t q[kMax];
  static int8_t qf[kMax];
  const int rows = in.i32();
  for (int r = 0; r < rows; ++r) {
    const int n = read_len(in);
    read_row(in, n, x);
    float scale = -1.0f;
    accllm::quantize_symmetric_n<BITS>(x, n, q, scale);
    float scale_fixed = scale;
    for (int i = 0; i < n; ++i) qf[i] = q[i];
    const bool fixed = with_fixed_size(n, [&](auto size) {
      constexpr int N = decltype(size)::value;
      float a[N];
      int8_t c[N];
      for (int i = 0; i < N; ++i) a[i] = x[i];
      accllm::quantize_symmetric<BITS, N>(a, c, scale_fixed);
      for (int i = 0; i < N; ++i) qf[i] = c[i];
    });
    out.f32(scale);
    for (int i = 0; i < n; ++i) out.i32(q[i]);
    out.i32(fixed ? 1 : 0);
    out.f32(scale_fixed);
    for (int i = 0; i < n; ++i) out.i32(qf[i]);
  }
}

template <int BITS>
void quant_asym_rows(Reader& in, Writer& out) {
  static float x[kMax];
  static uint8_t c[kMax];
  static uint8_t cf[kMax];
  const int rows = in.i32();
  for (int r = 0; r < rows; ++r) {
    const int n = read_len(in);
    read_row(in, n, x);
    float scale = -1.0f;
    uint8_t zero = 255;
    accllm::quantize_asymmetric_n<BITS>(x, n, c, zero, scale);
    float scale_fixed = scale;
    uint8_t zero_fixed = zero;
    for (int i = 0; i < n; ++i) cf[i] = c[i];
    const bool fixed = with_fixed_size(n, [&](auto size) {
      constexpr int N = decltype(size)::value;
      float a[N];
      uint8_t k[N];
      for (int i = 0; i < N; ++i) a[i] = x[i];
      accllm::quantize_asymmetric<BITS, N>(a, k, zero_fixed, scale_fixed);
      for (int i = 0; i < N; ++i) cf[i] = k[i];
    });
    out.f32(scale);
    out.i32(zero);
    for (int i = 0; i < n; ++i) out.i32(c[i]);
    out.i32(fixed ? 1 : 0);
    out.f32(scale_fixed);
    out.i32(zero_fixed);
    for (int i = 0; i < n; ++i) out.i32(cf[i]);
  }
}

void op_rmsnorm(Reader& in, Writer& out) {
  static float x[kMax];
  static float w[kMax];
  static float y[kMax];
  static float yf[kMax];
  const float eps = in.f32();
  const int rows = in.i32();
  for (int r = 0; r < rows; ++r) {
    const int n = read_len(in);
    read_row(in, n, x);
    read_row(in, n, w);
    accllm::rmsnorm_row_n<kMax>(x, w, n, eps, y);
    for (int i = 0; i < n; ++i) yf[i] = y[i];
    const bool fixed = with_fixed_size(n, [&](auto size) {
      constexpr int N = decltype(size)::value;
      static float a[N];
      static float b[N];
      static float o[N];
      for (int i = 0; i < N; ++i) {
        a[i] = x[i];
        b[i] = w[i];
      }
      accllm::rmsnorm_row<N>(a, b, eps, o);
      for (int i = 0; i < N; ++i) yf[i] = o[i];
    });
    for (int i = 0; i < n; ++i) out.f32(y[i]);
    out.i32(fixed ? 1 : 0);
    for (int i = 0; i < n; ++i) out.f32(yf[i]);
  }
}

template <int D>
void rope_rows(Reader& in, Writer& out, float scaling) {
  float inv_freq[D / 2];
  for (int k = 0; k < D / 2; ++k) inv_freq[k] = in.f32();
  while (!in.done()) {
    const int32_t position = in.i32();
    float x[D];
    float y[D];
    for (int i = 0; i < D; ++i) x[i] = in.f32();
    accllm::rope_row<D>(x, position, inv_freq, scaling, y);
    for (int i = 0; i < D; ++i) out.f32(y[i]);
  }
}

void op_rope(Reader& in, Writer& out) {
  const int d = in.i32();
  const float scaling = in.f32();
  switch (d) {
    case 2: rope_rows<2>(in, out, scaling); break;
    case 64: rope_rows<64>(in, out, scaling); break;
    case 128: rope_rows<128>(in, out, scaling); break;
    default:
      std::fprintf(stderr, "rope: head_dim %d not instantiated\n", d);
      std::exit(2);
  }
}

bool load(const char* path, Reader& in) {
  FILE* f = std::fopen(path, "rb");
  if (!f) return false;
  std::fseek(f, 0, SEEK_END);
  const long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  if (size < 0 || size % 4 != 0) {
    std::fclose(f);
    return false;
  }
  in.words.resize(static_cast<size_t>(size) / 4);
  const size_t got = std::fread(in.words.data(), 4, in.words.size(), f);
  std::fclose(f);
  return got == in.words.size();
}

bool save(const char* path, const Writer& out) {
  FILE* f = std::fopen(path, "wb");
  if (!f) return false;
  const size_t put = std::fwrite(out.words.data(), 4, out.words.size(), f);
  return std::fclose(f) == 0 && put == out.words.size();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s OP INPUT OUTPUT\n", argv[0]);
    return 2;
  }
  const char* op = argv[1];
  Reader in;
  Writer out;
  if (!load(argv[2], in)) {
    std::fprintf(stderr, "cannot read %s\n", argv[2]);
    return 2;
  }
  if (std::strcmp(op, "exp") == 0) {
    while (!in.done()) out.f32(accllm::exp_f32(in.f32()));
  } else if (std::strcmp(op, "silu") == 0) {
    while (!in.done()) out.f32(accllm::silu_f32(in.f32()));
  } else if (std::strcmp(op, "tanh") == 0) {
    while (!in.done()) out.f32(accllm::tanh_f32(in.f32()));
  } else if (std::strcmp(op, "gelu_tanh") == 0) {
    while (!in.done()) out.f32(accllm::gelu_tanh_f32(in.f32()));
  } else if (std::strcmp(op, "gelu_erf") == 0) {
    while (!in.done()) out.f32(accllm::gelu_erf_f32(in.f32()));
  } else if (std::strcmp(op, "rsqrt") == 0) {
    while (!in.done()) out.f32(accllm::rsqrt_f32(in.f32()));
  } else if (std::strcmp(op, "sincos") == 0) {
    const size_t n = in.words.size();
    std::vector<float> c(n);
    for (size_t i = 0; i < n; ++i) {
      float s;
      accllm::sincos_f32(in.f32(), s, c[i]);
      out.f32(s);
    }
    for (size_t i = 0; i < n; ++i) out.f32(c[i]);
  } else if (std::strcmp(op, "tree_sum") == 0) {
    op_tree_sum(in, out);
  } else if (std::strcmp(op, "quant_sym") == 0) {
    const int bits = in.i32();
    if (bits == 8) {
      quant_sym_rows<8>(in, out);
    } else if (bits == 4) {
      quant_sym_rows<4>(in, out);
    } else {
      std::fprintf(stderr, "quant_sym: bits %d not instantiated\n", bits);
      return 2;
    }
  } else if (std::strcmp(op, "quant_asym") == 0) {
    const int bits = in.i32();
    if (bits == 4) {
      quant_asym_rows<4>(in, out);
    } else if (bits == 2) {
      quant_asym_rows<2>(in, out);
    } else if (bits == 8) {
      quant_asym_rows<8>(in, out);
    } else {
      std::fprintf(stderr, "quant_asym: bits %d not instantiated\n", bits);
      return 2;
    }
  } else if (std::strcmp(op, "rmsnorm") == 0) {
    op_rmsnorm(in, out);
  } else if (std::strcmp(op, "rope") == 0) {
    op_rope(in, out);
  } else {
    std::fprintf(stderr, "unknown op %s\n", op);
    return 2;
  }
  if (!save(argv[3], out)) {
    std::fprintf(stderr, "cannot write %s\n", argv[3]);
    return 2;
  }
  return 0;
}
