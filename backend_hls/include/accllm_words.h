// accllm_words.h -- Memory words, status codes, bit fields and the 128-bit instruction word.
// Part of the header library (accllm_engine.h includes the units in dependency order;
// accllm_isa.h comes first). Templated on the configuration struct C (accllm_defaults.h).
#ifndef ACCLLM_WORDS_H
#define ACCLLM_WORDS_H

#include <cstdint>

#include "ap_int.h"
#include "hls_stream.h"
#include "accllm_defaults.h"
#include "accllm_math.h"

namespace accllm {

// ---------------------------------------------------------------------------------------
// Memory words and status
// ---------------------------------------------------------------------------------------

constexpr int kBeatBytes = 64;

// One 512-bit HBM beat. A struct on an m_axi port is aggregated into one 512-bit word.
struct Beat {
  uint8_t b[kBeatBytes];
};

// What a call reports in counters[0]; the testbench turns each into a one-line error.
enum Status : uint32_t {
  kOk = 0,
  kBadMagic = 1,         // not an accllm engine binary, or another version
  kConfigMismatch = 2,   // compiled for another engine configuration
  kNotAllocated = 3,     // engine-buffer-alloc / engine-schedule did not run
  kBadProgram = 4,       // program index out of range
  kBadInstruction = 5,   // unknown opcode or a field out of this build's range
  kTooManyTokens = 6,    // tokens == 0, > max_tokens, or > 1 in decode
  kContextFull = 7,      // dense attention past the KV ring
  kUnsupported = 8,      // a format this build does not implement
  kBadToken = 9,         // a token id outside the embedding table
};

// counters[] layout: status, instructions, then per HBM channel bytes read, bytes written.
constexpr int kCounterStatus = 0;
constexpr int kCounterInstructions = 1;
constexpr int kCounterRead = 2;
template <class C>
constexpr int kCounterWritten = 2 + C::BOARD_CHANNELS;
template <class C>
constexpr int kCounters = 2 + 2 * C::BOARD_CHANNELS;

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

inline uint32_t load_u32(const uint8_t* p) {
  ACCLLM_HLS(HLS INLINE)
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

inline void put_f32(uint8_t* p, float v) {
  const uint32_t u = bits_from_float(v);
  for (int i = 0; i < 4; ++i) {
    ACCLLM_HLS(HLS UNROLL)
    p[i] = static_cast<uint8_t>(u >> (8 * i));
  }
}

// IEEE binary16 -> binary32 (exact, subnormals included).
inline float half_to_float(uint16_t h) {
  ACCLLM_HLS(HLS INLINE)
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  uint32_t exp = (h >> 10) & 0x1fu;
  uint32_t man = h & 0x3ffu;
  if (exp == 0x1fu) return float_from_bits(sign | 0x7f800000u | (man << 13));
  if (exp == 0) {
    if (man == 0) return float_from_bits(sign);
    // Subnormal: normalize (at most 10 shifts).
    exp = 113;
    for (int i = 0; i < 10; ++i) {
      ACCLLM_HLS(HLS UNROLL)
      if (man & 0x400u) break;
      man <<= 1;
      --exp;
    }
    return float_from_bits(sign | (exp << 23) | ((man & 0x3ffu) << 13));
  }
  return float_from_bits(sign | ((exp + 112) << 23) | (man << 13));
}

// Unsigned bit field `width` bits wide at bit `pos` of a little-endian, LSB-first byte row.
inline uint32_t bit_field(const uint8_t* row, uint32_t pos, int width) {
  ACCLLM_HLS(HLS INLINE)
  const uint32_t byte = pos >> 3;
  const uint32_t word = static_cast<uint32_t>(row[byte]) | static_cast<uint32_t>(row[byte + 1]) << 8 |
                        static_cast<uint32_t>(row[byte + 2]) << 16;
  return (word >> (pos & 7)) & ((1u << width) - 1u);
}

// ---------------------------------------------------------------------------------------
// The instruction word
// ---------------------------------------------------------------------------------------

typedef ap_uint<128> Word;

inline uint32_t field(const Word& w, int lo, int bits) {
  ACCLLM_HLS(HLS INLINE)
  return static_cast<uint32_t>(w.range(lo + bits - 1, lo).to_uint64());
}

}  // namespace accllm

#endif  // ACCLLM_WORDS_H
