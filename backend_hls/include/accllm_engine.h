// accllm_engine.h -- the reconfigurable engine of docs/engine.md as HLS C++ (header library).
//
// The generated project includes, in this order, its `accllm_config.h` (the engine
// configuration and the model's sizes as compile-time constants, namespace accllm::cfg),
// its `accllm_isa.h` (opcodes and field positions of the 128-bit instruction words, written
// from backend_hls/program_binary.py so the two cannot disagree) and this header. The
// generated top function (`accllm_top.cpp`) owns the HBM ports and hands them to `run_call`
// through a `Ports` object whose `read(channel, beat)` / `write(channel, beat, data)` switch
// over the `m_axi` bundles actually used.
//
// Units (docs/engine.md §2) and the golden model they reproduce bit for bit
// (frontend/golden.py; numerics in accllm_math.h):
//
//   fetch/decode   program words from HBM, constants indexed once per call;
//   LD             LOAD_W streams packed weight rows into one FIFO per weight channel
//                  (once per token block for MM-mode consumers), LOAD_EMB / LOAD_VEC /
//                  LOAD_KV fill the activation, vector and KV buffers;
//   LIN            `lin_row`: W2 x A8 integer group sums with the 2:4 operand select, the
//                  group epilogue f32(acc) * scale, the adder tree over groups, * sx, + bias;
//                  MM mode packs two tokens per DSP48E2 (`dsp_mac_pair`, AMD WP486 guard
//                  bit) over a token block;
//   ATT            Λ-attention over the KV ring: KV4 x A8 scores, float32 softmax, A8
//                  weights x KV4 values, the RoPE position policy of the sinks;
//   SFU            RMSNorm, RoPE, SiLU x up, residual add, per-token A8 / KV4 quantizers;
//   ST             KV ring writes (quantized on the way) and the logits.
//
// The kernel executes the instructions in program order, one at a time: LD, EX and ST are
// not yet concurrent processes (the program's wait/signal tokens are encoded, not decoded),
// and LIN is the only DATAFLOW region (fetch/decode and the MAC loop as two processes).
// The C simulation runs it with bounded FIFOs, a thread per process and cycle clocks
// (include/sim/, docs/hls.md), which is how its deadlock at 7B widths and its serialization
// show. Counters record instructions executed and bytes moved per HBM channel for the
// comparison with the cost model (passes/cost_model.py).
//
// Synthesizable subset: fixed-size arrays sized from accllm_config.h, bounded loops
// (LOOP_TRIPCOUNT where bounds are run-time), no dynamic allocation, recursion, virtual
// calls or STL containers (checked by backend_hls/lint.py).
#ifndef ACCLLM_ENGINE_H
#define ACCLLM_ENGINE_H

#include <cstdint>

#include "ap_int.h"
#include "hls_stream.h"
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
constexpr int kCounterWritten = 2 + cfg::BOARD_CHANNELS;
constexpr int kCounters = 2 + 2 * cfg::BOARD_CHANNELS;

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

inline uint32_t load_u32(const uint8_t* p) {
  ACCLLM_HLS(HLS INLINE)
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
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

// ---------------------------------------------------------------------------------------
// On-chip state of one call
// ---------------------------------------------------------------------------------------

// Per-channel byte reader over the weight FIFO of that channel.
struct ChannelReader {
  Beat beat;
  int pos;         // next byte in `beat` (kBeatBytes: empty)
  uint32_t taken;  // beats popped for the current matrix pass
};

// The FIFO of one weight channel between LD and LIN (depth from the configuration).
typedef hls::stream<Beat, cfg::WEIGHT_FIFO_DEPTH> WeightFifo;

struct KVEntry {  // one cached token of one KV head, as the ring stores it
  uint8_t key[cfg::HEAD_DIM];
  uint8_t value[cfg::HEAD_DIM];
  float key_scale, key_zero, value_scale, value_zero;
};

struct State {
  // Program image: byte offsets of the sections and of every constant.
  uint32_t words_at;
  uint32_t constants_at;
  uint32_t constant_at[cfg::MAX_CONSTANTS];
  // Per SSA value of the running program: producing instruction, width, buffer offset.
  uint32_t producer[cfg::MAX_VALUES];
  uint32_t width[cfg::MAX_VALUES];
  int32_t row_offset[cfg::MAX_VALUES];
  uint16_t vector_slot[cfg::MAX_VALUES];
  // Activation buffer: max_tokens rows of act_row_bytes, as 32-bit words.
  uint32_t act[cfg::MAX_TOKENS][cfg::ACT_ROW_WORDS];
  // Constant vectors (norm weights, biases), a ring of VECTOR_SLOTS.
  float vectors[cfg::VECTOR_SLOTS][cfg::MAX_VECTOR];
  uint32_t next_vector;
  // The cached keys/values a call sees (LOAD_KV), chronological, and their positions.
  KVEntry kv[cfg::MAX_KV_HEADS][cfg::MAX_CACHED];
  int32_t kv_position[cfg::MAX_CACHED];
  int kv_count;
  // Logits of the last token.
  float logits[cfg::MAX_VOCAB];
  // Weight FIFOs (LD -> LIN), one per weight channel.
  WeightFifo weights[cfg::WEIGHT_CHANNELS];
  uint64_t counters[kCounters];
};

inline float act_f(const State& s, int t, uint32_t word) { return float_from_bits(s.act[t][word]); }
inline void set_act_f(State& s, int t, uint32_t word, float v) { s.act[t][word] = bits_from_float(v); }

// int8 codes of a quantized activation: 4 per word, byte i at bits 8*(i%4).
inline int32_t act_code(const State& s, int t, uint32_t base_word, uint32_t i) {
  ACCLLM_HLS(HLS INLINE)
  const uint32_t w = s.act[t][base_word + (i >> 2)];
  return static_cast<int32_t>(static_cast<int8_t>(static_cast<uint8_t>(w >> (8 * (i & 3)))));
}
inline void set_act_code(State& s, int t, uint32_t base_word, uint32_t i, int8_t q) {
  ACCLLM_HLS(HLS INLINE)
  uint32_t& w = s.act[t][base_word + (i >> 2)];
  const uint32_t shift = 8 * (i & 3);
  w = (w & ~(0xffu << shift)) | (static_cast<uint32_t>(static_cast<uint8_t>(q)) << shift);
}
// The scale of a quantized activation of `width` codes sits after the codes, word aligned.
inline uint32_t qact_scale_word(uint32_t base_word, uint32_t width) { return base_word + (width + 3) / 4; }

// `n` consecutive float32 activations of token t, from / to the buffer at `word`.
template <int MAXN>
inline void read_act_row(const State& s, int t, uint32_t word, uint32_t n, float* x) {
  for (uint32_t i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = MAXN)
    x[i] = act_f(s, t, word + i);
  }
}
template <int MAXN>
inline void write_act_row(State& s, int t, uint32_t word, uint32_t n, const float* y) {
  for (uint32_t i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = MAXN)
    set_act_f(s, t, word + i, y[i]);
  }
}

// ---------------------------------------------------------------------------------------
// HBM access (counted)
// ---------------------------------------------------------------------------------------

template <class Ports>
inline void hbm_read_bytes(Ports& ports, State& s, int channel, uint64_t offset, uint8_t* dst, uint32_t n) {
  for (uint32_t i = 0; i < n;) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = 64)
    const Beat beat = ports.read(channel, static_cast<uint32_t>((offset + i) / kBeatBytes));
    const uint32_t first = static_cast<uint32_t>((offset + i) % kBeatBytes);
    const uint32_t take = (n - i) < (kBeatBytes - first) ? (n - i) : (kBeatBytes - first);
    for (uint32_t k = 0; k < take; ++k) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = 64)
      dst[i + k] = beat.b[first + k];
    }
    i += take;
  }
  s.counters[kCounterRead + channel] += n;
}

template <class Ports>
inline void hbm_write_bytes(Ports& ports, State& s, int channel, uint64_t offset, const uint8_t* src, uint32_t n) {
  for (uint32_t i = 0; i < n;) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = 64)
    const uint32_t index = static_cast<uint32_t>((offset + i) / kBeatBytes);
    Beat beat = ports.read(channel, index);  // read-modify-write of a partial beat
    const uint32_t first = static_cast<uint32_t>((offset + i) % kBeatBytes);
    const uint32_t take = (n - i) < (kBeatBytes - first) ? (n - i) : (kBeatBytes - first);
    for (uint32_t k = 0; k < take; ++k) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = 64)
      beat.b[first + k] = src[i + k];
    }
    ports.write(channel, index, beat);
    i += take;
  }
  s.counters[kCounterWritten + channel] += n;
}

// ---------------------------------------------------------------------------------------
// Program image access
// ---------------------------------------------------------------------------------------

// The program sits on the misc channel's bundle: every read is one single-beat m_axi access.
inline uint32_t prog_u32(const uint32_t* program, uint32_t byte) {
  ACCLLM_HBM(cfg::MISC_CHANNEL, byte / kBeatBytes, false);
  return program[byte / 4];
}

inline uint16_t prog_u16(const uint32_t* program, uint32_t byte) {
  ACCLLM_HBM(cfg::MISC_CHANNEL, byte / kBeatBytes, false);
  return static_cast<uint16_t>(program[byte / 4] >> (8 * (byte % 4)));
}

inline Word prog_word(const uint32_t* program, const State& s, uint32_t index) {
  const uint32_t at = (s.words_at + isa::WORD_BYTES * index) / 4;
  ACCLLM_HBM(cfg::MISC_CHANNEL, at * 4 / kBeatBytes, false);
  Word w = 0;
  for (int i = 0; i < 4; ++i) {
    ACCLLM_HLS(HLS UNROLL)
    w.range(32 * i + 31, 32 * i) = program[at + i];
  }
  return w;
}

// Element count of constant `c`, and its payload's byte offset.
inline uint32_t const_count(const uint32_t* program, const State& s, uint32_t c) {
  return prog_u32(program, s.constant_at[c] + 4);
}
inline int64_t const_i64(const uint32_t* program, const State& s, uint32_t c, uint32_t i) {
  const uint32_t at = s.constant_at[c] + 8 + 8 * i;
  const uint64_t lo = prog_u32(program, at), hi = prog_u32(program, at + 4);
  return static_cast<int64_t>(lo | hi << 32);
}
inline float const_f32(const uint32_t* program, const State& s, uint32_t c, uint32_t i) {
  return float_from_bits(prog_u32(program, s.constant_at[c] + 8 + 4 * i));
}

// ---------------------------------------------------------------------------------------
// LD: weight streams
// ---------------------------------------------------------------------------------------

// LOAD_W: stream every channel's bytes of the matrix into its FIFO, `passes` times.
template <class Ports>
inline void load_weights(Ports& ports, State& s, const uint32_t* program, const Word& w, int passes) {
  const uint32_t placement = field(w, isa::LOAD_W_placement_LO, isa::LOAD_W_placement_BITS);
  const uint32_t n = const_count(program, s, placement) / 3;
  for (int pass = 0; pass < passes; ++pass) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_BLOCKS)
    for (uint32_t i = 0; i < n; ++i) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::WEIGHT_CHANNELS)
      const int channel = static_cast<int>(const_i64(program, s, placement, i));
      const uint64_t offset = static_cast<uint64_t>(const_i64(program, s, placement, n + i));
      const uint32_t beats = static_cast<uint32_t>(const_i64(program, s, placement, 2 * n + i)) / kBeatBytes;
      for (uint32_t b = 0; b < beats; ++b) {
        ACCLLM_HLS(HLS PIPELINE II = 1)
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_CHANNEL_BEATS)
        s.weights[i].write(ports.read(channel, static_cast<uint32_t>(offset / kBeatBytes) + b));
      }
      s.counters[kCounterRead + channel] += static_cast<uint64_t>(beats) * kBeatBytes;
    }
  }
}

inline void reader_take(WeightFifo& fifo, ChannelReader& r, uint8_t* dst, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_RECORD)
    if (r.pos == kBeatBytes) {
      r.beat = fifo.read();
      r.pos = 0;
      ++r.taken;
    }
    dst[i] = r.beat.b[r.pos++];
  }
}

inline void readers_reset(ChannelReader (&readers)[cfg::WEIGHT_CHANNELS], uint32_t channels) {
  for (uint32_t i = 0; i < channels; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::WEIGHT_CHANNELS)
    readers[i].pos = kBeatBytes;
    readers[i].taken = 0;
  }
}

// After a matrix pass: pop the padding beats each channel streamed past its last record.
inline void readers_drain(State& s, ChannelReader (&readers)[cfg::WEIGHT_CHANNELS], const uint32_t* program,
                          uint32_t placement, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::WEIGHT_CHANNELS)
    const uint32_t beats = static_cast<uint32_t>(const_i64(program, s, placement, 2 * n + i)) / kBeatBytes;
    for (uint32_t b = readers[i].taken; b < beats; ++b) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = 1)
      (void)s.weights[i].read();
    }
  }
}

// The weight channel (index into the placement) that streams row r: lane tiles of `lanes`
// rows, lane l on channel l mod C (docs/engine.md §4).
inline uint32_t row_channel(uint32_t r, uint32_t channels) { return (r % cfg::LANES) % channels; }

// ---------------------------------------------------------------------------------------
// LIN: one packed row against a block of tokens
// ---------------------------------------------------------------------------------------

// The format of a packed row record (frontend/weight_packing.py): values, index, zeros, scales.
struct RowFormat {
  uint32_t in, bits, group, n, m;
  bool sparse, code3;
  uint32_t kept, groups, index_width, values_bytes, index_bytes, zeros_bytes, record_bytes;
};

inline uint32_t ceil_log2(uint32_t x) {
  uint32_t w = 0;
  for (int i = 0; i < 8; ++i) {
    ACCLLM_HLS(HLS UNROLL)
    if ((1u << w) < x) ++w;
  }
  return w == 0 ? 1 : w;
}

inline RowFormat row_format(const Word& w, bool code3) {
  RowFormat f;
  f.in = field(w, isa::LOAD_W_in_LO, isa::LOAD_W_in_BITS);
  f.bits = field(w, isa::LOAD_W_bits_LO, isa::LOAD_W_bits_BITS);
  f.group = field(w, isa::LOAD_W_group_LO, isa::LOAD_W_group_BITS);
  f.n = field(w, isa::LOAD_W_n_LO, isa::LOAD_W_n_BITS);
  f.m = field(w, isa::LOAD_W_m_LO, isa::LOAD_W_m_BITS);
  f.sparse = f.n != f.m;
  f.code3 = code3;
  f.kept = f.sparse ? f.in / f.m * f.n : f.in;
  f.groups = f.group ? f.in / f.group : 0;
  uint32_t index_fields = 0;
  f.index_width = 0;
  if (f.sparse) {
    index_fields = code3 ? f.in / f.m : f.kept;
    f.index_width = code3 ? 3 : ceil_log2(f.m);
  }
  f.values_bytes = (f.kept * f.bits + 7) / 8;
  f.index_bytes = (index_fields * f.index_width + 7) / 8;
  f.zeros_bytes = (f.groups * f.bits + 7) / 8;
  f.record_bytes = f.values_bytes + f.index_bytes + f.zeros_bytes + 2 * f.groups;
  return f;
}

// The 2:4 keep patterns of `code3`, lexicographic: (0,1) (0,2) (0,3) (1,2) (1,3) (2,3).
inline uint32_t code3_position(uint32_t code, uint32_t k) {
  ACCLLM_HLS(HLS INLINE)
  static const uint8_t kFirst[6] = {0, 0, 0, 1, 1, 2};
  static const uint8_t kSecond[6] = {1, 2, 3, 2, 3, 3};
  return k == 0 ? kFirst[code] : kSecond[code];
}

// A decoded row: per kept weight its input position and centered code (code - zero), and the
// group scales.
struct DecodedRow {
  int16_t position[cfg::MAX_IN];
  int8_t centered[cfg::MAX_IN];
  float scale[cfg::MAX_GROUPS];
};

// Decoded rows between LIN's fetch/decode and its MAC array.
constexpr int kRowFifoDepth = 4;
typedef hls::stream<DecodedRow, kRowFifoDepth> RowFifo;

inline void decode_row(const uint8_t* rec, const RowFormat& f, DecodedRow& row) {
  const uint8_t* values = rec;
  const uint8_t* index = rec + f.values_bytes;
  const uint8_t* zeros = index + f.index_bytes;
  const uint8_t* scales = zeros + f.zeros_bytes;
  const uint32_t kept_per_group = f.sparse ? f.group / f.m * f.n : f.group;
  for (uint32_t g = 0; g < f.groups; ++g) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_GROUPS)
    row.scale[g] = half_to_float(static_cast<uint16_t>(scales[2 * g] | scales[2 * g + 1] << 8));
  }
  for (uint32_t k = 0; k < f.kept; ++k) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_IN)
    const uint32_t g = k / kept_per_group;
    const int32_t zero = static_cast<int32_t>(bit_field(zeros, g * f.bits, f.bits));
    const int32_t code = static_cast<int32_t>(bit_field(values, k * f.bits, f.bits));
    uint32_t pos = k;
    if (f.sparse) {
      const uint32_t slice = k / f.n;
      const uint32_t within = f.code3 ? code3_position(bit_field(index, slice * 3, 3), k % f.n)
                                      : bit_field(index, k * f.index_width, f.index_width);
      pos = slice * f.m + within;
    }
    row.position[k] = static_cast<int16_t>(pos);
    row.centered[k] = static_cast<int8_t>(code - zero);
  }
}

// Two tokens' products of one weight on one DSP48E2 (AMD WP486): A = x0 + x1 * 2^18 (27-bit
// port), B = c (18-bit), P += A * B. The low field's sum stays below 2^17 in magnitude for a
// quantization group (checked by the emitter), so both fields come back exactly.
struct DspPair {
  ap_int<48> p;
};
inline void dsp_mac_pair(DspPair& acc, int32_t x0, int32_t x1, int32_t c) {
  ACCLLM_HLS(HLS INLINE)
  const ap_int<27> a = ap_int<27>(x0) + (ap_int<27>(x1) << 18);
  const ap_int<18> b = c;
  acc.p += a * b;
}
inline void dsp_split(const DspPair& acc, int32_t& lo, int32_t& hi) {
  ACCLLM_HLS(HLS INLINE)
  const ap_int<18> low = acc.p.range(17, 0);
  lo = low.to_int();
  hi = static_cast<int32_t>((acc.p >> 18).to_int64()) + static_cast<int32_t>(acc.p[17]);
}

// y[t] = tree_sum_g(f32(acc[t, g]) * scale[g]) * sx[t] (+ bias) for the tokens [t0, t1) of a
// block: golden.integer_linear for one output row.
inline void lin_row(State& s, const DecodedRow& row, const RowFormat& f, uint32_t in_word, uint32_t in_width,
                    int t0, int t1, bool pair_dsp, uint32_t out_word, uint32_t r, bool has_bias, uint32_t bias_slot) {
  const uint32_t kept_per_group = f.sparse ? f.group / f.m * f.n : f.group;
  const uint32_t scale_word = qact_scale_word(in_word, in_width);
  for (int t = t0; t < t1; t += pair_dsp ? 2 : 1) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MM_TOKEN_BLOCK)
    const bool two = pair_dsp && t + 1 < t1;
    float partial0[cfg::MAX_GROUPS];
    float partial1[cfg::MAX_GROUPS];
    for (uint32_t g = 0; g < f.groups; ++g) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_GROUPS)
      int32_t acc0 = 0;
      int32_t acc1 = 0;
      if (two) {
        DspPair dsp = {0};
        for (uint32_t k = g * kept_per_group; k < (g + 1) * kept_per_group; ++k) {
          // A lane's KEPT_PER_LANE DSPs take KEPT_PER_LANE kept weights per cycle.
          ACCLLM_HLS(HLS PIPELINE II = 1)
          ACCLLM_HLS(HLS UNROLL factor = cfg::KEPT_PER_LANE)
          ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_IN)
          dsp_mac_pair(dsp, act_code(s, t, in_word, row.position[k]), act_code(s, t + 1, in_word, row.position[k]),
                       row.centered[k]);
        }
        dsp_split(dsp, acc0, acc1);
      } else {
        for (uint32_t k = g * kept_per_group; k < (g + 1) * kept_per_group; ++k) {
          ACCLLM_HLS(HLS PIPELINE II = 1)
          ACCLLM_HLS(HLS UNROLL factor = cfg::KEPT_PER_LANE)
          ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_IN)
          acc0 += act_code(s, t, in_word, row.position[k]) * row.centered[k];
        }
      }
      partial0[g] = static_cast<float>(acc0) * row.scale[g];
      partial1[g] = static_cast<float>(acc1) * row.scale[g];
    }
    for (int j = 0; j < (two ? 2 : 1); ++j) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = 2)
      const int tt = t + j;
      float y = tree_sum_n<cfg::MAX_GROUPS>(j ? partial1 : partial0, static_cast<int>(f.groups)) *
                act_f(s, tt, scale_word);
      if (has_bias) y = y + s.vectors[bias_slot][r];
      set_act_f(s, tt, out_word + r, y);
    }
  }
}

// ---------------------------------------------------------------------------------------
// SFU
// ---------------------------------------------------------------------------------------

inline void sfu_rmsnorm(State& s, int tokens, uint32_t in_word, uint32_t width, uint32_t slot, float eps,
                        uint32_t out_word) {
  for (int t = 0; t < tokens; ++t) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_TOKENS)
    float x[cfg::MAX_WIDTH];
    float y[cfg::MAX_WIDTH];
    read_act_row<cfg::MAX_WIDTH>(s, t, in_word, width, x);
    rmsnorm_row_n<cfg::MAX_WIDTH>(x, s.vectors[slot], static_cast<int>(width), eps, y);
    write_act_row<cfg::MAX_WIDTH>(s, t, out_word, width, y);
  }
}

inline void sfu_quantize(State& s, int tokens, uint32_t in_word, uint32_t width, uint32_t out_word) {
  for (int t = 0; t < tokens; ++t) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_TOKENS)
    float x[cfg::MAX_WIDTH];
    int8_t q[cfg::MAX_WIDTH];
    float scale;
    read_act_row<cfg::MAX_WIDTH>(s, t, in_word, width, x);
    quantize_symmetric_n<8>(x, static_cast<int>(width), q, scale);
    for (uint32_t i = 0; i < width; ++i) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_WIDTH)
      set_act_code(s, t, out_word, i, q[i]);
    }
    set_act_f(s, t, qact_scale_word(out_word, width), scale);
  }
}

// The first `n` RoPE frequencies of float32 constant `c`.
inline void read_inv_freq(const uint32_t* program, const State& s, uint32_t c, uint32_t n, float* inv_freq) {
  for (uint32_t k = 0; k < n; ++k) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::HEAD_DIM / 2)
    inv_freq[k] = const_f32(program, s, c, k);
  }
}

// ROPE: every head of every token rotated at its position (GoldenModel._rope).
inline void sfu_rope(State& s, const uint32_t* program, const Word& w, int tokens, int32_t position,
                     uint32_t out_word) {
  const uint32_t input = field(w, isa::ROPE_input_LO, isa::ROPE_input_BITS);
  const uint32_t heads = field(w, isa::ROPE_heads_LO, isa::ROPE_heads_BITS);
  const uint32_t freq_c = field(w, isa::ROPE_inv_freq_LO, isa::ROPE_inv_freq_BITS);
  const float scaling = const_f32(program, s, field(w, isa::ROPE_scaling_LO, isa::ROPE_scaling_BITS), 0);
  const uint32_t dim = s.width[input] / heads;
  const uint32_t in_word = static_cast<uint32_t>(s.row_offset[input]) / 4;
  float inv_freq[cfg::HEAD_DIM / 2];
  read_inv_freq(program, s, freq_c, dim / 2, inv_freq);
  for (int t = 0; t < tokens; ++t) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_TOKENS)
    for (uint32_t h = 0; h < heads; ++h) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_HEADS)
      float x[cfg::HEAD_DIM];
      float y[cfg::HEAD_DIM];
      read_act_row<cfg::HEAD_DIM>(s, t, in_word + h * dim, dim, x);
      rope_row_n<cfg::HEAD_DIM>(x, position + t, inv_freq, scaling, static_cast<int>(dim), y);
      write_act_row<cfg::HEAD_DIM>(s, t, out_word + h * dim, dim, y);
    }
  }
}

// ---------------------------------------------------------------------------------------
// KV ring
// ---------------------------------------------------------------------------------------

// Ring slot of a position: sinks keep slots 0 .. S-1, the rest cycle through the others.
inline uint32_t kv_slot(int32_t position) {
  if (position < cfg::SINKS) return static_cast<uint32_t>(position);
  return cfg::SINKS + static_cast<uint32_t>(position - cfg::SINKS) % (cfg::KV_SLOTS - cfg::SINKS);
}

// Keys a query at `query` sees: all earlier ones, or (Λ) the sinks and the last WINDOW.
inline bool kv_visible(int32_t key, int32_t query) {
  if (key > query) return false;
  if (cfg::WINDOW == 0 || query < cfg::SINKS + cfg::WINDOW) return true;
  return key < cfg::SINKS || key > query - cfg::WINDOW;
}

// The KV channel (index into the placement) of a KV head, and the head's rank there:
// heads are spread over the channels in contiguous runs (engine_hbm_alloc.kv_heads_per_channel).
inline void kv_home(uint32_t head, uint32_t kv_heads, uint32_t channels, uint32_t& index, uint32_t& rank) {
  uint32_t first = 0;
  index = 0;
  rank = head;
  for (uint32_t c = 0; c < channels; ++c) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::KV_CHANNELS)
    const uint32_t count = kv_heads / channels + (c < kv_heads % channels ? 1 : 0);
    if (head >= first && head < first + count) {
      index = c;
      rank = head - first;
    }
    first += count;
  }
}

inline void pack_codes(const uint8_t* codes, uint32_t n, uint8_t* out) {
  for (uint32_t i = 0; i < (n * cfg::KV_BITS + 7) / 8; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::HEAD_DIM)
    out[i] = 0;
  }
  for (uint32_t i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::HEAD_DIM)
    const uint32_t bit = i * cfg::KV_BITS;
    out[bit / 8] = static_cast<uint8_t>(out[bit / 8] | (codes[i] << (bit % 8)));
  }
}

inline void put_f32(uint8_t* p, float v) {
  const uint32_t u = bits_from_float(v);
  for (int i = 0; i < 4; ++i) {
    ACCLLM_HLS(HLS UNROLL)
    p[i] = static_cast<uint8_t>(u >> (8 * i));
  }
}

// One token of one KV head quantized to the cache format (golden.quantize_asymmetric).
inline void kv_quantize(const State& s, int t, uint32_t keys_word, uint32_t values_word, uint32_t head,
                        uint32_t dim, KVEntry& e) {
  float k[cfg::HEAD_DIM];
  float v[cfg::HEAD_DIM];
  read_act_row<cfg::HEAD_DIM>(s, t, keys_word + head * dim, dim, k);
  read_act_row<cfg::HEAD_DIM>(s, t, values_word + head * dim, dim, v);
  uint8_t kz;
  uint8_t vz;
  quantize_asymmetric_n<cfg::KV_BITS>(k, static_cast<int>(dim), e.key, kz, e.key_scale);
  quantize_asymmetric_n<cfg::KV_BITS>(v, static_cast<int>(dim), e.value, vz, e.value_scale);
  e.key_zero = static_cast<float>(kz);
  e.value_zero = static_cast<float>(vz);
}

// Record bytes of one token of one KV head: key codes, value codes, then key scale, key
// zero, value scale, value zero as float32 (engine_hbm_alloc.kv_head_token_bytes).
constexpr uint32_t kKVCodeBytes = (cfg::HEAD_DIM * cfg::KV_BITS + 7) / 8;
constexpr uint32_t kKVTokenBytes = 2 * kKVCodeBytes + 16;

inline void kv_encode(const KVEntry& e, uint8_t* rec) {
  pack_codes(e.key, cfg::HEAD_DIM, rec);
  pack_codes(e.value, cfg::HEAD_DIM, rec + kKVCodeBytes);
  put_f32(rec + 2 * kKVCodeBytes, e.key_scale);
  put_f32(rec + 2 * kKVCodeBytes + 4, e.key_zero);
  put_f32(rec + 2 * kKVCodeBytes + 8, e.value_scale);
  put_f32(rec + 2 * kKVCodeBytes + 12, e.value_zero);
}

inline void kv_decode(const uint8_t* rec, KVEntry& e) {
  for (uint32_t d = 0; d < cfg::HEAD_DIM; ++d) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    e.key[d] = static_cast<uint8_t>(bit_field(rec, d * cfg::KV_BITS, cfg::KV_BITS));
    e.value[d] = static_cast<uint8_t>(bit_field(rec + kKVCodeBytes, d * cfg::KV_BITS, cfg::KV_BITS));
  }
  e.key_scale = float_from_bits(load_u32(rec + 2 * kKVCodeBytes));
  e.key_zero = float_from_bits(load_u32(rec + 2 * kKVCodeBytes + 4));
  e.value_scale = float_from_bits(load_u32(rec + 2 * kKVCodeBytes + 8));
  e.value_zero = float_from_bits(load_u32(rec + 2 * kKVCodeBytes + 12));
}

// LOAD_KV: every cached token the call's queries see, for every KV head of the layer.
template <class Ports>
inline void load_kv(Ports& ports, State& s, const uint32_t* program, const Word& w, int32_t position) {
  const uint32_t placement = field(w, isa::LOAD_KV_placement_LO, isa::LOAD_KV_placement_BITS);
  const uint32_t kv_heads = field(w, isa::LOAD_KV_kv_heads_LO, isa::LOAD_KV_kv_heads_BITS);
  const uint32_t channels = const_count(program, s, placement) / 2;
  s.kv_count = 0;
  for (int32_t p = 0; p < position; ++p) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = cfg::MAX_CACHED)
    if (!kv_visible(p, position)) continue;
    s.kv_position[s.kv_count] = p;
    for (uint32_t h = 0; h < kv_heads; ++h) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_KV_HEADS)
      uint32_t index;
      uint32_t rank;
      kv_home(h, kv_heads, channels, index, rank);
      const int channel = static_cast<int>(const_i64(program, s, placement, index));
      const uint64_t base = static_cast<uint64_t>(const_i64(program, s, placement, channels + index));
      uint8_t rec[kKVTokenBytes];
      hbm_read_bytes(ports, s, channel, base + (static_cast<uint64_t>(rank) * cfg::KV_SLOTS + kv_slot(p)) * kKVTokenBytes,
                     rec, kKVTokenBytes);
      kv_decode(rec, s.kv[h][s.kv_count]);
    }
    ++s.kv_count;
  }
}

// STORE_KV: the call's keys and values, quantized, into their ring slots.
template <class Ports>
inline void store_kv(Ports& ports, State& s, const uint32_t* program, const Word& w, int tokens, int32_t position) {
  const uint32_t keys = field(w, isa::STORE_KV_keys_LO, isa::STORE_KV_keys_BITS);
  const uint32_t values = field(w, isa::STORE_KV_values_LO, isa::STORE_KV_values_BITS);
  const uint32_t placement = field(w, isa::STORE_KV_placement_LO, isa::STORE_KV_placement_BITS);
  const uint32_t channels = const_count(program, s, placement) / 2;
  const uint32_t kv_heads = s.width[keys] / cfg::HEAD_DIM;
  for (int t = 0; t < tokens; ++t) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_TOKENS)
    for (uint32_t h = 0; h < kv_heads; ++h) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_KV_HEADS)
      KVEntry e;
      kv_quantize(s, t, static_cast<uint32_t>(s.row_offset[keys]) / 4, static_cast<uint32_t>(s.row_offset[values]) / 4,
                  h, cfg::HEAD_DIM, e);
      uint8_t rec[kKVTokenBytes];
      kv_encode(e, rec);
      uint32_t index;
      uint32_t rank;
      kv_home(h, kv_heads, channels, index, rank);
      const int channel = static_cast<int>(const_i64(program, s, placement, index));
      const uint64_t base = static_cast<uint64_t>(const_i64(program, s, placement, channels + index));
      hbm_write_bytes(ports, s, channel,
                      base + (static_cast<uint64_t>(rank) * cfg::KV_SLOTS + kv_slot(position + t)) * kKVTokenBytes, rec,
                      kKVTokenBytes);
    }
  }
}

// ---------------------------------------------------------------------------------------
// ATT
// ---------------------------------------------------------------------------------------

// A query head rotated at `position` and A8-quantized over the head dimension.
struct QueryRow {
  int8_t q[cfg::HEAD_DIM];
  float scale;
};

inline void query_row(const State& s, int t, uint32_t q_word, uint32_t head, int32_t position, const float* inv_freq,
                      QueryRow& out) {
  float x[cfg::HEAD_DIM];
  float y[cfg::HEAD_DIM];
  read_act_row<cfg::HEAD_DIM>(s, t, q_word + head * cfg::HEAD_DIM, cfg::HEAD_DIM, x);
  rope_row_n<cfg::HEAD_DIM>(x, position, inv_freq, cfg::ROPE_SCALING, cfg::HEAD_DIM, y);
  quantize_symmetric_n<8>(y, cfg::HEAD_DIM, out.q, out.scale);
}

inline int32_t key_dot(const QueryRow& q, const KVEntry& k) {
  int32_t acc = 0;
  const int32_t zero = static_cast<int32_t>(k.key_zero);
  for (uint32_t d = 0; d < cfg::HEAD_DIM; ++d) {
    ACCLLM_HLS(HLS UNROLL factor = 8)
    acc += static_cast<int32_t>(q.q[d]) * (static_cast<int32_t>(k.key[d]) - zero);
  }
  return acc;
}

// Attention of the call's queries: GoldenModel._attention / _attend with the KV4 x A8 path.
inline void attention(State& s, const uint32_t* program, const Word& w, int tokens, int32_t position,
                      uint32_t out_word) {
  const uint32_t query = field(w, isa::ATT_query_LO, isa::ATT_query_BITS);
  const uint32_t keys = field(w, isa::ATT_keys_LO, isa::ATT_keys_BITS);
  const uint32_t values = field(w, isa::ATT_values_LO, isa::ATT_values_BITS);
  const float scale = const_f32(program, s, field(w, isa::ATT_scale_LO, isa::ATT_scale_BITS), 0);
  const uint32_t freq_c = field(w, isa::ATT_inv_freq_LO, isa::ATT_inv_freq_BITS);
  const uint32_t shape = field(w, isa::ATT_shape_LO, isa::ATT_shape_BITS);
  const bool original = field(w, isa::FLAG0_LO, 1) != 0;
  const uint32_t heads = static_cast<uint32_t>(const_i64(program, s, shape, 0));
  const uint32_t kv_heads = s.width[keys] / cfg::HEAD_DIM;
  const uint32_t group = heads / kv_heads;
  float inv_freq[cfg::HEAD_DIM / 2];
  read_inv_freq(program, s, freq_c, cfg::HEAD_DIM / 2, inv_freq);
  const uint32_t q_word = static_cast<uint32_t>(s.row_offset[query]) / 4;
  const uint32_t k_word = static_cast<uint32_t>(s.row_offset[keys]) / 4;
  const uint32_t v_word = static_cast<uint32_t>(s.row_offset[values]) / 4;
  // The call's own keys and values, quantized to the cache format on the way in.
  static KVEntry own[cfg::MAX_TOKENS][cfg::MAX_KV_HEADS];
  for (int t = 0; t < tokens; ++t) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_TOKENS)
    for (uint32_t h = 0; h < kv_heads; ++h) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_KV_HEADS)
      kv_quantize(s, t, k_word, v_word, h, cfg::HEAD_DIM, own[t][h]);
    }
  }
  for (int t = 0; t < tokens; ++t) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_TOKENS)
    const int32_t pos = position + t;
    // Λ with the "cache" position policy: once the window is full, the sink keys see the
    // query rotated at the last cache slot's position.
    const bool capped = !original && cfg::WINDOW != 0 && pos >= cfg::SINKS + cfg::WINDOW;
    for (uint32_t h = 0; h < heads; ++h) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_HEADS)
      const uint32_t kvh = h / group;
      QueryRow q_main;
      QueryRow q_sink;
      query_row(s, t, q_word, h, pos, inv_freq, q_main);
      if (capped) query_row(s, t, q_word, h, cfg::SINKS + cfg::WINDOW - 1, inv_freq, q_sink);
      // Visible keys, chronological: the cached ones, then the call's own up to this token.
      // key_at[i]: where the i-th visible key sits, j < kv_count in the cached list, else the
      // call's own token j - kv_count (indices, not pointers: synthesizable).
      float scores[cfg::MAX_KEYS];
      int32_t key_at[cfg::MAX_KEYS];
      int count = 0;
      for (int j = 0; j < s.kv_count + t + 1; ++j) {
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_KEYS)
        const bool cached = j < s.kv_count;
        const int32_t kp = cached ? s.kv_position[j] : position + (j - s.kv_count);
        if (!kv_visible(kp, pos)) continue;
        const KVEntry& k = cached ? s.kv[kvh][j] : own[j - s.kv_count][kvh];
        const QueryRow& q = capped && kp < cfg::SINKS ? q_sink : q_main;
        key_at[count] = j;
        scores[count] = (static_cast<float>(key_dot(q, k)) * (q.scale * k.key_scale)) * scale;
        ++count;
      }
      // Softmax: e = exp_f32(s - max), p = e / tree_sum(e).
      float m = scores[0];
      for (int j = 1; j < count; ++j) {
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_KEYS)
        m = scores[j] > m ? scores[j] : m;
      }
      float e[cfg::MAX_KEYS];
      for (int j = 0; j < count; ++j) {
        ACCLLM_HLS(HLS PIPELINE II = 1)
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_KEYS)
        e[j] = exp_f32(scores[j] - m);
      }
      const float denom = tree_sum_n<cfg::MAX_KEYS>(e, count);
      float weight[cfg::MAX_KEYS];
      for (int j = 0; j < count; ++j) {
        ACCLLM_HLS(HLS PIPELINE II = 1)
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_KEYS)
        const int32_t at = key_at[j];
        weight[j] = (e[j] / denom) * (at < s.kv_count ? s.kv[kvh][at] : own[at - s.kv_count][kvh]).value_scale;
      }
      // KV4 x A8 values: the weights p * v_scale quantized to A8, an integer sum per channel.
      int8_t wq[cfg::MAX_KEYS];
      float sw;
      quantize_symmetric_n<8>(weight, count, wq, sw);
      for (uint32_t d = 0; d < cfg::HEAD_DIM; ++d) {
        int32_t acc = 0;
        for (int j = 0; j < count; ++j) {
          ACCLLM_HLS(HLS PIPELINE II = 1)
          ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_KEYS)
          const int32_t at = key_at[j];
          const KVEntry& v = at < s.kv_count ? s.kv[kvh][at] : own[at - s.kv_count][kvh];
          acc += static_cast<int32_t>(wq[j]) * (static_cast<int32_t>(v.value[d]) - static_cast<int32_t>(v.value_zero));
        }
        set_act_f(s, t, out_word + h * cfg::HEAD_DIM + d, static_cast<float>(acc) * sw);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// LIN / LM_HEAD over the weight FIFOs
// ---------------------------------------------------------------------------------------

// LIN, stage 1: the rows of one matrix pass, read from the weight FIFOs (row r from its
// channel's FIFO) and decoded into operand positions, centered codes and scales.
inline void lin_fetch(WeightFifo (&fifos)[cfg::WEIGHT_CHANNELS], ChannelReader (&readers)[cfg::WEIGHT_CHANNELS],
                      const RowFormat& f, uint32_t out, uint32_t channels, RowFifo& rows) {
  for (uint32_t r = 0; r < out; ++r) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_OUT)
    uint8_t rec[cfg::MAX_RECORD];
    const uint32_t c = row_channel(r, channels);
    reader_take(fifos[c], readers[c], rec, f.record_bytes);
    DecodedRow row;
    decode_row(rec, f, row);
    rows.write(row);
  }
}

// LIN, stage 2: the array consumes the decoded rows against the block's tokens.
inline void lin_compute(State& s, RowFifo& rows, const RowFormat& f, uint32_t out,
                        uint32_t in_word, uint32_t in_width, int t0, int t1, bool mm, uint32_t out_word, bool has_bias,
                        uint32_t bias_slot) {
  for (uint32_t r = 0; r < out; ++r) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_OUT)
    const DecodedRow row = rows.read();
    lin_row(s, row, f, in_word, in_width, t0, t1, mm, out_word, r, has_bias, bias_slot);
  }
}

// LIN: every row of the matrix against the call's tokens, in token blocks (MM) or all at
// once (MV); each block consumes one pass of the matrix from the FIFOs. Fetch/decode and
// the array overlap (DATAFLOW) through a FIFO of decoded rows.
inline void linear(State& s, const uint32_t* program, const Word& w, int tokens, uint32_t out_word) {
  const uint32_t input = field(w, isa::LIN_input_LO, isa::LIN_input_BITS);
  const uint32_t weights = field(w, isa::LIN_weights_LO, isa::LIN_weights_BITS);
  const bool mm = field(w, isa::FLAG0_LO, 1) != 0;
  const bool has_bias = field(w, isa::FLAG1_LO, 1) != 0;
  const uint32_t bias = field(w, isa::LIN_bias_LO, isa::LIN_bias_BITS);
  const Word load = prog_word(program, s, s.producer[weights]);
  const RowFormat f = row_format(load, field(load, isa::FLAG0_LO, 1) != 0);
  const uint32_t out = field(load, isa::LOAD_W_out_LO, isa::LOAD_W_out_BITS);
  const uint32_t placement = field(load, isa::LOAD_W_placement_LO, isa::LOAD_W_placement_BITS);
  const uint32_t channels = const_count(program, s, placement) / 3;
  const uint32_t in_word = static_cast<uint32_t>(s.row_offset[input]) / 4;
  // MM: a pass of the matrix per token block, two tokens per DSP; MV: one pass for the call.
  const int block = mm ? cfg::MM_TOKEN_BLOCK : tokens;
  ChannelReader readers[cfg::WEIGHT_CHANNELS];
  for (int t0 = 0; t0 < tokens; t0 += block) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_BLOCKS)
    const int t1 = t0 + block < tokens ? t0 + block : tokens;
    readers_reset(readers, channels);
    {
      ACCLLM_HLS(HLS DATAFLOW)
      RowFifo rows("rows");
      ACCLLM_HLS(HLS STREAM variable = rows depth = 4)
      ACCLLM_PROCESS(lin_fetch(s.weights, readers, f, out, channels, rows));
      ACCLLM_PROCESS(lin_compute(s, rows, f, out, in_word, s.width[input], t0, t1, mm, out_word, has_bias,
                                 s.vector_slot[bias]));
      ACCLLM_DATAFLOW_JOIN();
    }
    readers_drain(s, readers, program, placement, channels);
  }
}

// LM_HEAD: int8 rows (codes, then the row's float32 scale) against the last token:
// golden.Int8Head, ((f32(xq . codes) * scale) * sx).
inline void lm_head(State& s, const uint32_t* program, const Word& w, int tokens) {
  const uint32_t input = field(w, isa::LM_HEAD_input_LO, isa::LM_HEAD_input_BITS);
  const uint32_t weights = field(w, isa::LM_HEAD_weights_LO, isa::LM_HEAD_weights_BITS);
  const Word load = prog_word(program, s, s.producer[weights]);
  const uint32_t out = field(load, isa::LOAD_W_out_LO, isa::LOAD_W_out_BITS);
  const uint32_t in = field(load, isa::LOAD_W_in_LO, isa::LOAD_W_in_BITS);
  const uint32_t placement = field(load, isa::LOAD_W_placement_LO, isa::LOAD_W_placement_BITS);
  const uint32_t channels = const_count(program, s, placement) / 3;
  const uint32_t in_word = static_cast<uint32_t>(s.row_offset[input]) / 4;
  const int t = tokens - 1;
  const float sx = act_f(s, t, qact_scale_word(in_word, s.width[input]));
  ChannelReader readers[cfg::WEIGHT_CHANNELS];
  readers_reset(readers, channels);
  for (uint32_t r = 0; r < out; ++r) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_VOCAB)
    uint8_t rec[cfg::MAX_RECORD];
    const uint32_t c = row_channel(r, channels);
    reader_take(s.weights[c], readers[c], rec, in + 4);
    int32_t acc = 0;
    for (uint32_t i = 0; i < in; ++i) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_IN)
      acc += act_code(s, t, in_word, i) * static_cast<int32_t>(static_cast<int8_t>(rec[i]));
    }
    s.logits[r] = (static_cast<float>(acc) * float_from_bits(load_u32(rec + in))) * sx;
  }
  readers_drain(s, readers, program, placement, channels);
}

// ---------------------------------------------------------------------------------------
// Instruction fetch, decode and dispatch
// ---------------------------------------------------------------------------------------

// Parse the program image's header and constant table; kOk or why not.
inline Status open_program(const uint32_t* program, State& s, uint32_t program_index, uint32_t& first,
                           uint32_t& count, uint32_t& buffer_map) {
  if (prog_u32(program, isa::HEADER_MAGIC_AT) != isa::MAGIC_LO || prog_u32(program, isa::HEADER_MAGIC_AT + 4) != isa::MAGIC_HI ||
      prog_u16(program, isa::HEADER_VERSION_AT) != isa::VERSION)
    return kBadMagic;
  const uint32_t flags = prog_u16(program, isa::HEADER_FLAGS_AT);
  const uint32_t ints = prog_u16(program, isa::HEADER_CONFIG_INTS_AT);
  const uint32_t board_bytes = prog_u16(program, isa::HEADER_BOARD_BYTES_AT);
  const uint32_t programs = prog_u32(program, isa::HEADER_PROGRAMS_AT);
  const uint32_t instructions = prog_u32(program, isa::HEADER_INSTRUCTIONS_AT);
  const uint32_t constants = prog_u32(program, isa::HEADER_CONSTANTS_AT);
  const uint32_t row_bytes = prog_u32(program, isa::HEADER_ROW_BYTES_AT);
  if (ints != cfg::CONFIG_INTS || row_bytes != cfg::ACT_ROW_BYTES) return kConfigMismatch;
  for (uint32_t i = 0; i < cfg::CONFIG_INTS; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    if (prog_u32(program, isa::HEADER_BYTES + 4 * i) != cfg::CONFIG[i]) return kConfigMismatch;
  }
  if ((flags & 3u) != 3u) return kNotAllocated;
  if (program_index >= programs) return kBadProgram;
  if (constants > cfg::MAX_CONSTANTS) return kConfigMismatch;
  const uint32_t entries_at = (isa::HEADER_BYTES + 4 * ints + board_bytes + isa::WORD_BYTES - 1) / isa::WORD_BYTES *
                              isa::WORD_BYTES;
  s.words_at = entries_at + isa::ENTRY_BYTES * programs;
  s.constants_at = s.words_at + isa::WORD_BYTES * instructions;
  uint32_t at = s.constants_at;
  for (uint32_t c = 0; c < constants; ++c) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_CONSTANTS)
    s.constant_at[c] = at;
    const uint32_t kind = prog_u32(program, at);
    const uint32_t n = prog_u32(program, at + 4);
    const uint32_t payload = n * (kind == 0 ? 1 : (kind == 1 ? 8 : 4));
    at += 8 + (payload + 7) / 8 * 8;
  }
  const uint32_t entry = entries_at + isa::ENTRY_BYTES * program_index;
  buffer_map = prog_u16(program, entry + isa::ENTRY_BUFFER_MAP_AT);
  first = prog_u32(program, entry + isa::ENTRY_FIRST_AT);
  count = prog_u32(program, entry + isa::ENTRY_COUNT_AT);
  if (prog_u32(program, entry + isa::ENTRY_VALUES_AT) > cfg::MAX_VALUES || first + count > instructions) return kConfigMismatch;
  return kOk;
}

// One call of a program: `tokens` new tokens (ids in `token_ids`) at positions
// `position` ... `position + tokens - 1`. Writes the status and the counters.
template <class Ports>
inline void run_call(Ports& ports, State& s, const uint32_t* program, const int32_t* token_ids,
                     uint32_t program_index, uint32_t tokens, uint32_t position, uint64_t* counters) {
  for (int i = 0; i < kCounters; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    s.counters[i] = 0;
  }
  for (int c = 0; c < cfg::WEIGHT_CHANNELS; ++c) {
    ACCLLM_HLS(HLS UNROLL)
    ACCLLM_SIM_NAME(s.weights[c], "weights[" + std::to_string(c) + "]");
  }
  uint32_t first = 0;
  uint32_t count = 0;
  uint32_t buffer_map = 0;
  Status status = open_program(program, s, program_index, first, count, buffer_map);
  if (status == kOk && (tokens == 0 || tokens > static_cast<uint32_t>(cfg::MAX_TOKENS))) status = kTooManyTokens;
  if (status == kOk && cfg::WINDOW == 0 && position + tokens > static_cast<uint32_t>(cfg::KV_SLOTS))
    status = kContextFull;
  const int T = static_cast<int>(tokens);
  const int32_t P = static_cast<int32_t>(position);
  uint32_t next_value = 1;  // %0 is the call's tokens
  s.width[0] = 0;
  s.next_vector = 0;
  s.kv_count = 0;
  for (uint32_t i = first; status == kOk && i < first + count; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_INSTRUCTIONS)
    const Word w = prog_word(program, s, i);
    const uint32_t op = field(w, 0, 6);
    ++s.counters[kCounterInstructions];
    if (op >= isa::OPCODES) {
      status = kBadInstruction;
      break;
    }
    uint32_t result = 0;
    uint32_t out_word = 0;
    if (isa::kHasResult[op]) {
      if (next_value >= static_cast<uint32_t>(cfg::MAX_VALUES)) {
        status = kBadInstruction;
        break;
      }
      result = next_value++;
      s.producer[result] = i;
      s.row_offset[result] = static_cast<int32_t>(const_i64(program, s, buffer_map, result));
      out_word = static_cast<uint32_t>(s.row_offset[result]) / 4;
    }
    switch (op) {
      case isa::OP_END:
        i = first + count;  // drains every queue
        break;
      case isa::OP_LOAD_EMB: {
        const uint32_t width = field(w, isa::LOAD_EMB_width_LO, isa::LOAD_EMB_width_BITS);
        const uint32_t rows = field(w, isa::LOAD_EMB_rows_LO, isa::LOAD_EMB_rows_BITS);
        const uint32_t placement = field(w, isa::LOAD_EMB_placement_LO, isa::LOAD_EMB_placement_BITS);
        const uint32_t n = const_count(program, s, placement) / 2;
        s.width[result] = width;
        for (int t = 0; t < T; ++t) {
          ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_TOKENS)
          ACCLLM_HBM(cfg::MISC_CHANNEL, 0, false);
          const int32_t id = token_ids[t];
          if (id < 0 || static_cast<uint32_t>(id) >= rows || width > static_cast<uint32_t>(cfg::MAX_WIDTH)) {
            status = kBadToken;
            break;
          }
          const uint32_t c = static_cast<uint32_t>(id) % n;
          const int channel = static_cast<int>(const_i64(program, s, placement, c));
          const uint64_t at = static_cast<uint64_t>(const_i64(program, s, placement, n + c)) +
                              static_cast<uint64_t>(static_cast<uint32_t>(id) / n) * 2 * width;
          uint8_t raw[2 * cfg::MAX_WIDTH];
          hbm_read_bytes(ports, s, channel, at, raw, 2 * width);
          for (uint32_t k = 0; k < width; ++k) {
            ACCLLM_HLS(HLS PIPELINE II = 1)
            ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_WIDTH)
            set_act_f(s, t, out_word + k, half_to_float(static_cast<uint16_t>(raw[2 * k] | raw[2 * k + 1] << 8)));
          }
        }
        break;
      }
      case isa::OP_LOAD_VEC: {
        const uint32_t width = field(w, isa::LOAD_VEC_width_LO, isa::LOAD_VEC_width_BITS);
        const uint32_t offset = field(w, isa::LOAD_VEC_offset_LO, isa::LOAD_VEC_offset_BITS);
        if (width > static_cast<uint32_t>(cfg::MAX_VECTOR)) {
          status = kUnsupported;
          break;
        }
        const uint32_t slot = s.next_vector;
        s.next_vector = (s.next_vector + 1) % cfg::VECTOR_SLOTS;
        s.vector_slot[result] = static_cast<uint16_t>(slot);
        s.width[result] = width;
        uint8_t raw[2 * cfg::MAX_VECTOR];
        hbm_read_bytes(ports, s, cfg::MISC_CHANNEL, offset, raw, 2 * width);
        for (uint32_t k = 0; k < width; ++k) {
          ACCLLM_HLS(HLS PIPELINE II = 1)
          ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_VECTOR)
          s.vectors[slot][k] = half_to_float(static_cast<uint16_t>(raw[2 * k] | raw[2 * k + 1] << 8));
        }
        break;
      }
      case isa::OP_LOAD_W: {
        s.width[result] = field(w, isa::LOAD_W_out_LO, isa::LOAD_W_out_BITS);
        const bool per_block = field(w, isa::FLAG1_LO, 1) != 0;
        load_weights(ports, s, program, w, per_block ? (T + cfg::MM_TOKEN_BLOCK - 1) / cfg::MM_TOKEN_BLOCK : 1);
        break;
      }
      case isa::OP_LOAD_KV:
        load_kv(ports, s, program, w, P);
        break;
      case isa::OP_RMSNORM: {
        const uint32_t input = field(w, isa::RMSNORM_input_LO, isa::RMSNORM_input_BITS);
        const uint32_t weight = field(w, isa::RMSNORM_weight_LO, isa::RMSNORM_weight_BITS);
        const float eps = const_f32(program, s, field(w, isa::RMSNORM_eps_LO, isa::RMSNORM_eps_BITS), 0);
        s.width[result] = s.width[input];
        sfu_rmsnorm(s, T, static_cast<uint32_t>(s.row_offset[input]) / 4, s.width[input], s.vector_slot[weight], eps,
                    out_word);
        break;
      }
      case isa::OP_QUANT: {
        const uint32_t input = field(w, isa::QUANT_input_LO, isa::QUANT_input_BITS);
        if (field(w, isa::QUANT_bits_LO, isa::QUANT_bits_BITS) != 8) {
          status = kUnsupported;
          break;
        }
        s.width[result] = s.width[input];
        sfu_quantize(s, T, static_cast<uint32_t>(s.row_offset[input]) / 4, s.width[input], out_word);
        break;
      }
      case isa::OP_LIN: {
        const Word load = prog_word(program, s, s.producer[field(w, isa::LIN_weights_LO, isa::LIN_weights_BITS)]);
        const RowFormat f = row_format(load, false);
        if (f.bits < 1 || f.bits > 8 || f.group == 0 || f.record_bytes > static_cast<uint32_t>(cfg::MAX_RECORD)) {
          status = kUnsupported;
          break;
        }
        s.width[result] = field(load, isa::LOAD_W_out_LO, isa::LOAD_W_out_BITS);
        linear(s, program, w, T, out_word);
        break;
      }
      case isa::OP_ROPE: {
        const uint32_t input = field(w, isa::ROPE_input_LO, isa::ROPE_input_BITS);
        s.width[result] = s.width[input];
        sfu_rope(s, program, w, T, P, out_word);
        break;
      }
      case isa::OP_ATT: {
        const uint32_t query = field(w, isa::ATT_query_LO, isa::ATT_query_BITS);
        const uint32_t shape = field(w, isa::ATT_shape_LO, isa::ATT_shape_BITS);
        if (const_i64(program, s, shape, 1) != cfg::SINKS || const_i64(program, s, shape, 2) != cfg::WINDOW) {
          status = kConfigMismatch;
          break;
        }
        s.width[result] = s.width[query];
        attention(s, program, w, T, P, out_word);
        break;
      }
      case isa::OP_SILU_MUL:
      case isa::OP_ADD: {
        static_assert(isa::SILU_MUL_gate_LO == isa::ADD_lhs_LO && isa::SILU_MUL_up_LO == isa::ADD_rhs_LO,
                      "SILU_MUL and ADD share their operand fields");
        const uint32_t a = field(w, isa::ADD_lhs_LO, isa::ADD_lhs_BITS);
        const uint32_t b = field(w, isa::ADD_rhs_LO, isa::ADD_rhs_BITS);
        const uint32_t a_word = static_cast<uint32_t>(s.row_offset[a]) / 4;
        const uint32_t b_word = static_cast<uint32_t>(s.row_offset[b]) / 4;
        s.width[result] = s.width[a];
        for (int t = 0; t < T; ++t) {
          ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_TOKENS)
          for (uint32_t k = 0; k < s.width[a]; ++k) {
            ACCLLM_HLS(HLS PIPELINE II = 1)
            ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_WIDTH)
            const float x = act_f(s, t, a_word + k);
            const float y = act_f(s, t, b_word + k);
            set_act_f(s, t, out_word + k, op == isa::OP_ADD ? x + y : silu_f32(x) * y);
          }
        }
        break;
      }
      case isa::OP_LM_HEAD:
        s.width[result] = field(prog_word(program, s, s.producer[field(w, isa::LM_HEAD_weights_LO,
                                                                         isa::LM_HEAD_weights_BITS)]),
                                isa::LOAD_W_out_LO, isa::LOAD_W_out_BITS);
        lm_head(s, program, w, T);
        break;
      case isa::OP_STORE_KV:
        if (field(w, isa::STORE_KV_bits_LO, isa::STORE_KV_bits_BITS) != static_cast<uint32_t>(cfg::KV_BITS)) {
          status = kUnsupported;
          break;
        }
        store_kv(ports, s, program, w, T, P);
        break;
      case isa::OP_STORE_LOGITS: {
        const uint32_t logits = field(w, isa::STORE_LOGITS_logits_LO, isa::STORE_LOGITS_logits_BITS);
        const uint32_t offset = field(w, isa::STORE_LOGITS_offset_LO, isa::STORE_LOGITS_offset_BITS);
        for (uint32_t k = 0; k < s.width[logits]; k += 16) {
          ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_VOCAB / 16)
          uint8_t raw[64];
          const uint32_t n = s.width[logits] - k < 16 ? s.width[logits] - k : 16;
          for (uint32_t j = 0; j < n; ++j) {
            ACCLLM_HLS(HLS UNROLL)
            put_f32(raw + 4 * j, s.logits[k + j]);
          }
          hbm_write_bytes(ports, s, cfg::MISC_CHANNEL, offset + 4ull * k, raw, 4 * n);
        }
        break;
      }
      default:
        status = kBadInstruction;
        break;
    }
  }
  s.counters[kCounterStatus] = status;
  for (int i = 0; i < kCounters; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HBM(cfg::MISC_CHANNEL, static_cast<uint64_t>(i) / 8, true);
    counters[i] = s.counters[i];
  }
}

}  // namespace accllm

#endif  // ACCLLM_ENGINE_H
