// accllm_state.h -- The streams that join the processes, and EX's on-chip state (activations, vectors, KV, logits).
// Part of the header library (accllm_engine.h includes the units in dependency order;
// accllm_isa.h comes first). Templated on the configuration struct C (accllm_defaults.h).
#ifndef ACCLLM_STATE_H
#define ACCLLM_STATE_H

#include "accllm_words.h"

namespace accllm {

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
template <class C>
using CmdFifo = hls::stream<PortCmd, C::PORT_CMD_DEPTH>;

// A read port's beats, in command order, to EX (the LD -> EX prefetch distance).
template <class C>
using BeatFifo = hls::stream<Beat, C::WEIGHT_FIFO_DEPTH>;

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
template <class C>
inline int read_port_of(uint32_t channel) { return port_of(C::PORT_CHANNELS, channel); }
template <class C>
inline int write_port_of(uint32_t channel) { return port_of(C::WRITE_PORT_CHANNELS, channel); }

// ---------------------------------------------------------------------------------------
// EX's on-chip state
// ---------------------------------------------------------------------------------------

// HEAD_DIM codes of KV_BITS (4 or 8, so a code never straddles a byte) packed LSB first:
// two 4-bit codes per byte, as in the ring's records.
template <class C>
constexpr uint32_t kKVCodeBytes = (C::HEAD_DIM * C::KV_BITS + 7) / 8;

// The keys (or the values) of one cached token of one KV head, as the ring stores them:
// codes packed, then the scale and zero point.
template <class C>
struct KVHalf {
  uint8_t codes[kKVCodeBytes<C>];
  float scale, zero;
};
template <class C>
struct KVEntry {  // one cached token of one KV head
  KVHalf<C> key, value;
};

// Code `d` of a packed row of KV codes.
template <class C>
inline int32_t kv_code(const uint8_t (&codes)[kKVCodeBytes<C>], uint32_t d) {
  ACCLLM_HLS(HLS INLINE)
  const uint32_t bit = d * C::KV_BITS;
  return static_cast<int32_t>((codes[bit / 8] >> (bit % 8)) & ((1u << C::KV_BITS) - 1u));
}

template <class C>
struct State {
  // Per SSA value of the running program: buffer offset and vector slot.
  int32_t row_offset[C::MAX_VALUES];
  uint16_t vector_slot[C::MAX_VALUES];
  // Activation buffer: max_tokens rows of act_row_bytes, as 32-bit words.
  uint32_t act[C::MAX_TOKENS][C::ACT_ROW_WORDS];
  // Constant vectors (norm weights, biases), a ring of VECTOR_SLOTS.
  float vectors[C::VECTOR_SLOTS][C::MAX_VECTOR];
  uint32_t next_vector;
  // The cached keys/values a call sees (LOAD_KV), chronological, and their positions.
  // A token's keys at [h][2 x i], its values at [h][2 x i + 1]: the scores read only keys and
  // p . v only values, so one bank word is half an entry and a bank still serves two KV heads
  // a cycle (URAM is bound by the width read a cycle, not by the entries held).
  KVHalf<C> kv[C::MAX_KV_HEADS][2 * C::MAX_CACHED];
  int32_t kv_position[C::MAX_CACHED];
  int kv_count;
  // Logits of the last token.
  float logits[C::MAX_VOCAB];
};


template <class C>
inline float act_f(const State<C>& s, int t, uint32_t word) { return float_from_bits(s.act[t][word]); }
template <class C>
inline void set_act_f(State<C>& s, int t, uint32_t word, float v) { s.act[t][word] = bits_from_float(v); }

// int8 codes of a quantized activation: 4 per word, byte i at bits 8*(i%4).
template <class C>
inline int32_t act_code(const State<C>& s, int t, uint32_t base_word, uint32_t i) {
  ACCLLM_HLS(HLS INLINE)
  const uint32_t w = s.act[t][base_word + (i >> 2)];
  return static_cast<int32_t>(static_cast<int8_t>(static_cast<uint8_t>(w >> (8 * (i & 3)))));
}
template <class C>
inline void set_act_code(State<C>& s, int t, uint32_t base_word, uint32_t i, int8_t q) {
  ACCLLM_HLS(HLS INLINE)
  uint32_t& w = s.act[t][base_word + (i >> 2)];
  const uint32_t shift = 8 * (i & 3);
  w = (w & ~(0xffu << shift)) | (static_cast<uint32_t>(static_cast<uint8_t>(q)) << shift);
}
// The scale of a quantized activation of `width` codes sits after the codes, word aligned.
inline uint32_t qact_scale_word(uint32_t base_word, uint32_t width) { return base_word + (width + 3) / 4; }

// `n` consecutive float32 activations of token t, from / to the buffer at `word`.
template <class C, int MAXN>
inline void read_act_row(const State<C>& s, int t, uint32_t word, uint32_t n, float* x) {
  for (uint32_t i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS UNROLL factor = C::SFU_LANES)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = MAXN)
    x[i] = act_f<C>(s, t, word + i);
  }
}
template <class C, int MAXN>
inline void write_act_row(State<C>& s, int t, uint32_t word, uint32_t n, const float* y) {
  for (uint32_t i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS UNROLL factor = C::SFU_LANES)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = MAXN)
    set_act_f<C>(s, t, word + i, y[i]);
  }
}

}  // namespace accllm

#endif  // ACCLLM_STATE_H
