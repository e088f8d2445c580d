// accllm_engine.h -- the reconfigurable engine of docs/engine.md as HLS C++ (header library).
//
// The generated project includes, in this order, its `accllm_config.h` (the engine
// configuration and the model's sizes as compile-time constants, namespace accllm::cfg),
// its `accllm_isa.h` (opcodes and field positions of the 128-bit instruction words, written
// from backend_hls/program_binary.py so the two cannot disagree) and this header. The
// generated top function (`accllm_top.cpp`) owns the HBM ports and wires the units below
// into one DATAFLOW region per call.
//
// The machine (docs/engine.md §2, docs/hls.md "The kernel's processes"):
//
//   open_call     bursts the program image into two on-chip windows (one for LD, one for
//                 EX: each process owns its memory), checks the program against this build
//                 and the call's arguments: a program that would fault never starts;
//   load_unit     (LD) walks the program and turns every LOAD_* into burst commands, one
//                 stream per HBM read port;
//   read_port     one per HBM channel read: a plain sequential burst loop, one 512-bit beat
//                 per cycle, into that port's beat FIFO (depth: the weight FIFO);
//   execute       (EX) walks the same program: receives loaded data from the beat FIFOs in
//                 program order, runs LIN / LM_HEAD / ATT / SFU, and hands KV records and
//                 logits to ST;
//   store_unit    (ST) bursts EX's beats (whole beats: aligned regions) to the write ports;
//   write_port    one per HBM channel written (KV channels, misc): a burst write loop.
//
// The processes are joined only by bounded streams and the graph is acyclic (LD -> ports
// -> EX -> ST -> ports), so it runs as Vitis runs DATAFLOW and in the bounded, concurrent C
// simulation (include/sim/). LD runs ahead of EX by as much as the beat FIFOs hold, which
// is the prefetch distance the cost model (passes/cost_model.py) assumes.
//
// Units and the golden model they reproduce bit for bit (frontend/golden.py; numerics in
// accllm_math.h): LIN (`array_run`: W2 x A8 integer group sums with the 2:4 operand select,
// the group epilogue f32(acc) * scale, the adder tree over groups, * sx, + bias; MM mode
// packs two tokens per DSP48E2, AMD WP486), ATT (Λ-attention: KV4 x A8 scores, float32
// softmax, A8 weights x KV4 values), SFU (RMSNorm, RoPE, SiLU x up, residual add, the A8 /
// KV4 quantizers).
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


// ---------------------------------------------------------------------------------------
// Streams between the processes
// ---------------------------------------------------------------------------------------

// A burst on one HBM port: `beats` beats from beat address `beat`; `payload` bytes of them
// are the program's (the counters count those). `end` closes the port for the call.
struct PortCmd {
  uint32_t beat;
  uint32_t beats;
  uint32_t payload;
  bool end;
};
typedef hls::stream<PortCmd, cfg::PORT_CMD_DEPTH> CmdFifo;

// A read port's beats, in command order, to EX (the LD -> EX prefetch distance).
typedef hls::stream<Beat, cfg::WEIGHT_FIFO_DEPTH> BeatFifo;

// ST -> a write port: whole beats (every region ST writes is beat-aligned and padded to
// whole beats: the KV records, the logits), so a write port never reads a beat back.
typedef hls::stream<Beat, 2> WriteFifo;

// EX -> ST: `bytes` bytes for `channel` at byte `offset` (a beat boundary), then their
// ceil(bytes / 64) beats of payload on the data stream. `end` closes ST for the call.
struct StoreHead {
  uint32_t channel;
  uint64_t offset;
  uint32_t bytes;
  bool end;
};
typedef hls::stream<StoreHead, 4> StoreHeadFifo;
typedef hls::stream<Beat, 4> StoreDataFifo;

// EX's byte-granular view of one read port's beats.
struct ByteReader {
  Beat beat;
  int pos;         // next byte in `beat` (kBeatBytes: empty)
  uint32_t taken;  // beats popped since the last reader_start
};

// The port (index into PORT_CHANNELS or WRITE_PORT_CHANNELS) of an HBM channel.
template <int N>
inline int port_of(const int (&channels)[N], uint32_t channel) {
  ACCLLM_HLS(HLS INLINE)
  int port = 0;
  for (int p = 0; p < N; ++p) {
    ACCLLM_HLS(HLS UNROLL)
    if (static_cast<uint32_t>(channels[p]) == channel) port = p;
  }
  return port;
}
inline int read_port_of(uint32_t channel) { return port_of(cfg::PORT_CHANNELS, channel); }
inline int write_port_of(uint32_t channel) { return port_of(cfg::WRITE_PORT_CHANNELS, channel); }

// ---------------------------------------------------------------------------------------
// EX's on-chip state
// ---------------------------------------------------------------------------------------

// HEAD_DIM codes of KV_BITS (4 or 8, so a code never straddles a byte) packed LSB first:
// two 4-bit codes per byte, as in the ring's records.
constexpr uint32_t kKVCodeBytes = (cfg::HEAD_DIM * cfg::KV_BITS + 7) / 8;

struct KVEntry {  // one cached token of one KV head, as the ring stores it (codes packed)
  uint8_t key[kKVCodeBytes];
  uint8_t value[kKVCodeBytes];
  float key_scale, key_zero, value_scale, value_zero;
};

// Code `d` of a packed row of KV codes.
inline int32_t kv_code(const uint8_t (&codes)[kKVCodeBytes], uint32_t d) {
  ACCLLM_HLS(HLS INLINE)
  const uint32_t bit = d * cfg::KV_BITS;
  return static_cast<int32_t>((codes[bit / 8] >> (bit % 8)) & ((1u << cfg::KV_BITS) - 1u));
}

struct State {
  // Per SSA value of the running program: buffer offset and vector slot.
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
    ACCLLM_HLS(HLS UNROLL factor = cfg::SFU_LANES)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = MAXN)
    x[i] = act_f(s, t, word + i);
  }
}
template <int MAXN>
inline void write_act_row(State& s, int t, uint32_t word, uint32_t n, const float* y) {
  for (uint32_t i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS UNROLL factor = cfg::SFU_LANES)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = MAXN)
    set_act_f(s, t, word + i, y[i]);
  }
}


// ---------------------------------------------------------------------------------------
// The program window
// ---------------------------------------------------------------------------------------

// One process's on-chip copy of the program image, and where its sections start.
struct Program {
  uint32_t words[cfg::PROGRAM_WORDS];
  uint32_t constant_at[cfg::MAX_CONSTANTS];
  uint32_t words_at;
  uint32_t first;       // the call's program: its first instruction
  uint32_t count;       // and how many
  uint32_t buffer_map;  // constant: buffer offset per SSA value
};

inline uint32_t prog_u32(const Program& p, uint32_t byte) { return p.words[byte / 4]; }
inline uint16_t prog_u16(const Program& p, uint32_t byte) {
  return static_cast<uint16_t>(p.words[byte / 4] >> (8 * (byte % 4)));
}
inline Word prog_word(const Program& p, uint32_t index) {
  const uint32_t at = (p.words_at + isa::WORD_BYTES * index) / 4;
  Word w = 0;
  for (int i = 0; i < 4; ++i) {
    ACCLLM_HLS(HLS UNROLL)
    w.range(32 * i + 31, 32 * i) = p.words[at + i];
  }
  return w;
}

// Element count of constant `c`, and its elements.
inline uint32_t const_count(const Program& p, uint32_t c) { return prog_u32(p, p.constant_at[c] + 4); }
inline int64_t const_i64(const Program& p, uint32_t c, uint32_t i) {
  const uint32_t at = p.constant_at[c] + 8 + 8 * i;
  const uint64_t lo = prog_u32(p, at), hi = prog_u32(p, at + 4);
  return static_cast<int64_t>(lo | hi << 32);
}
inline float const_f32(const Program& p, uint32_t c, uint32_t i) {
  return float_from_bits(prog_u32(p, p.constant_at[c] + 8 + 4 * i));
}

// The SSA values of the running program as LD and EX both number them: the instruction
// that defined each and its width (elements per token).
struct Values {
  uint32_t producer[cfg::MAX_VALUES];
  uint32_t width[cfg::MAX_VALUES];
  uint32_t next;
};

inline void values_reset(Values& v) {
  v.next = 1;  // %0 is the call's tokens
  v.width[0] = 0;
}

// The LOAD_W word that defined weights value `value`.
inline Word producer_word(const Program& p, const Values& v, uint32_t value) {
  return prog_word(p, v.producer[value]);
}

// Number the result of instruction `index` (0: it has none) and record its width.
inline uint32_t define_value(const Program& p, Values& v, const Word& w, uint32_t op, uint32_t index) {
  if (op >= isa::OPCODES || !isa::kHasResult[op] || v.next >= static_cast<uint32_t>(cfg::MAX_VALUES)) return 0;
  const uint32_t result = v.next++;
  v.producer[result] = index;
  uint32_t width = 0;
  switch (op) {
    case isa::OP_LOAD_EMB: width = field(w, isa::LOAD_EMB_width_LO, isa::LOAD_EMB_width_BITS); break;
    case isa::OP_LOAD_VEC: width = field(w, isa::LOAD_VEC_width_LO, isa::LOAD_VEC_width_BITS); break;
    case isa::OP_LOAD_W: width = field(w, isa::LOAD_W_out_LO, isa::LOAD_W_out_BITS); break;
    case isa::OP_RMSNORM: width = v.width[field(w, isa::RMSNORM_input_LO, isa::RMSNORM_input_BITS)]; break;
    case isa::OP_QUANT: width = v.width[field(w, isa::QUANT_input_LO, isa::QUANT_input_BITS)]; break;
    case isa::OP_ROPE: width = v.width[field(w, isa::ROPE_input_LO, isa::ROPE_input_BITS)]; break;
    case isa::OP_ATT: width = v.width[field(w, isa::ATT_query_LO, isa::ATT_query_BITS)]; break;
    case isa::OP_SILU_MUL:
    case isa::OP_ADD: width = v.width[field(w, isa::ADD_lhs_LO, isa::ADD_lhs_BITS)]; break;
    case isa::OP_LIN:
      width = field(producer_word(p, v, field(w, isa::LIN_weights_LO, isa::LIN_weights_BITS)), isa::LOAD_W_out_LO,
                    isa::LOAD_W_out_BITS);
      break;
    case isa::OP_LM_HEAD:
      width = field(producer_word(p, v, field(w, isa::LM_HEAD_weights_LO, isa::LM_HEAD_weights_BITS)),
                    isa::LOAD_W_out_LO, isa::LOAD_W_out_BITS);
      break;
    default: break;
  }
  v.width[result] = width;
  return result;
}

// ---------------------------------------------------------------------------------------
// HBM ports
// ---------------------------------------------------------------------------------------

// A read port: every command is one sequential burst into the port's beat FIFO.
inline void read_port(const Beat* mem, int channel, CmdFifo& cmds, BeatFifo& out, uint64_t& bytes) {
  uint64_t total = 0;
  for (;;) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_PORT_COMMANDS)
    const PortCmd c = cmds.read();
    if (c.end) break;
    for (uint32_t b = 0; b < c.beats; ++b) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_CHANNEL_BEATS)
      ACCLLM_HBM(channel, c.beat + b, true);
      out.write(mem[c.beat + b]);
    }
    total += c.payload;
  }
  bytes = total;
}

// A write port: every command is one sequential burst of ST's whole beats (AXI byte strobes
// are not reachable from HLS C++ on a 512-bit port, so what ST writes is beat-aligned).
inline void write_port(Beat* mem, int channel, CmdFifo& cmds, WriteFifo& in, uint64_t& bytes) {
  uint64_t total = 0;
  for (;;) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_PORT_COMMANDS)
    const PortCmd c = cmds.read();
    if (c.end) break;
    for (uint32_t b = 0; b < c.beats; ++b) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_CHANNEL_BEATS)
      ACCLLM_HBM_WRITE(channel, c.beat + b, true);
      mem[c.beat + b] = in.read();
    }
    total += c.payload;
  }
  bytes = total;
}

// LD's command for `bytes` bytes at byte `offset` of `channel`: the beats that cover them.
inline void issue_read(CmdFifo (&cmds)[cfg::NUM_PORTS], uint32_t channel, uint64_t offset, uint32_t bytes) {
  const uint32_t lead = static_cast<uint32_t>(offset % kBeatBytes);
  const PortCmd c = {static_cast<uint32_t>(offset / kBeatBytes), (lead + bytes + kBeatBytes - 1) / kBeatBytes, bytes,
                     false};
  cmds[read_port_of(channel)].write(c);
}

inline uint32_t covering_beats(uint64_t offset, uint32_t bytes) {
  return (static_cast<uint32_t>(offset % kBeatBytes) + bytes + kBeatBytes - 1) / kBeatBytes;
}

// EX's side of a read: position the reader at byte `offset % 64` of the first beat.
inline void reader_start(ByteReader& r) {
  r.pos = kBeatBytes;
  r.taken = 0;
}
inline void reader_seek(BeatFifo& fifo, ByteReader& r, uint64_t offset) {
  r.beat = fifo.read();
  r.pos = static_cast<int>(offset % kBeatBytes);
  r.taken = 1;
}

// The next `n` bytes, up to a beat per iteration (wide slicing, no byte loop).
inline void reader_take(BeatFifo& fifo, ByteReader& r, uint8_t* dst, uint32_t n) {
  for (uint32_t i = 0; i < n;) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_RECORD / 32)
    if (r.pos == kBeatBytes) {
      r.beat = fifo.read();
      r.pos = 0;
      ++r.taken;
    }
    const uint32_t avail = static_cast<uint32_t>(kBeatBytes - r.pos);
    const uint32_t take = n - i < avail ? n - i : avail;
    for (uint32_t k = 0; k < static_cast<uint32_t>(kBeatBytes); ++k) {
      ACCLLM_HLS(HLS UNROLL)
      if (k < take) dst[i + k] = r.beat.b[r.pos + static_cast<int>(k)];
    }
    r.pos += static_cast<int>(take);
    i += take;
  }
}

// After a command's bytes: pop the beats of it not yet popped (padding, a last partial beat).
inline void reader_finish(BeatFifo& fifo, ByteReader& r, uint32_t beats) {
  for (uint32_t b = r.taken; b < beats; ++b) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = 1)
    (void)fifo.read();
  }
  reader_start(r);
}

// EX's receive of one LD read: `bytes` bytes at byte `offset` of `channel`.
inline void receive_bytes(BeatFifo (&beats)[cfg::NUM_PORTS], uint32_t channel, uint64_t offset, uint8_t* dst,
                          uint32_t bytes) {
  BeatFifo& fifo = beats[read_port_of(channel)];
  ByteReader r;
  reader_seek(fifo, r, offset);
  reader_take(fifo, r, dst, bytes);
  reader_finish(fifo, r, covering_beats(offset, bytes));
}

// EX's send of `bytes` bytes for `channel` at byte `offset` to ST.
inline void send_bytes(StoreHeadFifo& heads, StoreDataFifo& data, uint32_t channel, uint64_t offset,
                       const uint8_t* src, uint32_t bytes) {
  const StoreHead h = {channel, offset, bytes, false};
  heads.write(h);
  for (uint32_t i = 0; i < bytes; i += kBeatBytes) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_STORE_BEATS)
    Beat chunk;
    for (int k = 0; k < kBeatBytes; ++k) {
      ACCLLM_HLS(HLS UNROLL)
      chunk.b[k] = i + static_cast<uint32_t>(k) < bytes ? src[i + static_cast<uint32_t>(k)] : 0;
    }
    data.write(chunk);
  }
}

// EX's send of the `n` logits as float32 to byte `offset` of the misc channel.
inline void send_logits(const State& s, uint32_t n, uint32_t offset, StoreHeadFifo& heads, StoreDataFifo& data) {
  const StoreHead h = {cfg::MISC_CHANNEL, offset, 4 * n, false};
  heads.write(h);
  for (uint32_t k = 0; k < n; k += 16) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_VOCAB / 16)
    Beat chunk;
    for (uint32_t j = 0; j < 16; ++j) {
      ACCLLM_HLS(HLS UNROLL)
      put_f32(chunk.b + 4 * j, k + j < n ? s.logits[k + j] : 0.0f);
    }
    data.write(chunk);
  }
}

// ST: EX's beats burst to their port (a store starts on a beat: its region and records are
// beat-aligned).
inline void store_unit(StoreHeadFifo& heads, StoreDataFifo& data, CmdFifo (&cmds)[cfg::NUM_WRITE_PORTS],
                       WriteFifo (&out)[cfg::NUM_WRITE_PORTS]) {
  for (;;) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_PORT_COMMANDS)
    const StoreHead h = heads.read();
    if (h.end) break;
    const int port = write_port_of(h.channel);
    const uint32_t beats = (h.bytes + kBeatBytes - 1) / kBeatBytes;
    const PortCmd c = {static_cast<uint32_t>(h.offset / kBeatBytes), beats, h.bytes, false};
    cmds[port].write(c);
    for (uint32_t b = 0; b < beats; ++b) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_STORE_BEATS)
      out[port].write(data.read());
    }
  }
  for (int p = 0; p < cfg::NUM_WRITE_PORTS; ++p) {
    ACCLLM_HLS(HLS UNROLL)
    const PortCmd end = {0, 0, 0, true};
    cmds[p].write(end);
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
  bool int8_rows;  // LM_HEAD's rows: in signed int8 codes, then one float32 scale
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
  f.int8_rows = false;
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

// Two tokens' products of one weight on one DSP48E2 (AMD WP486): A = x0 + x1 * 2^18 (27-bit
// port), B = c (18-bit), P += A * B. The low field's sum stays below 2^17 in magnitude for a
// quantization group (checked by the emitter), so both fields come back exactly; one token
// (x0 = 0) sums in the high field, 30 bits wide.
#ifndef ACCLLM_SIM
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
#else
// The C simulation computes the same fields in int64 (ap_int arithmetic is slow on the
// host): A = x0 + x1 * 2^18 fits 27 bits and P stays far inside 48 (the emitter's group
// limit), so no width the DSP48E2 has ever wraps and the values are the same.
struct DspPair {
  int64_t p;
};
inline void dsp_mac_pair(DspPair& acc, int32_t x0, int32_t x1, int32_t c) {
  acc.p += (static_cast<int64_t>(x0) + static_cast<int64_t>(x1) * (1 << 18)) * c;
}
inline void dsp_split(const DspPair& acc, int32_t& lo, int32_t& hi) {
  lo = static_cast<int32_t>(((acc.p & 0x3ffff) ^ 0x20000) - 0x20000);
  hi = static_cast<int32_t>((acc.p >> 18) + ((acc.p >> 17) & 1));
}
#endif


// One lane tile of a matrix pass: the packed records of LANES consecutive rows, lane l's
// from weight channel l mod C, one bank per lane. The tile fetch fills one block while the
// array computes on the other (a stream of blocks: a ping-pong buffer, UG1399).
struct TileRecords {
  uint8_t rec[cfg::LANES][cfg::MAX_RECORD];
};
typedef hls::stream_of_blocks<TileRecords, 2> TileFifo;

// Kept weight `k` of a record: its input position and its centered code (code - zero;
// int8 rows carry signed codes and no zeros), decoded from the record by bit slicing. The
// linear format is the build's (cfg::LIN_*), so every offset below is a constant shift of
// `k` and the decode is wiring.
inline void weight_at(const uint8_t* rec, const RowFormat& f, uint32_t k, uint32_t& pos, int32_t& centered) {
  ACCLLM_HLS(HLS INLINE)
  if (f.int8_rows) {
    pos = k;
    centered = static_cast<int32_t>(static_cast<int8_t>(rec[k]));
    return;
  }
  const uint8_t* index = rec + f.values_bytes;
  const uint8_t* zeros = index + f.index_bytes;
  const int32_t zero =
      static_cast<int32_t>(bit_field(zeros, (k / cfg::LIN_KEPT_PER_GROUP) * cfg::LIN_BITS, cfg::LIN_BITS));
  centered = static_cast<int32_t>(bit_field(rec, k * cfg::LIN_BITS, cfg::LIN_BITS)) - zero;
  pos = k;
  if (cfg::LIN_SPARSE) {
    const uint32_t slice = k / cfg::LIN_N;
    const uint32_t within = cfg::LIN_CODE3 ? code3_position(bit_field(index, slice * 3, 3), k % cfg::LIN_N)
                                           : bit_field(index, k * cfg::LIN_INDEX_WIDTH, cfg::LIN_INDEX_WIDTH);
    pos = slice * cfg::LIN_M + within;
  }
}

// The scale of group `g` of a record: float16 after the zeros, or the int8 row's float32.
inline float group_scale(const uint8_t* rec, const RowFormat& f, uint32_t g) {
  ACCLLM_HLS(HLS INLINE)
  if (f.int8_rows) return float_from_bits(load_u32(rec + f.in));
  const uint8_t* scales = rec + f.values_bytes + f.index_bytes + f.zeros_bytes;
  return half_to_float(static_cast<uint16_t>(scales[2 * g] | scales[2 * g + 1] << 8));
}

// The array on one tile and one token (or a pair of tokens, MM mode): every cycle each of
// the `lanes` lanes takes KEPT_PER_LANE kept weights of its row, the 2:4 select picks their
// operands from the activation window broadcast to all lanes, and at a group's end each
// lane's integer sum becomes f32(acc) * scale (golden.integer_linear). Every product is one
// DSP48E2 (dsp_mac_pair): MM packs two tokens in it, MV puts its token in the high field.
inline void array_pass(const State& s, const TileRecords& tile, const RowFormat& f, uint32_t lanes, uint32_t in_word,
                       int t, bool two, float (&partial)[2][cfg::LANES][cfg::MAX_GROUPS]) {
  const uint32_t kept_per_group = f.int8_rows ? f.in : cfg::LIN_KEPT_PER_GROUP;
  const uint32_t chunks_per_group = (kept_per_group + cfg::KEPT_PER_LANE - 1) / cfg::KEPT_PER_LANE;
  const uint32_t groups = f.int8_rows ? 1 : f.groups;
  DspPair dsp[cfg::LANES];
  uint32_t g = 0;
  uint32_t c = 0;
  uint32_t k0 = 0;  // the group's first kept weight + this chunk's
  for (uint32_t q = 0; q < groups * chunks_per_group; ++q) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_IN / cfg::KEPT_PER_LANE)
    for (uint32_t l = 0; l < static_cast<uint32_t>(cfg::LANES); ++l) {
      ACCLLM_HLS(HLS UNROLL)
      if (l >= lanes) break;  // a constant bound: Vitis unrolls it fully (the last tile's idle lanes)
      if (c == 0) dsp[l].p = 0;
      for (uint32_t j = 0; j < static_cast<uint32_t>(cfg::KEPT_PER_LANE); ++j) {
        ACCLLM_HLS(HLS UNROLL)
        if (c * cfg::KEPT_PER_LANE + j < kept_per_group) {
          uint32_t pos;
          int32_t w;
          weight_at(tile.rec[l], f, k0 + j, pos, w);
          const int32_t x0 = act_code(s, t, in_word, pos);
          const int32_t x1 = two ? act_code(s, t + 1, in_word, pos) : x0;
          dsp_mac_pair(dsp[l], two ? x0 : 0, x1, w);
        }
      }
      if (c == chunks_per_group - 1) {
        int32_t lo;
        int32_t hi;
        dsp_split(dsp[l], lo, hi);
        const float scale = group_scale(tile.rec[l], f, g);
        partial[0][l][g] = static_cast<float>(two ? lo : hi) * scale;
        partial[1][l][g] = two ? static_cast<float>(hi) * scale : 0.0f;
      }
    }
    k0 += cfg::KEPT_PER_LANE;
    if (++c == chunks_per_group) {
      c = 0;
      ++g;
      k0 = g * kept_per_group;
    }
  }
}

// The group sums of one tile and token (pair), from the array to its epilogue: a stream of
// blocks, so the epilogue of one tile overlaps the array's work on the next.
struct TilePartials {
  float partial[2][cfg::LANES][cfg::MAX_GROUPS];
};
typedef hls::stream_of_blocks<TilePartials, 2> PartialFifo;

// y[t] = tree_sum_g(partial[t, g]) * sx[t] (+ bias) for each lane's row, into the
// activation buffer (or the logits).
inline void array_epilogue(State& s, const float (&partial)[2][cfg::LANES][cfg::MAX_GROUPS], const RowFormat& f,
                           uint32_t r0, uint32_t lanes, uint32_t scale_word, int t, bool two, uint32_t out_word,
                           bool to_logits, bool has_bias, uint32_t bias_slot) {
  const int groups = f.int8_rows ? 1 : static_cast<int>(f.groups);
  for (int j = 0; j < (two ? 2 : 1); ++j) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = 2)
    const float sx = act_f(s, t + j, scale_word);
    for (uint32_t l = 0; l < lanes; ++l) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS UNROLL factor = cfg::LANES)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::LANES)
      float y = tree_sum_n<cfg::MAX_GROUPS>(partial[j][l], groups) * sx;
      if (has_bias) y = y + s.vectors[bias_slot][r0 + l];
      if (to_logits)
        s.logits[r0 + l] = y;
      else
        set_act_f(s, t + j, out_word + r0 + l, y);
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
    rmsnorm_row_n<cfg::MAX_WIDTH, cfg::SFU_LANES>(x, s.vectors[slot], static_cast<int>(width), eps, y);
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
    quantize_symmetric_n<8, cfg::SFU_LANES>(x, static_cast<int>(width), q, scale);
    for (uint32_t i = 0; i < width; ++i) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS UNROLL factor = cfg::SFU_LANES)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_WIDTH)
      set_act_code(s, t, out_word, i, q[i]);
    }
    set_act_f(s, t, qact_scale_word(out_word, width), scale);
  }
}

// The first `n` RoPE frequencies of float32 constant `c`.
inline void read_inv_freq(const Program& p, uint32_t c, uint32_t n, float* inv_freq) {
  for (uint32_t k = 0; k < n; ++k) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::HEAD_DIM / 2)
    inv_freq[k] = const_f32(p, c, k);
  }
}

// ROPE: every head of every token rotated at its position (GoldenModel._rope).
inline void sfu_rope(State& s, const Program& p, const Values& v, const Word& w, int tokens, int32_t position,
                     uint32_t out_word) {
  const uint32_t input = field(w, isa::ROPE_input_LO, isa::ROPE_input_BITS);
  const uint32_t heads = field(w, isa::ROPE_heads_LO, isa::ROPE_heads_BITS);
  const uint32_t freq_c = field(w, isa::ROPE_inv_freq_LO, isa::ROPE_inv_freq_BITS);
  const float scaling = const_f32(p, field(w, isa::ROPE_scaling_LO, isa::ROPE_scaling_BITS), 0);
  const uint32_t dim = v.width[input] / heads;
  const uint32_t in_word = static_cast<uint32_t>(s.row_offset[input]) / 4;
  float inv_freq[cfg::HEAD_DIM / 2];
  read_inv_freq(p, freq_c, dim / 2, inv_freq);
  for (int t = 0; t < tokens; ++t) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_TOKENS)
    for (uint32_t h = 0; h < heads; ++h) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_HEADS)
      float x[cfg::HEAD_DIM];
      float y[cfg::HEAD_DIM];
      read_act_row<cfg::HEAD_DIM>(s, t, in_word + h * dim, dim, x);
      rope_row_n<cfg::HEAD_DIM, cfg::SFU_LANES>(x, position + t, inv_freq, scaling, static_cast<int>(dim), y);
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

// Record of one token of one KV head: key codes, value codes, then key scale, key zero,
// value scale, value zero as float32, zero-padded to whole beats so that ST writes it
// without a read-modify-write (engine_hbm_alloc.kv_record_bytes).
constexpr uint32_t kKVTokenBytes = (2 * kKVCodeBytes + 16 + kBeatBytes - 1) / kBeatBytes * kBeatBytes;

// HEAD_DIM KV codes packed LSB first (two 4-bit codes per byte): one wide shift network.
inline void pack_codes(const uint8_t* codes, uint8_t* out) {
  for (uint32_t i = 0; i < kKVCodeBytes; ++i) {
    ACCLLM_HLS(HLS UNROLL)
    out[i] = 0;
  }
  for (uint32_t i = 0; i < static_cast<uint32_t>(cfg::HEAD_DIM); ++i) {
    ACCLLM_HLS(HLS UNROLL)
    const uint32_t bit = i * cfg::KV_BITS;
    out[bit / 8] = static_cast<uint8_t>(out[bit / 8] | (codes[i] << (bit % 8)));
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
  uint8_t key[cfg::HEAD_DIM];
  uint8_t value[cfg::HEAD_DIM];
  quantize_asymmetric_n<cfg::KV_BITS, cfg::SFU_LANES>(k, static_cast<int>(dim), key, kz, e.key_scale);
  quantize_asymmetric_n<cfg::KV_BITS, cfg::SFU_LANES>(v, static_cast<int>(dim), value, vz, e.value_scale);
  pack_codes(key, e.key);
  pack_codes(value, e.value);
  e.key_zero = static_cast<float>(kz);
  e.value_zero = static_cast<float>(vz);
}

inline void kv_encode(const KVEntry& e, uint8_t* rec) {
  for (uint32_t i = 2 * kKVCodeBytes + 16; i < kKVTokenBytes; ++i) {
    ACCLLM_HLS(HLS UNROLL)
    rec[i] = 0;
  }
  for (uint32_t i = 0; i < kKVCodeBytes; ++i) {
    ACCLLM_HLS(HLS UNROLL)
    rec[i] = e.key[i];
    rec[kKVCodeBytes + i] = e.value[i];
  }
  put_f32(rec + 2 * kKVCodeBytes, e.key_scale);
  put_f32(rec + 2 * kKVCodeBytes + 4, e.key_zero);
  put_f32(rec + 2 * kKVCodeBytes + 8, e.value_scale);
  put_f32(rec + 2 * kKVCodeBytes + 12, e.value_zero);
}

inline void kv_decode(const uint8_t* rec, KVEntry& e) {
  for (uint32_t i = 0; i < kKVCodeBytes; ++i) {
    ACCLLM_HLS(HLS UNROLL)
    e.key[i] = rec[i];
    e.value[i] = rec[kKVCodeBytes + i];
  }
  e.key_scale = float_from_bits(load_u32(rec + 2 * kKVCodeBytes));
  e.key_zero = float_from_bits(load_u32(rec + 2 * kKVCodeBytes + 4));
  e.value_scale = float_from_bits(load_u32(rec + 2 * kKVCodeBytes + 8));
  e.value_zero = float_from_bits(load_u32(rec + 2 * kKVCodeBytes + 12));
}


// The ring slots of the cached keys a call at `position` sees, chronological, as at most
// three runs of consecutive slots (the sinks, then the window, which may wrap around the
// ring). Returns the number of runs.
inline int kv_runs(int32_t position, uint32_t (&first)[3], uint32_t (&count)[3]) {
  if (position <= 0) return 0;
  if (cfg::WINDOW == 0 || position < cfg::SINKS + cfg::WINDOW) {
    first[0] = 0;  // no slot reused yet: positions 0 .. position - 1 in slots 0 ..
    count[0] = static_cast<uint32_t>(position);
    return 1;
  }
  first[0] = 0;
  count[0] = cfg::SINKS;
  const uint32_t start = kv_slot(position - cfg::WINDOW + 1);
  const uint32_t n = cfg::WINDOW - 1;
  if (start + n <= static_cast<uint32_t>(cfg::KV_SLOTS)) {
    first[1] = start;
    count[1] = n;
    return 2;
  }
  first[1] = start;
  count[1] = cfg::KV_SLOTS - start;
  first[2] = cfg::SINKS;
  count[2] = n - count[1];
  return 3;
}

// Where head `head`'s slot `slot` of the KV placement `placement` lives: channel and byte.
inline void kv_address(const Program& p, uint32_t placement, uint32_t kv_heads, uint32_t head, uint32_t slot,
                       uint32_t& channel, uint64_t& offset) {
  const uint32_t channels = const_count(p, placement) / 2;
  uint32_t index;
  uint32_t rank;
  kv_home(head, kv_heads, channels, index, rank);
  channel = static_cast<uint32_t>(const_i64(p, placement, index));
  offset = static_cast<uint64_t>(const_i64(p, placement, channels + index)) +
           (static_cast<uint64_t>(rank) * cfg::KV_SLOTS + slot) * kKVTokenBytes;
}

// LD: LOAD_KV as one burst per head and run.
inline void issue_kv(const Program& p, const Word& w, int32_t position, CmdFifo (&cmds)[cfg::NUM_PORTS]) {
  const uint32_t placement = field(w, isa::LOAD_KV_placement_LO, isa::LOAD_KV_placement_BITS);
  const uint32_t kv_heads = field(w, isa::LOAD_KV_kv_heads_LO, isa::LOAD_KV_kv_heads_BITS);
  uint32_t first[3];
  uint32_t count[3];
  const int runs = kv_runs(position, first, count);
  for (uint32_t h = 0; h < kv_heads; ++h) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_KV_HEADS)
    for (int k = 0; k < runs; ++k) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = 3)
      uint32_t channel;
      uint64_t offset;
      kv_address(p, placement, kv_heads, h, first[k], channel, offset);
      issue_read(cmds, channel, offset, count[k] * kKVTokenBytes);
    }
  }
}

// EX: LOAD_KV's records into the KV buffer, chronological, with their positions.
inline void receive_kv(State& s, const Program& p, const Word& w, int32_t position,
                       BeatFifo (&beats)[cfg::NUM_PORTS]) {
  const uint32_t placement = field(w, isa::LOAD_KV_placement_LO, isa::LOAD_KV_placement_BITS);
  const uint32_t kv_heads = field(w, isa::LOAD_KV_kv_heads_LO, isa::LOAD_KV_kv_heads_BITS);
  uint32_t first[3];
  uint32_t count[3];
  const int runs = kv_runs(position, first, count);
  s.kv_count = 0;
  for (int k = 0; k < runs; ++k) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = 3)
    for (uint32_t j = 0; j < count[k]; ++j) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_CACHED)
      const uint32_t slot = first[k] + j;
      // The position a slot holds: the sinks theirs, a window slot the latest that maps to it.
      int32_t pos = static_cast<int32_t>(slot);
      if (slot >= static_cast<uint32_t>(cfg::SINKS)) {
        const int32_t ring = cfg::KV_SLOTS - cfg::SINKS;
        const int32_t back = (static_cast<int32_t>(kv_slot(position - 1)) - static_cast<int32_t>(slot) + ring) % ring;
        pos = position - 1 - back;
      }
      s.kv_position[s.kv_count + static_cast<int>(j)] = pos;
    }
    s.kv_count += static_cast<int>(count[k]);
  }
  for (uint32_t h = 0; h < static_cast<uint32_t>(cfg::MAX_KV_HEADS); ++h) {
    // One reader per head: the heads' channels stream in parallel.
    ACCLLM_HLS(HLS UNROLL)
    if (h >= kv_heads) break;
    int at = 0;
    for (int k = 0; k < runs; ++k) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = 3)
      uint32_t channel;
      uint64_t offset;
      kv_address(p, placement, kv_heads, h, first[k], channel, offset);
      BeatFifo& fifo = beats[read_port_of(channel)];
      ByteReader r;
      reader_seek(fifo, r, offset);
      for (uint32_t j = 0; j < count[k]; ++j) {
        ACCLLM_HLS(HLS PIPELINE II = 1)
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_CACHED)
        uint8_t rec[kKVTokenBytes];
        reader_take(fifo, r, rec, kKVTokenBytes);
        kv_decode(rec, s.kv[h][at++]);
      }
      reader_finish(fifo, r, covering_beats(offset, count[k] * kKVTokenBytes));
    }
  }
}

// EX: STORE_KV, the call's keys and values quantized into their ring slots (through ST).
inline void send_kv(const State& s, const Program& p, const Values& v, const Word& w, int tokens, int32_t position,
                    StoreHeadFifo& heads, StoreDataFifo& data) {
  const uint32_t keys = field(w, isa::STORE_KV_keys_LO, isa::STORE_KV_keys_BITS);
  const uint32_t values = field(w, isa::STORE_KV_values_LO, isa::STORE_KV_values_BITS);
  const uint32_t placement = field(w, isa::STORE_KV_placement_LO, isa::STORE_KV_placement_BITS);
  const uint32_t kv_heads = v.width[keys] / cfg::HEAD_DIM;
  for (int t = 0; t < tokens; ++t) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_TOKENS)
    for (uint32_t h = 0; h < kv_heads; ++h) {
      // A head's record a cycle, as ATT quantizes the call's own keys and values.
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_KV_HEADS)
      KVEntry e;
      kv_quantize(s, t, static_cast<uint32_t>(s.row_offset[keys]) / 4, static_cast<uint32_t>(s.row_offset[values]) / 4,
                  h, cfg::HEAD_DIM, e);
      uint8_t rec[kKVTokenBytes];
      kv_encode(e, rec);
      uint32_t channel;
      uint64_t offset;
      kv_address(p, placement, kv_heads, h, kv_slot(position + t), channel, offset);
      send_bytes(heads, data, channel, offset, rec, kKVTokenBytes);
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
  int32_t sum;  // of the codes: the keys' zero point times it is one product per key
};

inline void query_row(const State& s, int t, uint32_t q_word, uint32_t head, int32_t position, const float* inv_freq,
                      QueryRow& out) {
  float x[cfg::HEAD_DIM];
  float y[cfg::HEAD_DIM];
  read_act_row<cfg::HEAD_DIM>(s, t, q_word + head * cfg::HEAD_DIM, cfg::HEAD_DIM, x);
  rope_row_n<cfg::HEAD_DIM, cfg::SFU_LANES>(x, position, inv_freq, cfg::ROPE_SCALING, cfg::HEAD_DIM, y);
  quantize_symmetric_n<8, cfg::SFU_LANES>(y, cfg::HEAD_DIM, out.q, out.scale);
  int32_t sum = 0;
  for (uint32_t d = 0; d < cfg::HEAD_DIM; ++d) {
    ACCLLM_HLS(HLS UNROLL)
    sum += out.q[d];
  }
  out.sum = sum;
}

// x * code for a KV code of KV_BITS bits: shifts and adds, the fabric's multiplier for so
// narrow a factor (AMD WP486), not a DSP: the attention unit has HEAD_DIM of them per head.
inline int32_t times_code(int32_t x, int32_t code) {
  ACCLLM_HLS(HLS INLINE)
  int32_t r = 0;
  for (int b = 0; b < cfg::KV_BITS; ++b) {
    ACCLLM_HLS(HLS UNROLL)
    if ((code >> b) & 1) r += static_cast<int32_t>(static_cast<uint32_t>(x) << b);
  }
  return r;
}

inline int32_t key_dot(const QueryRow& q, const KVEntry& k) {
  // sum_d q_d (code_d - zero) = sum_d q_d code_d - zero * sum_d q_d (exact: integers).
  int32_t acc = 0;
  for (uint32_t d = 0; d < cfg::HEAD_DIM; ++d) {
    ACCLLM_HLS(HLS UNROLL)
    acc += times_code(q.q[d], kv_code(k.key, d));
  }
  return acc - static_cast<int32_t>(k.key_zero) * q.sum;
}

// The keys and values at visible index `at` for KV head `kvh`: a cached entry, or one of
// the call's own tokens (indices, not pointers: synthesizable).
inline const KVEntry& kv_entry(const State& s, const KVEntry (&own)[cfg::MAX_TOKENS][cfg::MAX_KV_HEADS], int32_t at,
                               uint32_t kvh) {
  ACCLLM_HLS(HLS INLINE)
  return at < s.kv_count ? s.kv[kvh][at] : own[at - s.kv_count][kvh];
}

// tree_sum_n of each head's first `n` values, all heads in step (the same pairs, in the
// same order, as tree_sum_n<MAX_KEYS> on one head).
inline void tree_sum_heads(const float (&x)[cfg::MAX_HEADS][cfg::MAX_KEYS], int n, float (&out)[cfg::MAX_HEADS]) {
  constexpr int kWidth = ceil_pow2(cfg::MAX_KEYS);
  static float buf[cfg::MAX_HEADS][kWidth];
  if (n > cfg::MAX_KEYS) n = cfg::MAX_KEYS;
  int width = 1;
  for (int w = 1; w < kWidth; w <<= 1) {
    if (width < n) width <<= 1;
  }
  for (int i = 0; i < width; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS UNROLL factor = cfg::SFU_LANES)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = kWidth)
    for (int h = 0; h < cfg::MAX_HEADS; ++h) buf[h][i] = i < n ? x[h][i] : 0.0f;
  }
  for (int half = kWidth / 2; half >= 1; half /= 2) {
    if (half >= width) continue;
    for (int i = 0; i < half; ++i) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS UNROLL factor = cfg::SFU_LANES)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = kWidth / 2)
      for (int h = 0; h < cfg::MAX_HEADS; ++h) buf[h][i] = buf[h][i] + buf[h][i + half];
    }
  }
  for (int h = 0; h < cfg::MAX_HEADS; ++h) out[h] = n > 0 ? buf[h][0] : 0.0f;
}

// Attention of the call's queries: GoldenModel._attention / _attend with the KV4 x A8 path.
// Each stage runs every head at once (a lane per head): the queries one head per cycle, the
// scores one key per cycle (heads x HEAD_DIM products), the softmax (per-head running
// maxima, an adder tree per head), the A8 weights, and p . v.
inline void attention(State& s, const Program& p, const Values& v, const Word& w, int tokens, int32_t position,
                      uint32_t out_word) {
  const uint32_t query = field(w, isa::ATT_query_LO, isa::ATT_query_BITS);
  const uint32_t keys = field(w, isa::ATT_keys_LO, isa::ATT_keys_BITS);
  const uint32_t values = field(w, isa::ATT_values_LO, isa::ATT_values_BITS);
  const float scale = const_f32(p, field(w, isa::ATT_scale_LO, isa::ATT_scale_BITS), 0);
  const uint32_t freq_c = field(w, isa::ATT_inv_freq_LO, isa::ATT_inv_freq_BITS);
  const uint32_t shape = field(w, isa::ATT_shape_LO, isa::ATT_shape_BITS);
  const bool original = field(w, isa::FLAG0_LO, 1) != 0;
  const uint32_t heads = static_cast<uint32_t>(const_i64(p, shape, 0));
  const uint32_t kv_heads = v.width[keys] / cfg::HEAD_DIM;
  const uint32_t group = heads / kv_heads;
  float inv_freq[cfg::HEAD_DIM / 2];
  read_inv_freq(p, freq_c, cfg::HEAD_DIM / 2, inv_freq);
  const uint32_t q_word = static_cast<uint32_t>(s.row_offset[query]) / 4;
  const uint32_t k_word = static_cast<uint32_t>(s.row_offset[keys]) / 4;
  const uint32_t v_word = static_cast<uint32_t>(s.row_offset[values]) / 4;
  // The call's own keys and values, quantized to the cache format on the way in.
  static KVEntry own[cfg::MAX_TOKENS][cfg::MAX_KV_HEADS];
  for (int t = 0; t < tokens; ++t) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_TOKENS)
    for (uint32_t h = 0; h < kv_heads; ++h) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_KV_HEADS)
      kv_quantize(s, t, k_word, v_word, h, cfg::HEAD_DIM, own[t][h]);
    }
  }
  static QueryRow q_main[cfg::MAX_HEADS];
  static QueryRow q_sink[cfg::MAX_HEADS];
  static float scores[cfg::MAX_HEADS][cfg::MAX_KEYS];
  static float weight[cfg::MAX_HEADS][cfg::MAX_KEYS];
  static int8_t wq[cfg::MAX_HEADS][cfg::MAX_KEYS];
  static int32_t acc[cfg::MAX_HEADS][cfg::HEAD_DIM];
  for (int t = 0; t < tokens; ++t) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_TOKENS)
    const int32_t pos = position + t;
    // Λ with the "cache" position policy: once the window is full, the sink keys see the
    // query rotated at the last cache slot's position.
    const bool capped = !original && cfg::WINDOW != 0 && pos >= cfg::SINKS + cfg::WINDOW;
    for (uint32_t h = 0; h < heads; ++h) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_HEADS)
      query_row(s, t, q_word, h, pos, inv_freq, q_main[h]);
      if (capped) query_row(s, t, q_word, h, cfg::SINKS + cfg::WINDOW - 1, inv_freq, q_sink[h]);
    }
    // Scores of the visible keys, chronological (the cached ones, then the call's own up to
    // this token): one candidate a cycle, every head at once, with each head's maximum.
    int32_t key_at[cfg::MAX_KEYS];
    int count = 0;
    float m[cfg::MAX_HEADS];
    for (int j = 0; j < s.kv_count + t + 1; ++j) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_CACHED + cfg::MAX_TOKENS)
      const int32_t kp = j < s.kv_count ? s.kv_position[j] : position + (j - s.kv_count);
      if (!kv_visible(kp, pos)) continue;
      const bool sink_key = capped && kp < cfg::SINKS;
      key_at[count] = j;
      for (uint32_t h = 0; h < static_cast<uint32_t>(cfg::MAX_HEADS); ++h) {
        if (h >= heads) break;
        const KVEntry& k = kv_entry(s, own, j, h / group);
        const QueryRow& q = sink_key ? q_sink[h] : q_main[h];
        scores[h][count] = (static_cast<float>(key_dot(q, k)) * (q.scale * k.key_scale)) * scale;
        // The maximum: exact in any order.
        m[h] = count == 0 || scores[h][count] > m[h] ? scores[h][count] : m[h];
      }
      ++count;
    }
    // Softmax: e = exp_f32(s - max), p = e / tree_sum(e); then p * v_scale.
    for (int i = 0; i < count; ++i) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_KEYS)
      for (uint32_t h = 0; h < static_cast<uint32_t>(cfg::MAX_HEADS); ++h)
        if (h < heads) weight[h][i] = exp_f32(scores[h][i] - m[h]);
    }
    float denom[cfg::MAX_HEADS];
    tree_sum_heads(weight, count, denom);
    float wmax[cfg::MAX_HEADS];
    for (int h = 0; h < cfg::MAX_HEADS; ++h) wmax[h] = 0.0f;
    for (int i = 0; i < count; ++i) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_KEYS)
      for (uint32_t h = 0; h < static_cast<uint32_t>(cfg::MAX_HEADS); ++h) {
        if (h >= heads) break;
        const float x = (weight[h][i] / denom[h]) * kv_entry(s, own, key_at[i], h / group).value_scale;
        weight[h][i] = x;
        const float a = abs_f32(x);
        wmax[h] = a > wmax[h] ? a : wmax[h];
      }
    }
    // KV4 x A8 values: the weights A8-quantized per head (quantize_symmetric_n), an integer
    // sum per channel.
    float sw[cfg::MAX_HEADS];
    float safe[cfg::MAX_HEADS];
    for (uint32_t h = 0; h < static_cast<uint32_t>(cfg::MAX_HEADS); ++h) {
      sw[h] = wmax[h] / 127.0f;
      safe[h] = sw[h] > 0.0f ? sw[h] : 1.0f;
      for (uint32_t d = 0; d < cfg::HEAD_DIM; ++d) acc[h][d] = 0;
    }
    for (int i = 0; i < count; ++i) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_KEYS)
      for (uint32_t h = 0; h < static_cast<uint32_t>(cfg::MAX_HEADS); ++h) {
        if (h >= heads) break;
        float r = round_half_even(weight[h][i] / safe[h]);
        r = r < -127.0f ? -127.0f : (r > 127.0f ? 127.0f : r);
        wq[h][i] = sw[h] > 0.0f ? static_cast<int8_t>(static_cast<int32_t>(r)) : static_cast<int8_t>(0);
        const KVEntry& e = kv_entry(s, own, key_at[i], h / group);
        // wq (code_d - zero) = wq code_d - wq zero: one product per head, the rest in fabric.
        const int32_t shift = static_cast<int32_t>(wq[h][i]) * static_cast<int32_t>(e.value_zero);
        for (uint32_t d = 0; d < cfg::HEAD_DIM; ++d)
          acc[h][d] += times_code(wq[h][i], kv_code(e.value, d)) - shift;
      }
    }
    for (uint32_t h = 0; h < heads; ++h) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_HEADS)
      for (uint32_t d = 0; d < cfg::HEAD_DIM; ++d) set_act_f(s, t, out_word + h * cfg::HEAD_DIM + d, static_cast<float>(acc[h][d]) * sw[h]);
    }
  }
}


// ---------------------------------------------------------------------------------------
// LIN / LM_HEAD over the weight FIFOs
// ---------------------------------------------------------------------------------------

// The read ports of a LOAD_W placement's channels and each one's beats per matrix pass.
struct Placement {
  uint32_t channels;
  int port[cfg::WEIGHT_CHANNELS];
  uint32_t beats[cfg::WEIGHT_CHANNELS];
};

inline void placement_of(const Program& p, uint32_t placement, Placement& pl) {
  pl.channels = const_count(p, placement) / 3;
  for (uint32_t i = 0; i < pl.channels; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::WEIGHT_CHANNELS)
    pl.port[i] = read_port_of(static_cast<uint32_t>(const_i64(p, placement, i)));
    pl.beats[i] = static_cast<uint32_t>(const_i64(p, placement, 2 * pl.channels + i)) / kBeatBytes;
  }
}

inline void readers_reset(ByteReader (&readers)[cfg::WEIGHT_CHANNELS], uint32_t channels) {
  for (uint32_t i = 0; i < channels; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::WEIGHT_CHANNELS)
    reader_start(readers[i]);
  }
}

// After a matrix pass: pop the padding beats each channel streamed past its last record.
inline void readers_drain(BeatFifo (&beats)[cfg::NUM_PORTS], ByteReader (&readers)[cfg::WEIGHT_CHANNELS],
                          const Placement& pl) {
  for (uint32_t i = 0; i < pl.channels; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::WEIGHT_CHANNELS)
    reader_finish(beats[pl.port[i]], readers[i], pl.beats[i]);
  }
}

// The tile fetch: each tile's records from the weight channels' beat FIFOs, all channels
// in parallel (lane l's record from channel l mod C), `passes` passes of the matrix.
inline void tile_fetch(BeatFifo (&beats)[cfg::NUM_PORTS], const Placement& pl, const RowFormat& f, uint32_t out,
                       uint32_t passes, TileFifo& tiles) {
  ByteReader readers[cfg::WEIGHT_CHANNELS];
  for (uint32_t pass = 0; pass < passes; ++pass) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_BLOCKS)
    readers_reset(readers, pl.channels);
    for (uint32_t r0 = 0; r0 < out; r0 += cfg::LANES) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_OUT / cfg::LANES)
      const uint32_t lanes = out - r0 < static_cast<uint32_t>(cfg::LANES) ? out - r0 : cfg::LANES;
      hls::write_lock<TileRecords> block(tiles);
      TileRecords& tile = block;
      for (uint32_t k = 0; k * pl.channels < lanes; ++k) {
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::LANES)
        for (uint32_t c = 0; c < static_cast<uint32_t>(cfg::WEIGHT_CHANNELS); ++c) {
          ACCLLM_HLS(HLS UNROLL)
          const uint32_t l = k * pl.channels + c;
          if (c < pl.channels && l < lanes) reader_take(beats[pl.port[c]], readers[c], tile.rec[l], f.record_bytes);
        }
      }
    }
    readers_drain(beats, readers, pl);
  }
}

// The array over every tile of every pass: a pass per token block (MM, two tokens per DSP)
// or one for the call (MV); LM_HEAD is a pass for the last token into the logits.
inline void array_run(const State& s, TileFifo& tiles, PartialFifo& partials, const RowFormat& f, uint32_t out,
                      uint32_t in_word, int t_first, int tokens, int block, bool mm) {
  for (int t0 = t_first; t0 < tokens; t0 += block) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_BLOCKS)
    const int t1 = t0 + block < tokens ? t0 + block : tokens;
    for (uint32_t r0 = 0; r0 < out; r0 += cfg::LANES) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_OUT / cfg::LANES)
      const uint32_t lanes = out - r0 < static_cast<uint32_t>(cfg::LANES) ? out - r0 : cfg::LANES;
      hls::read_lock<TileRecords> block(tiles);
      const TileRecords& tile = block;
      for (int t = t0; t < t1; t += mm ? 2 : 1) {
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MM_TOKEN_BLOCK)
        const bool two = mm && t + 1 < t1;
        hls::write_lock<TilePartials> sums(partials);
        array_pass(s, tile, f, lanes, in_word, t, two, static_cast<TilePartials&>(sums).partial);
      }
    }
  }
}

// The epilogue stage: the same walk over blocks, tiles and tokens as array_run.
inline void array_drain(State& s, PartialFifo& partials, const RowFormat& f, uint32_t out, uint32_t scale_word,
                        int t_first, int tokens, int block, bool mm, uint32_t out_word, bool to_logits,
                        bool has_bias, uint32_t bias_slot) {
  for (int t0 = t_first; t0 < tokens; t0 += block) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_BLOCKS)
    const int t1 = t0 + block < tokens ? t0 + block : tokens;
    for (uint32_t r0 = 0; r0 < out; r0 += cfg::LANES) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_OUT / cfg::LANES)
      const uint32_t lanes = out - r0 < static_cast<uint32_t>(cfg::LANES) ? out - r0 : cfg::LANES;
      for (int t = t0; t < t1; t += mm ? 2 : 1) {
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MM_TOKEN_BLOCK)
        hls::read_lock<TilePartials> sums(partials);
        array_epilogue(s, static_cast<const TilePartials&>(sums).partial, f, r0, lanes, scale_word, t,
                       mm && t + 1 < t1, out_word, to_logits, has_bias, bias_slot);
      }
    }
  }
}

// LIN / LM_HEAD: the tile fetch, the array and its epilogue overlap (DATAFLOW) through the
// tile and partial-sum streams of blocks.
inline void linear(State& s, const Program& p, const Values& v, const Word& w, int tokens, uint32_t out_word,
                   BeatFifo (&beats)[cfg::NUM_PORTS]) {
  const bool head = field(w, 0, 6) == isa::OP_LM_HEAD;
  const uint32_t input = head ? field(w, isa::LM_HEAD_input_LO, isa::LM_HEAD_input_BITS)
                              : field(w, isa::LIN_input_LO, isa::LIN_input_BITS);
  const uint32_t weights = head ? field(w, isa::LM_HEAD_weights_LO, isa::LM_HEAD_weights_BITS)
                                : field(w, isa::LIN_weights_LO, isa::LIN_weights_BITS);
  const bool mm = !head && field(w, isa::FLAG0_LO, 1) != 0;
  const bool has_bias = !head && field(w, isa::FLAG1_LO, 1) != 0;
  const uint32_t bias = field(w, isa::LIN_bias_LO, isa::LIN_bias_BITS);
  const Word load = producer_word(p, v, weights);
  RowFormat f = row_format(load, field(load, isa::FLAG0_LO, 1) != 0);
  f.int8_rows = head;
  const uint32_t out = field(load, isa::LOAD_W_out_LO, isa::LOAD_W_out_BITS);
  Placement pl;
  placement_of(p, field(load, isa::LOAD_W_placement_LO, isa::LOAD_W_placement_BITS), pl);
  if (head) f.record_bytes = f.in + 4;
  // MM: a pass of the matrix per token block; MV: one pass for the call (LM_HEAD: the last
  // token only).
  const int block = mm ? cfg::MM_TOKEN_BLOCK : tokens;
  const uint32_t passes = static_cast<uint32_t>((tokens + block - 1) / block);
  {
    ACCLLM_HLS(HLS DATAFLOW)
    TileFifo tiles;
    ACCLLM_HLS(HLS ARRAY_PARTITION variable = tiles.rec type = complete dim = 1)
    ACCLLM_SIM_NAME(tiles, "tiles");
    PartialFifo partials;
    ACCLLM_SIM_NAME(partials, "partials");
    const uint32_t in_word = static_cast<uint32_t>(s.row_offset[input]) / 4;
    const int first = head ? tokens - 1 : 0;
    const int step = head ? 1 : block;
    ACCLLM_PROCESS(tile_fetch(beats, pl, f, out, passes, tiles));
    ACCLLM_PROCESS(array_run(s, tiles, partials, f, out, in_word, first, tokens, step, mm));
    ACCLLM_PROCESS(array_drain(s, partials, f, out, qact_scale_word(in_word, v.width[input]), first, tokens, step, mm,
                               out_word, head, has_bias, s.vector_slot[bias]));
    ACCLLM_DATAFLOW_JOIN();
  }
}

// ---------------------------------------------------------------------------------------
// The call: open (fetch + check), LD, EX, close
// ---------------------------------------------------------------------------------------

// What the sequential stages before and after the DATAFLOW region share with it.
struct Call {
  Program ld;  // LD's window
  Program ex;  // EX's window
  int32_t ld_ids[cfg::MAX_TOKENS];
  int32_t ex_ids[cfg::MAX_TOKENS];
  uint32_t tokens;
  int32_t position;
  Status status;
  uint64_t instructions;
  uint64_t read_bytes[cfg::NUM_PORTS];
  uint64_t written_bytes[cfg::NUM_WRITE_PORTS];
};

// The image's header and constant table: kOk or why not (the window holds the image).
inline Status index_program(Program& p, uint32_t program_index) {
  if (prog_u32(p, isa::HEADER_MAGIC_AT) != isa::MAGIC_LO || prog_u32(p, isa::HEADER_MAGIC_AT + 4) != isa::MAGIC_HI ||
      prog_u16(p, isa::HEADER_VERSION_AT) != isa::VERSION)
    return kBadMagic;
  const uint32_t flags = prog_u16(p, isa::HEADER_FLAGS_AT);
  const uint32_t ints = prog_u16(p, isa::HEADER_CONFIG_INTS_AT);
  const uint32_t board_bytes = prog_u16(p, isa::HEADER_BOARD_BYTES_AT);
  const uint32_t programs = prog_u32(p, isa::HEADER_PROGRAMS_AT);
  const uint32_t instructions = prog_u32(p, isa::HEADER_INSTRUCTIONS_AT);
  const uint32_t constants = prog_u32(p, isa::HEADER_CONSTANTS_AT);
  const uint32_t row_bytes = prog_u32(p, isa::HEADER_ROW_BYTES_AT);
  if (ints != cfg::CONFIG_INTS || row_bytes != cfg::ACT_ROW_BYTES) return kConfigMismatch;
  for (uint32_t i = 0; i < cfg::CONFIG_INTS; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    if (prog_u32(p, isa::HEADER_BYTES + 4 * i) != cfg::CONFIG[i]) return kConfigMismatch;
  }
  if ((flags & 3u) != 3u) return kNotAllocated;
  if (program_index >= programs) return kBadProgram;
  if (constants > cfg::MAX_CONSTANTS) return kConfigMismatch;
  const uint32_t entries_at = (isa::HEADER_BYTES + 4 * ints + board_bytes + isa::WORD_BYTES - 1) / isa::WORD_BYTES *
                              isa::WORD_BYTES;
  p.words_at = entries_at + isa::ENTRY_BYTES * programs;
  uint32_t at = p.words_at + isa::WORD_BYTES * instructions;
  const uint32_t end = at + prog_u32(p, isa::HEADER_TABLE_BYTES_AT);
  if (end > 4u * cfg::PROGRAM_WORDS) return kConfigMismatch;
  for (uint32_t c = 0; c < constants; ++c) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_CONSTANTS)
    p.constant_at[c] = at;
    const uint32_t kind = prog_u32(p, at);
    const uint32_t n = prog_u32(p, at + 4);
    const uint32_t payload = n * (kind == 0 ? 1 : (kind == 1 ? 8 : 4));
    at += 8 + (payload + 7) / 8 * 8;
    if (at > end) return kConfigMismatch;
  }
  const uint32_t entry = entries_at + isa::ENTRY_BYTES * program_index;
  p.buffer_map = prog_u16(p, entry + isa::ENTRY_BUFFER_MAP_AT);
  p.first = prog_u32(p, entry + isa::ENTRY_FIRST_AT);
  p.count = prog_u32(p, entry + isa::ENTRY_COUNT_AT);
  if (prog_u32(p, entry + isa::ENTRY_VALUES_AT) > cfg::MAX_VALUES || p.first + p.count > instructions)
    return kConfigMismatch;
  return kOk;
}

// Every instruction of the call's program within this build's limits: kOk or why not.
inline Status check_program(const Program& p, const int32_t* ids, uint32_t tokens) {
  Values v;
  values_reset(v);
  for (uint32_t i = p.first; i < p.first + p.count; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_INSTRUCTIONS)
    const Word w = prog_word(p, i);
    const uint32_t op = field(w, 0, 6);
    if (op >= isa::OPCODES) return kBadInstruction;
    if (isa::kHasResult[op] && define_value(p, v, w, op, i) == 0) return kBadInstruction;
    if (op == isa::OP_END) break;
    if (op == isa::OP_LOAD_EMB) {
      const uint32_t width = field(w, isa::LOAD_EMB_width_LO, isa::LOAD_EMB_width_BITS);
      const uint32_t rows = field(w, isa::LOAD_EMB_rows_LO, isa::LOAD_EMB_rows_BITS);
      for (uint32_t t = 0; t < tokens; ++t) {
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_TOKENS)
        if (ids[t] < 0 || static_cast<uint32_t>(ids[t]) >= rows || width > static_cast<uint32_t>(cfg::MAX_WIDTH))
          return kBadToken;
      }
    } else if (op == isa::OP_LOAD_VEC) {
      if (field(w, isa::LOAD_VEC_width_LO, isa::LOAD_VEC_width_BITS) > static_cast<uint32_t>(cfg::MAX_VECTOR))
        return kUnsupported;
    } else if (op == isa::OP_QUANT) {
      if (field(w, isa::QUANT_bits_LO, isa::QUANT_bits_BITS) != 8) return kUnsupported;
    } else if (op == isa::OP_LIN) {
      const Word load = producer_word(p, v, field(w, isa::LIN_weights_LO, isa::LIN_weights_BITS));
      const RowFormat f = row_format(load, field(load, isa::FLAG0_LO, 1) != 0);
      const bool built_for = f.bits == cfg::LIN_BITS && f.group == cfg::LIN_GROUP && f.n == cfg::LIN_N &&
                             f.m == cfg::LIN_M && (f.sparse && f.code3) == cfg::LIN_CODE3;
      if (!built_for || f.record_bytes > static_cast<uint32_t>(cfg::MAX_RECORD)) return kUnsupported;
    } else if (op == isa::OP_ATT) {
      const uint32_t shape = field(w, isa::ATT_shape_LO, isa::ATT_shape_BITS);
      if (const_i64(p, shape, 1) != cfg::SINKS || const_i64(p, shape, 2) != cfg::WINDOW) return kConfigMismatch;
    } else if (op == isa::OP_STORE_KV) {
      if (field(w, isa::STORE_KV_bits_LO, isa::STORE_KV_bits_BITS) != static_cast<uint32_t>(cfg::KV_BITS))
        return kUnsupported;
    }
  }
  return kOk;
}

// Before the DATAFLOW region: one burst of the program image into LD's and EX's windows,
// the token ids, and the checks. A call that fails them runs an empty program (count 0).
inline void open_call(const Beat* program, const int32_t* token_ids, uint32_t program_index, uint32_t tokens,
                      uint32_t position, Call& call) {
  for (uint32_t b = 0; b < static_cast<uint32_t>(cfg::PROGRAM_WORDS / 16); ++b) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HBM(cfg::MISC_CHANNEL, b, true);
    const Beat beat = program[b];
    for (uint32_t k = 0; k < 16; ++k) {
      ACCLLM_HLS(HLS UNROLL)
      const uint32_t word = load_u32(beat.b + 4 * k);
      call.ld.words[16 * b + k] = word;
      call.ex.words[16 * b + k] = word;
    }
  }
  call.tokens = tokens;
  call.position = static_cast<int32_t>(position);
  call.instructions = 0;
  for (int p = 0; p < cfg::NUM_PORTS; ++p) {
    ACCLLM_HLS(HLS UNROLL)
    call.read_bytes[p] = 0;
  }
  for (int p = 0; p < cfg::NUM_WRITE_PORTS; ++p) {
    ACCLLM_HLS(HLS UNROLL)
    call.written_bytes[p] = 0;
  }
  Status status = index_program(call.ld, program_index);
  if (status == kOk && (tokens == 0 || tokens > static_cast<uint32_t>(cfg::MAX_TOKENS))) status = kTooManyTokens;
  if (status == kOk && cfg::WINDOW == 0 && position + tokens > static_cast<uint32_t>(cfg::KV_SLOTS))
    status = kContextFull;
  const uint32_t ids = status == kOk ? tokens : 0;
  for (uint32_t t = 0; t < ids; ++t) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_TOKENS)
    if (t % 16 == 0) ACCLLM_HBM(cfg::MISC_CHANNEL, t / 16, true);
    const int32_t id = token_ids[t];
    call.ld_ids[t] = id;
    call.ex_ids[t] = id;
  }
  if (status == kOk) status = check_program(call.ld, call.ld_ids, tokens);
  if (status != kOk) call.ld.count = 0;  // the DATAFLOW region runs, empty
  if (status == kOk) {  // EX's window: the same image, the same index
    call.ex.words_at = call.ld.words_at;
    call.ex.first = call.ld.first;
    call.ex.count = call.ld.count;
    call.ex.buffer_map = call.ld.buffer_map;
    for (uint32_t c = 0; c < static_cast<uint32_t>(cfg::MAX_CONSTANTS); ++c) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      call.ex.constant_at[c] = call.ld.constant_at[c];
    }
  }
  call.ex.count = call.ld.count;
  call.status = status;
}

// LD: every load of the program as burst commands, in program order.
inline void load_unit(const Program& p, const int32_t* ids, uint32_t tokens, int32_t position,
                      CmdFifo (&cmds)[cfg::NUM_PORTS]) {
  Values v;
  values_reset(v);
  for (uint32_t i = p.first; i < p.first + p.count; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_INSTRUCTIONS)
    const Word w = prog_word(p, i);
    const uint32_t op = field(w, 0, 6);
    define_value(p, v, w, op, i);
    if (op == isa::OP_END) break;
    if (op == isa::OP_LOAD_EMB) {
      const uint32_t width = field(w, isa::LOAD_EMB_width_LO, isa::LOAD_EMB_width_BITS);
      const uint32_t placement = field(w, isa::LOAD_EMB_placement_LO, isa::LOAD_EMB_placement_BITS);
      const uint32_t n = const_count(p, placement) / 2;
      for (uint32_t t = 0; t < tokens; ++t) {
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_TOKENS)
        const uint32_t id = static_cast<uint32_t>(ids[t]);
        issue_read(cmds, static_cast<uint32_t>(const_i64(p, placement, id % n)),
                   static_cast<uint64_t>(const_i64(p, placement, n + id % n)) + static_cast<uint64_t>(id / n) * 2 * width,
                   2 * width);
      }
    } else if (op == isa::OP_LOAD_VEC) {
      issue_read(cmds, cfg::MISC_CHANNEL, field(w, isa::LOAD_VEC_offset_LO, isa::LOAD_VEC_offset_BITS),
                 2 * field(w, isa::LOAD_VEC_width_LO, isa::LOAD_VEC_width_BITS));
    } else if (op == isa::OP_LOAD_W) {
      const uint32_t placement = field(w, isa::LOAD_W_placement_LO, isa::LOAD_W_placement_BITS);
      const uint32_t n = const_count(p, placement) / 3;
      const bool per_block = field(w, isa::FLAG1_LO, 1) != 0;
      const uint32_t passes = per_block ? (tokens + cfg::MM_TOKEN_BLOCK - 1) / cfg::MM_TOKEN_BLOCK : 1;
      for (uint32_t pass = 0; pass < passes; ++pass) {
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_BLOCKS)
        for (uint32_t c = 0; c < n; ++c) {
          ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::WEIGHT_CHANNELS)
          issue_read(cmds, static_cast<uint32_t>(const_i64(p, placement, c)),
                     static_cast<uint64_t>(const_i64(p, placement, n + c)),
                     static_cast<uint32_t>(const_i64(p, placement, 2 * n + c)));
        }
      }
    } else if (op == isa::OP_LOAD_KV) {
      issue_kv(p, w, position, cmds);
    }
  }
  for (int port = 0; port < cfg::NUM_PORTS; ++port) {
    ACCLLM_HLS(HLS UNROLL)
    const PortCmd end = {0, 0, 0, true};
    cmds[port].write(end);
  }
}

// EX: the program's compute instructions in order, with the loads' data as it arrives.
inline void execute(State& s, const Program& p, const int32_t* ids, uint32_t tokens, int32_t position,
                    BeatFifo (&beats)[cfg::NUM_PORTS], StoreHeadFifo& heads, StoreDataFifo& data,
                    uint64_t& instructions) {
  const int T = static_cast<int>(tokens);
  Values v;
  values_reset(v);
  s.next_vector = 0;
  s.kv_count = 0;
  uint64_t executed = 0;
  for (uint32_t i = p.first; i < p.first + p.count; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_INSTRUCTIONS)
    const Word w = prog_word(p, i);
    const uint32_t op = field(w, 0, 6);
    ++executed;
    const uint32_t result = define_value(p, v, w, op, i);
    uint32_t out_word = 0;
    if (result != 0) {
      s.row_offset[result] = static_cast<int32_t>(const_i64(p, p.buffer_map, result));
      out_word = static_cast<uint32_t>(s.row_offset[result]) / 4;
    }
    if (op == isa::OP_END) break;
    switch (op) {
      case isa::OP_LOAD_EMB: {
        const uint32_t width = v.width[result];
        const uint32_t placement = field(w, isa::LOAD_EMB_placement_LO, isa::LOAD_EMB_placement_BITS);
        const uint32_t n = const_count(p, placement) / 2;
        for (int t = 0; t < T; ++t) {
          ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_TOKENS)
          const uint32_t id = static_cast<uint32_t>(ids[t]);
          uint8_t raw[2 * cfg::MAX_WIDTH];
          receive_bytes(beats, static_cast<uint32_t>(const_i64(p, placement, id % n)),
                        static_cast<uint64_t>(const_i64(p, placement, n + id % n)) + static_cast<uint64_t>(id / n) * 2 * width,
                        raw, 2 * width);
          for (uint32_t k = 0; k < width; ++k) {
            ACCLLM_HLS(HLS PIPELINE II = 1)
            ACCLLM_HLS(HLS UNROLL factor = cfg::SFU_LANES)
            ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_WIDTH)
            set_act_f(s, t, out_word + k, half_to_float(static_cast<uint16_t>(raw[2 * k] | raw[2 * k + 1] << 8)));
          }
        }
        break;
      }
      case isa::OP_LOAD_VEC: {
        const uint32_t width = v.width[result];
        const uint32_t slot = s.next_vector;
        s.next_vector = (s.next_vector + 1) % cfg::VECTOR_SLOTS;
        s.vector_slot[result] = static_cast<uint16_t>(slot);
        uint8_t raw[2 * cfg::MAX_VECTOR];
        receive_bytes(beats, cfg::MISC_CHANNEL, field(w, isa::LOAD_VEC_offset_LO, isa::LOAD_VEC_offset_BITS), raw,
                      2 * width);
        for (uint32_t k = 0; k < width; ++k) {
          ACCLLM_HLS(HLS PIPELINE II = 1)
          ACCLLM_HLS(HLS UNROLL factor = cfg::SFU_LANES)
          ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_VECTOR)
          s.vectors[slot][k] = half_to_float(static_cast<uint16_t>(raw[2 * k] | raw[2 * k + 1] << 8));
        }
        break;
      }
      case isa::OP_LOAD_KV:
        receive_kv(s, p, w, position, beats);
        break;
      case isa::OP_RMSNORM: {
        const uint32_t input = field(w, isa::RMSNORM_input_LO, isa::RMSNORM_input_BITS);
        const uint32_t weight = field(w, isa::RMSNORM_weight_LO, isa::RMSNORM_weight_BITS);
        const float eps = const_f32(p, field(w, isa::RMSNORM_eps_LO, isa::RMSNORM_eps_BITS), 0);
        sfu_rmsnorm(s, T, static_cast<uint32_t>(s.row_offset[input]) / 4, v.width[input], s.vector_slot[weight], eps,
                    out_word);
        break;
      }
      case isa::OP_QUANT: {
        const uint32_t input = field(w, isa::QUANT_input_LO, isa::QUANT_input_BITS);
        sfu_quantize(s, T, static_cast<uint32_t>(s.row_offset[input]) / 4, v.width[input], out_word);
        break;
      }
      case isa::OP_LIN:
        linear(s, p, v, w, T, out_word, beats);
        break;
      case isa::OP_ROPE:
        sfu_rope(s, p, v, w, T, position, out_word);
        break;
      case isa::OP_ATT:
        attention(s, p, v, w, T, position, out_word);
        break;
      case isa::OP_SILU_MUL:
      case isa::OP_ADD: {
        static_assert(isa::SILU_MUL_gate_LO == isa::ADD_lhs_LO && isa::SILU_MUL_up_LO == isa::ADD_rhs_LO,
                      "SILU_MUL and ADD share their operand fields");
        const uint32_t a = field(w, isa::ADD_lhs_LO, isa::ADD_lhs_BITS);
        const uint32_t b = field(w, isa::ADD_rhs_LO, isa::ADD_rhs_BITS);
        const uint32_t a_word = static_cast<uint32_t>(s.row_offset[a]) / 4;
        const uint32_t b_word = static_cast<uint32_t>(s.row_offset[b]) / 4;
        for (int t = 0; t < T; ++t) {
          ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_TOKENS)
          for (uint32_t k = 0; k < v.width[a]; ++k) {
            ACCLLM_HLS(HLS PIPELINE II = 1)
            ACCLLM_HLS(HLS UNROLL factor = cfg::SFU_LANES)
            ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::MAX_WIDTH)
            const float x = act_f(s, t, a_word + k);
            const float y = act_f(s, t, b_word + k);
            set_act_f(s, t, out_word + k, op == isa::OP_ADD ? x + y : silu_f32(x) * y);
          }
        }
        break;
      }
      case isa::OP_LM_HEAD:
        linear(s, p, v, w, T, 0, beats);
        break;
      case isa::OP_STORE_KV:
        send_kv(s, p, v, w, T, position, heads, data);
        break;
      case isa::OP_STORE_LOGITS:
        send_logits(s, v.width[field(w, isa::STORE_LOGITS_logits_LO, isa::STORE_LOGITS_logits_BITS)],
                    field(w, isa::STORE_LOGITS_offset_LO, isa::STORE_LOGITS_offset_BITS), heads, data);
        break;
      default:
        break;
    }
  }
  const StoreHead end = {0, 0, 0, true};
  heads.write(end);
  instructions = executed;
}

// After the region: status and counters (per channel bytes read, bytes written).
inline void close_call(const Call& call, uint64_t* counters) {
  uint64_t out[kCounters];
  for (int i = 0; i < kCounters; ++i) {
    ACCLLM_HLS(HLS UNROLL)
    out[i] = 0;
  }
  out[kCounterStatus] = call.status;
  out[kCounterInstructions] = call.instructions;
  for (int p = 0; p < cfg::NUM_PORTS; ++p) {
    ACCLLM_HLS(HLS UNROLL)
    out[kCounterRead + cfg::PORT_CHANNELS[p]] += call.read_bytes[p];
  }
  for (int p = 0; p < cfg::NUM_WRITE_PORTS; ++p) {
    ACCLLM_HLS(HLS UNROLL)
    out[kCounterWritten + cfg::WRITE_PORT_CHANNELS[p]] += call.written_bytes[p];
  }
  for (int i = 0; i < kCounters; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    if (i % 8 == 0) ACCLLM_HBM(cfg::MISC_CHANNEL, static_cast<uint64_t>(i) / 8, true);
    counters[i] = out[i];
  }
}

}  // namespace accllm

#endif  // ACCLLM_ENGINE_H
