// accllm_math.h -- the golden numerics of accllm in synthesizable C++17 (header only).
//
// Contract
// --------
// Every function here reproduces, bit for bit, the float32 result of its Python definition
// in the golden model:
//
//   exp_f32, sincos_f32, rsqrt_f32, silu_f32,            frontend/golden_math.py
//   gelu_tanh_f32, gelu_erf_f32, tanh_f32, softcap_f32, tree_sum
//   quantize_symmetric, quantize_asymmetric                frontend/golden.py (quantizers)
//   rmsnorm_row, rope_row                                  GoldenModel._rmsnorm / ._rope
//
// (docs/numerics.md states the contract in prose). The Python side uses numpy float32
// elementwise arithmetic: every `+ - * /` and `sqrt` is one IEEE-754 binary32 operation,
// rounded to nearest-even, in a fixed order. The code below performs the same operations,
// on the same float32 constants (written as `static_cast<float>(double literal)`, exactly
// what `np.float32(python_float)` does), in the same order. This holds when:
//
//   * the compiler does not contract `a * b + c` into a fused multiply-add and does not
//     reassociate: compile with `-ffp-contract=off` and without `-ffast-math` (g++ on
//     x86-64 uses SSE, so there is no x87 excess precision); in Vitis HLS keep the default
//     (no `config_compile -unsafe_math_optimizations`) and do not let it fuse FP ops;
//   * the FP environment is the default one: round to nearest-even, no flush-to-zero /
//     denormals-are-zero (subnormal results of exp_f32 and the quantizers matter);
//   * inputs are finite (NaN inputs give NaN where noted, otherwise unspecified), and
//     sincos_f32 angles satisfy |a| < 2**16 * pi / 2 (the golden model's documented range).
//
// np.rint (round half to even) is `round_half_even`, an exact add-and-subtract of 1.5 * 2^23
// (no library call, no rounding-mode dependence other than the default mode). No library
// exp / sin / cos is used; `std::sqrt` (correctly rounded by IEEE-754, as is hls::sqrt) is
// the only math-library call. Reductions use the balanced adder tree of `tree_sum`, with
// the same +0.0 padding, so even signed zeros come out as in numpy.
//
// Style: synthesizable -- fixed-size arrays or compile-time maxima, bounded loops, no dynamic
// allocation, no recursion, no STL containers, no virtual calls. HLS directives are written
// as ACCLLM_HLS(...) and expand to `_Pragma("HLS ...")` only under Vitis HLS synthesis
// (__SYNTHESIS__), so g++ with -Wall -Werror (-Wunknown-pragmas) stays quiet.
#ifndef ACCLLM_MATH_H
#define ACCLLM_MATH_H

#include <cmath>
#include <cstdint>

// Concurrency and HBM traffic are written as macros too: ACCLLM_PROCESS(call) is one
// process of a DATAFLOW region, ACCLLM_DATAFLOW_JOIN() ends the region, ACCLLM_HBM(channel,
// beat, burst) / ACCLLM_HBM_WRITE(...) mark one beat of m_axi traffic. Under synthesis they are the plain call and
// nothing; accllm's C simulation (-DACCLLM_SIM, include/sim/accllm_sim.h) runs each process
// in its own thread over bounded FIFOs and times directives, streams and HBM beats.
#if defined(__SYNTHESIS__)
#define ACCLLM_HLS(...) _Pragma(#__VA_ARGS__)
#define ACCLLM_PROCESS(...) __VA_ARGS__
#define ACCLLM_DATAFLOW_JOIN()
#define ACCLLM_HBM(channel, beat, burst)
#define ACCLLM_HBM_WRITE(channel, beat, burst)
#define ACCLLM_SIM_NAME(stream, text)
#elif defined(ACCLLM_SIM)
#include "accllm_sim.h"
#define ACCLLM_HLS(...) ACCLLM_SIM_DIRECTIVE(#__VA_ARGS__)
#define ACCLLM_PROCESS(...) ::accllm_sim::spawn(#__VA_ARGS__, [&]() { __VA_ARGS__; })
#define ACCLLM_DATAFLOW_JOIN() ::accllm_sim::dataflow_join(::accllm_sim::self())
#define ACCLLM_HBM(channel, beat, burst) ::accllm_sim::hbm((channel), (beat), (burst))
#define ACCLLM_HBM_WRITE(channel, beat, burst) ::accllm_sim::hbm((channel), (beat), (burst), true)
#define ACCLLM_SIM_NAME(stream, text) (stream).set_name(text)
#else
#define ACCLLM_HLS(...)
#define ACCLLM_PROCESS(...) __VA_ARGS__
#define ACCLLM_DATAFLOW_JOIN()
#define ACCLLM_HBM(channel, beat, burst)
#define ACCLLM_HBM_WRITE(channel, beat, burst)
#define ACCLLM_SIM_NAME(stream, text)
#endif

namespace accllm {

// ---------------------------------------------------------------------------------------
// Constants: np.float32(<python float>) == static_cast<float>(<double literal>).
// ---------------------------------------------------------------------------------------

// exp: x = n ln2 + r (Cody-Waite); LN2_HI has 12 trailing zero bits.
constexpr float kLog2e = static_cast<float>(1.44269504088896341);
constexpr float kLn2Hi = static_cast<float>(0.693145751953125);
constexpr float kLn2Lo = static_cast<float>(1.42860682030941723212e-6);
constexpr float kExpMin = static_cast<float>(-87.33654);
constexpr float kExpMax = static_cast<float>(88.0);
// Taylor coefficients 1/k! for k = 6 .. 0 (Horner, highest first).
constexpr float kExpPoly0 = static_cast<float>(1.0 / 720.0);
constexpr float kExpPoly1 = static_cast<float>(1.0 / 120.0);
constexpr float kExpPoly2 = static_cast<float>(1.0 / 24.0);
constexpr float kExpPoly3 = static_cast<float>(1.0 / 6.0);
constexpr float kExpPoly4 = static_cast<float>(1.0 / 2.0);
constexpr float kExpPoly5 = 1.0f;
constexpr float kExpPoly6 = 1.0f;

// GELU (golden_math._GELU_TANH_2K, _GELU_TANH_CUBIC, _INV_SQRT2, _ERFC_P, _ERFC_POLY).
constexpr float kGeluTanh2K = static_cast<float>(1.5957691216057308);
constexpr float kGeluTanhCubic = static_cast<float>(0.044715);
constexpr float kInvSqrt2 = static_cast<float>(0.7071067811865476);
constexpr float kErfcP = static_cast<float>(0.3275911);
constexpr float kErfcPoly0 = static_cast<float>(1.061405429);
constexpr float kErfcPoly1 = static_cast<float>(-1.453152027);
constexpr float kErfcPoly2 = static_cast<float>(1.421413741);
constexpr float kErfcPoly3 = static_cast<float>(-0.284496736);
constexpr float kErfcPoly4 = static_cast<float>(0.254829592);

// sin/cos: a = k pi/2 + r, pi/2 in three float32 parts.
constexpr float kTwoOverPi = static_cast<float>(0.636619772367581343);
constexpr float kPio2_1 = static_cast<float>(1.5703125);
constexpr float kPio2_2 = static_cast<float>(4.837512969970703125e-4);
constexpr float kPio2_3 = static_cast<float>(7.54978995489188216e-8);
constexpr float kSinPoly0 = static_cast<float>(-1.0 / 5040.0);
constexpr float kSinPoly1 = static_cast<float>(1.0 / 120.0);
constexpr float kSinPoly2 = static_cast<float>(-1.0 / 6.0);
constexpr float kCosPoly0 = static_cast<float>(1.0 / 40320.0);
constexpr float kCosPoly1 = static_cast<float>(-1.0 / 720.0);
constexpr float kCosPoly2 = static_cast<float>(1.0 / 24.0);
constexpr float kCosPoly3 = static_cast<float>(-1.0 / 2.0);

// Default compile-time maximum length of the runtime-length reductions.
constexpr int kMaxRow = 4096;

// ---------------------------------------------------------------------------------------
// Bit-level helpers
// ---------------------------------------------------------------------------------------

// Type punning through a union: defined behaviour in GCC/Clang and supported by Vitis HLS.
union F32Bits {
  float f;
  uint32_t u;
};

inline float float_from_bits(uint32_t u) {
  ACCLLM_HLS(HLS INLINE)
  F32Bits b;
  b.u = u;
  return b.f;
}

inline uint32_t bits_from_float(float f) {
  ACCLLM_HLS(HLS INLINE)
  F32Bits b;
  b.f = f;
  return b.u;
}

// |x| by clearing the sign bit (np.abs: abs(-0.0) == +0.0).
inline float abs_f32(float x) {
  ACCLLM_HLS(HLS INLINE)
  return float_from_bits(bits_from_float(x) & 0x7fffffffu);
}

// np.rint: round half to even, keeping the sign (rint(-0.3) == -0.0). For |x| < 2^23 the sum
// |x| + 1.5*2^23 lies in [2^23, 2^24), where the float32 spacing is 1, so the addition rounds
// |x| to an integer (nearest-even) exactly once and the subtraction is exact. Larger values,
// infinities and NaN are returned unchanged (they already are integers / not numbers).
inline float round_half_even(float x) {
  ACCLLM_HLS(HLS INLINE)
  const float kMagic = 12582912.0f;  // 1.5 * 2^23
  const float ax = abs_f32(x);
  if (!(ax < 8388608.0f)) return x;
  const float r = (ax + kMagic) - kMagic;
  return x < 0.0f ? -r : (x > 0.0f ? r : x);
}

// 2**n for integer n in [-126, 127], built from the exponent bits (exact).
inline float pow2_int(int32_t n) {
  ACCLLM_HLS(HLS INLINE)
  return float_from_bits(static_cast<uint32_t>(n + 127) << 23);
}

// floor(n / 2) for any int32 (numpy floor_divide of an integer-valued float by 2).
inline int32_t floor_div2(int32_t n) {
  ACCLLM_HLS(HLS INLINE)
  return n >= 0 ? n / 2 : -((1 - n) / 2);
}

// np.minimum / np.maximum against a non-NaN bound: a NaN `x` propagates.
inline float max_nan(float x, float bound) {
  ACCLLM_HLS(HLS INLINE)
  return x < bound ? bound : x;
}
inline float min_nan(float x, float bound) {
  ACCLLM_HLS(HLS INLINE)
  return x > bound ? bound : x;
}

constexpr int ceil_pow2(int n) {
  int w = 1;
  while (w < n) w <<= 1;
  return w;
}

// ---------------------------------------------------------------------------------------
// Elementwise functions
// ---------------------------------------------------------------------------------------

// e**x (golden_math.exp_f32): 0 below kExpMin, clamped at kExpMax; NaN -> NaN.
inline float exp_f32(float x) {
  ACCLLM_HLS(HLS INLINE off)
  ACCLLM_HLS(HLS PIPELINE II = 1)
  const bool underflow = x < kExpMin;
  const float xc = min_nan(max_nan(x, kExpMin), kExpMax);
  if (xc != xc) return xc;  // NaN
  const float n = round_half_even(xc * kLog2e);
  const float r = (xc - n * kLn2Hi) - n * kLn2Lo;
  float p = kExpPoly0;
  p = p * r + kExpPoly1;
  p = p * r + kExpPoly2;
  p = p * r + kExpPoly3;
  p = p * r + kExpPoly4;
  p = p * r + kExpPoly5;
  p = p * r + kExpPoly6;
  // n in [-126, 127]: scale in two exact power-of-two steps (2**half stays normal).
  const int32_t ni = static_cast<int32_t>(n);
  const int32_t half = floor_div2(ni);
  const float result = (p * pow2_int(half)) * pow2_int(ni - half);
  return underflow ? 0.0f : result;
}

// (sin a, cos a) (golden_math.sincos_f32) for |a| < 2**16 * pi/2.
inline void sincos_f32(float a, float& sin_out, float& cos_out) {
  ACCLLM_HLS(HLS INLINE off)
  ACCLLM_HLS(HLS PIPELINE II = 1)
  const float k = round_half_even(a * kTwoOverPi);
  const float r = ((a - k * kPio2_1) - k * kPio2_2) - k * kPio2_3;
  const float r2 = r * r;
  float s = kSinPoly0;
  s = s * r2 + kSinPoly1;
  s = s * r2 + kSinPoly2;
  const float sin_r = r + (r * r2) * s;
  float c = kCosPoly0;
  c = c * r2 + kCosPoly1;
  c = c * r2 + kCosPoly2;
  c = c * r2 + kCosPoly3;
  const float cos_r = 1.0f + r2 * c;
  // k mod 4 in two's complement (numpy: int64(k) & 3); |k| < 2^17 here.
  const int32_t quadrant = static_cast<int32_t>(k) & 3;
  switch (quadrant) {
    case 0: sin_out = sin_r; cos_out = cos_r; break;
    case 1: sin_out = cos_r; cos_out = -sin_r; break;
    case 2: sin_out = -sin_r; cos_out = -cos_r; break;
    default: sin_out = -cos_r; cos_out = sin_r; break;
  }
}

// 1 / sqrt(x): two correctly rounded operations (golden_math.rsqrt_f32).
inline float rsqrt_f32(float x) {
  ACCLLM_HLS(HLS INLINE)
  return 1.0f / std::sqrt(x);
}

// The gated MLP's activations (golden_math.silu_f32, gelu_tanh_f32, gelu_erf_f32), split
// around their one exp_f32 so that an SFU lane serving all three builds a single exp unit:
//   SiLU       x / (1 + e**-x)
//   GELU tanh  x / (1 + e**-2u), u = sqrt(2/pi) (x + 0.044715 x^3)   (= 0.5 x (1 + tanh u))
//   GELU erf   0.5 x (1 + erf(x / sqrt 2)), erfc(a = |x| / sqrt 2) = poly(t) t e**-a^2
inline float gate_exp_arg(float x, bool gelu, bool tanh_form) {
  ACCLLM_HLS(HLS INLINE)
  if (!gelu) return -x;
  if (tanh_form) return -(kGeluTanh2K * (x + kGeluTanhCubic * ((x * x) * x)));
  const float a = std::fabs(x) * kInvSqrt2;
  return -(a * a);
}

// 0.5 x (1 + erf(x / sqrt 2)) from e = e**-a^2: 2 - erfc for x >= 0, erfc below (which keeps
// the negative tail's relative accuracy).
inline float gelu_erf_from_exp(float x, float e) {
  ACCLLM_HLS(HLS INLINE)
  const float a = std::fabs(x) * kInvSqrt2;
  const float t = 1.0f / (1.0f + kErfcP * a);
  float poly = kErfcPoly0;
  poly = poly * t + kErfcPoly1;
  poly = poly * t + kErfcPoly2;
  poly = poly * t + kErfcPoly3;
  poly = poly * t + kErfcPoly4;
  const float erfc = (poly * t) * e;
  const float half_x = 0.5f * x;
  return x >= 0.0f ? half_x * (2.0f - erfc) : half_x * erfc;
}

inline float gate_activation_f32(float x, bool gelu, bool tanh_form) {
  ACCLLM_HLS(HLS INLINE)
  const float e = exp_f32(gate_exp_arg(x, gelu, tanh_form));
  return gelu && !tanh_form ? gelu_erf_from_exp(x, e) : x / (1.0f + e);
}

// tanh from exp_f32: (1 - t) / (1 + t), t = e**-2|x|, signed like x (golden_math.tanh_f32).
inline float tanh_f32(float x) {
  ACCLLM_HLS(HLS INLINE)
  const float t = exp_f32(-(2.0f * std::fabs(x)));
  const float magnitude = (1.0f - t) / (1.0f + t);
  return x < 0.0f ? -magnitude : magnitude;
}

// Logit soft-capping cap * tanh(x / cap): divide, tanh, multiply (golden_math.softcap_f32).
inline float softcap_f32(float x, float cap) {
  ACCLLM_HLS(HLS INLINE)
  return tanh_f32(x / cap) * cap;
}

inline float silu_f32(float x) { return gate_activation_f32(x, false, false); }
inline float gelu_tanh_f32(float x) { return gate_activation_f32(x, true, true); }
inline float gelu_erf_f32(float x) { return gate_activation_f32(x, true, false); }

// ---------------------------------------------------------------------------------------
// Reductions: the balanced adder tree (golden_math.tree_sum)
// ---------------------------------------------------------------------------------------

// Pad with +0.0 to the next power of two W, then add element i + half onto element i for
// half = W/2, W/4, ..., 1. Result of element 0.
template <int N>
inline float tree_sum(const float (&x)[N]) {
  static_assert(N >= 1, "tree_sum needs at least one element");
  constexpr int W = ceil_pow2(N);
  float buf[W];
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = buf complete)
  for (int i = 0; i < W; ++i) {
    ACCLLM_HLS(HLS UNROLL)
    buf[i] = i < N ? x[i] : 0.0f;
  }
  for (int half = W / 2; half >= 1; half /= 2) {
    ACCLLM_HLS(HLS UNROLL)
    for (int i = 0; i < half; ++i) {
      ACCLLM_HLS(HLS UNROLL)
      buf[i] = buf[i] + buf[i + half];
    }
  }
  return buf[0];
}

// The running sums of a reduction streamed an element a cycle (golden_math.SOFTMAX_PARTIALS):
// element i goes onto sum i mod kSoftmaxPartials, then tree_sum of the sums. A sum's next
// addition comes kSoftmaxPartials cycles after its last, past the adder's latency.
constexpr int kSoftmaxPartials = 8;

// Runtime length 0 <= n <= MAXN (n is clamped into that range): the tree of width
// ceil_pow2(n), exactly as numpy builds it for this n (not the tree of width MAXN, which
// would differ in the sign of zero results). n == 0 gives +0.0.
// The row functions below take SFU_LANES, the elements they process per cycle (the engine
// passes C::SFU_LANES). The parameter carries the configuration constant's name because
// the timed C simulation reads a directive's value by name from the configuration.
template <int MAXN = kMaxRow, int SFU_LANES = 1>
inline float tree_sum_n(const float* x, int n) {
  static_assert(MAXN >= 1, "MAXN must be positive");
  constexpr int MAXW = ceil_pow2(MAXN);
  constexpr int HALF = MAXW / 2 > 0 ? MAXW / 2 : 1;
  if (n > MAXN) n = MAXN;
  if (n <= 0) return 0.0f;
  if (n == 1) return x[0];
  int width = 1;
  for (int w = 1; w < MAXW; w <<= 1) {
    if (width < n) width <<= 1;
  }
  // The stages ping-pong between two buffers (no bank read and written in one cycle); the
  // first reads x itself, its elements from n on being the +0.0 padding.
  float ping[HALF];
  float pong[HALF / 2 > 0 ? HALF / 2 : 1];
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = ping type = cyclic factor = SFU_LANES)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = pong type = cyclic factor = SFU_LANES)
  // Three loops, one per direction (a loop reading and writing one buffer would need three
  // ports per bank): each stage enters its loop anew.
  int half = width / 2;
  for (int i = 0; i < half; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS UNROLL factor = SFU_LANES)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = HALF)
    ping[i] = x[i] + (i + half < n ? x[i + half] : 0.0f);
  }
  int stages = 1;
  for (half /= 2; half >= 1; half /= 2, ++stages) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = 16)
    if (stages % 2 == 1) {
      for (int i = 0; i < half; ++i) {
        ACCLLM_HLS(HLS PIPELINE II = 1)
        ACCLLM_HLS(HLS UNROLL factor = SFU_LANES)
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = HALF / 2)
        pong[i] = ping[i] + ping[i + half];
      }
    } else {
      for (int i = 0; i < half; ++i) {
        ACCLLM_HLS(HLS PIPELINE II = 1)
        ACCLLM_HLS(HLS UNROLL factor = SFU_LANES)
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = HALF / 4)
        ping[i] = pong[i] + pong[i + half];
      }
    }
  }
  return stages % 2 == 1 ? ping[0] : pong[0];
}

// ---------------------------------------------------------------------------------------
// Quantizers (golden.quantize_symmetric / golden.quantize_asymmetric), one row each
// ---------------------------------------------------------------------------------------

// Symmetric BITS-bit (A8: BITS = 8) quantization: scale = max|x| / qmax,
// q = clip(rint(x / scale), -qmax, qmax); an all-zero row (scale not > 0) gives q = 0 and
// scale = 0. The scale of a row from its largest magnitude, and one element's code: a unit
// that streams its row (the SFU's QUANT) applies them in its own passes.
struct SymmetricScale {
  float scale;
  float safe;  // the divisor: the scale, or 1 for an all-zero row
  bool positive;
};

template <int BITS>
inline SymmetricScale symmetric_scale(float max_abs) {
  static_assert(BITS >= 2 && BITS <= 8, "codes are int8");
  const float s = max_abs / static_cast<float>((1 << (BITS - 1)) - 1);
  return {s, s > 0.0f ? s : 1.0f, s > 0.0f};
}

template <int BITS>
inline int8_t symmetric_code(float x, const SymmetricScale& q) {
  ACCLLM_HLS(HLS INLINE)
  const float qmax = static_cast<float>((1 << (BITS - 1)) - 1);
  float v = round_half_even(x / q.safe);
  v = v < -qmax ? -qmax : (v > qmax ? qmax : v);
  return q.positive ? static_cast<int8_t>(static_cast<int32_t>(v)) : static_cast<int8_t>(0);
}

// One row of n >= 1 values.
template <int BITS, int SFU_LANES = 1>
inline void quantize_symmetric_n(const float* x, int n, int8_t* q, float& scale) {
  // max|x| as SFU_LANES running maxima folded at the end (max is exact in any order).
  float lane_max[SFU_LANES];
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = lane_max type = complete)
  for (int l = 0; l < SFU_LANES; ++l) lane_max[l] = 0.0f;
  for (int i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = kMaxRow)
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS UNROLL factor = SFU_LANES)
    const float a = abs_f32(x[i]);
    float& m = lane_max[i % SFU_LANES];
    m = a > m ? a : m;
  }
  float m = 0.0f;
  for (int l = 0; l < SFU_LANES; ++l) m = lane_max[l] > m ? lane_max[l] : m;
  const SymmetricScale s = symmetric_scale<BITS>(m);
  for (int i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = kMaxRow)
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS UNROLL factor = SFU_LANES)
    q[i] = symmetric_code<BITS>(x[i], s);
  }
  scale = s.scale;
}

template <int BITS, int N>
inline void quantize_symmetric(const float (&x)[N], int8_t (&q)[N], float& scale) {
  static_assert(N >= 1, "empty row");
  quantize_symmetric_n<BITS>(x, N, q, scale);
}

// Asymmetric BITS-bit (KV4: BITS = 4) quantization of one row of n >= 1 values:
// lo = min(min x, 0), hi = max(max x, 0), scale = (hi - lo) / (2^BITS - 1) (1 if not > 0),
// zero = clip(rint(-lo / scale), 0, levels), code = clip(rint(x / scale) + zero, 0, levels).
template <int BITS, int SFU_LANES = 1>
inline void quantize_asymmetric_n(const float* x, int n, uint8_t* codes, uint8_t& zero_point,
                                  float& scale) {
  static_assert(BITS >= 1 && BITS <= 8, "codes are uint8");
  const float levels = static_cast<float>((1 << BITS) - 1);
  float lane_lo[SFU_LANES];
  float lane_hi[SFU_LANES];
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = lane_lo type = complete)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = lane_hi type = complete)
  for (int l = 0; l < SFU_LANES; ++l) lane_lo[l] = lane_hi[l] = 0.0f;
  for (int i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = kMaxRow)
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS UNROLL factor = SFU_LANES)
    float& lo = lane_lo[i % SFU_LANES];
    float& hi = lane_hi[i % SFU_LANES];
    lo = x[i] < lo ? x[i] : lo;
    hi = x[i] > hi ? x[i] : hi;
  }
  float lo = 0.0f;
  float hi = 0.0f;
  for (int l = 0; l < SFU_LANES; ++l) {
    lo = lane_lo[l] < lo ? lane_lo[l] : lo;
    hi = lane_hi[l] > hi ? lane_hi[l] : hi;
  }
  float s = (hi - lo) / levels;
  s = s > 0.0f ? s : 1.0f;
  float z = round_half_even(-lo / s);
  z = z < 0.0f ? 0.0f : (z > levels ? levels : z);
  for (int i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = kMaxRow)
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS UNROLL factor = SFU_LANES)
    float v = round_half_even(x[i] / s) + z;
    v = v < 0.0f ? 0.0f : (v > levels ? levels : v);
    codes[i] = static_cast<uint8_t>(static_cast<int32_t>(v));
  }
  zero_point = static_cast<uint8_t>(static_cast<int32_t>(z));
  scale = s;
}

template <int BITS, int N>
inline void quantize_asymmetric(const float (&x)[N], uint8_t (&codes)[N], uint8_t& zero_point,
                                float& scale) {
  static_assert(N >= 1, "empty row");
  quantize_asymmetric_n<BITS>(x, N, codes, zero_point, scale);
}

// ---------------------------------------------------------------------------------------
// Row operations of the decoder (GoldenModel._rmsnorm / GoldenModel._rope)
// ---------------------------------------------------------------------------------------

// y = (x * rsqrt_f32(tree_sum(x*x) / n + eps)) * w; eps = static_cast<float>(rms_eps).
template <int N>
inline void rmsnorm_row(const float (&x)[N], const float (&w)[N], float eps, float (&y)[N]) {
  float sq[N];
  for (int i = 0; i < N; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    sq[i] = x[i] * x[i];
  }
  const float mean_square = tree_sum<N>(sq) / static_cast<float>(N);
  const float r = rsqrt_f32(mean_square + eps);
  for (int i = 0; i < N; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    y[i] = (x[i] * r) * w[i];
  }
}

// Runtime length 1 <= n <= MAXN.
template <int MAXN = kMaxRow, int SFU_LANES = 1>
inline void rmsnorm_row_n(const float* x, const float* w, int n, float eps, float* y) {
  if (n > MAXN) n = MAXN;
  float sq[MAXN];
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = sq type = cyclic factor = SFU_LANES)
  for (int i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = MAXN)
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS UNROLL factor = SFU_LANES)
    sq[i] = x[i] * x[i];
  }
  const float mean_square = tree_sum_n<MAXN, SFU_LANES>(sq, n) / static_cast<float>(n);
  const float r = rsqrt_f32(mean_square + eps);
  for (int i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = MAXN)
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS UNROLL factor = SFU_LANES)
    y[i] = (x[i] * r) * w[i];
  }
}

// RoPE of one head of `dim` values (even, <= MAXD) at `position`: angle_k =
// f32(position) * inv_freq[k], c = cos * scaling, s = sin * scaling (k = i mod dim/2),
// y = x * c + rotate_half(x) * s with rotate_half(x) = [-x[dim/2:], x[:dim/2]].
template <int MAXD, int SFU_LANES = 1>
inline void rope_row_n(const float* x, int32_t position, const float* inv_freq, float scaling, int dim, float* y) {
  const int half = dim / 2;
  const float pos = static_cast<float>(position);
  for (int k = 0; k < half; ++k) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS UNROLL factor = SFU_LANES)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = MAXD / 2)
    float sn;
    float cs;
    sincos_f32(pos * inv_freq[k], sn, cs);
    const float c = cs * scaling;
    const float s = sn * scaling;
    y[k] = x[k] * c + (-x[k + half]) * s;
    y[k + half] = x[k + half] * c + x[k] * s;
  }
}

template <int D>
inline void rope_row(const float (&x)[D], int32_t position, const float (&inv_freq)[D / 2],
                     float scaling, float (&y)[D]) {
  static_assert(D >= 2 && D % 2 == 0, "head_dim must be even");
  rope_row_n<D>(x, position, inv_freq, scaling, D, y);
}

}  // namespace accllm

#endif  // ACCLLM_MATH_H
