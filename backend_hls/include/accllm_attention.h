// accllm_attention.h -- The KV ring (slots, LOAD_KV / STORE_KV records) and the attention unit (Λ-attention, ATT_LANES query heads a cycle).
// Part of the header library (accllm_engine.h includes the units in dependency order;
// accllm_isa.h comes first). Templated on the configuration struct C (accllm_defaults.h).
#ifndef ACCLLM_ATTENTION_H
#define ACCLLM_ATTENTION_H

#include "accllm_hbm.h"
#include "accllm_sfu.h"

namespace accllm {

// ---------------------------------------------------------------------------------------
// KV ring
// ---------------------------------------------------------------------------------------

// Ring slot of a position: sinks keep slots 0 .. S-1, the rest cycle through the others.
template <class C>
inline uint32_t kv_slot(int32_t position) {
  if (position < C::SINKS) return static_cast<uint32_t>(position);
  return C::SINKS + static_cast<uint32_t>(position - C::SINKS) % (C::KV_SLOTS - C::SINKS);
}

// Keys a query at `query` sees under its layer's Λ: all earlier ones (window 0: dense), or
// the `sinks` first and the last `window`.
inline bool kv_visible(int32_t key, int32_t query, int32_t sinks, int32_t window) {
  if (key > query) return false;
  if (window == 0 || query < sinks + window) return true;
  return key < sinks || key > query - window;
}

// The KV channel (index into the placement) of a KV head, and the head's rank there:
// heads are spread over the channels in contiguous runs (engine_hbm_alloc.kv_heads_per_channel).
template <class C>
inline void kv_home(uint32_t head, uint32_t kv_heads, uint32_t channels, uint32_t& index, uint32_t& rank) {
  uint32_t first = 0;
  index = 0;
  rank = head;
  for (uint32_t c = 0; c < channels; ++c) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::KV_CHANNELS)
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
template <class C>
constexpr uint32_t kKVTokenBytes = (2 * kKVCodeBytes<C> + 16 + kBeatBytes - 1) / kBeatBytes * kBeatBytes;

// HEAD_DIM KV codes packed LSB first (two 4-bit codes per byte): one wide shift network.
template <class C>
inline void pack_codes(const uint8_t* codes, uint8_t* out) {
  for (uint32_t i = 0; i < kKVCodeBytes<C>; ++i) {
    ACCLLM_HLS(HLS UNROLL)
    out[i] = 0;
  }
  for (uint32_t i = 0; i < static_cast<uint32_t>(C::HEAD_DIM); ++i) {
    ACCLLM_HLS(HLS UNROLL)
    const uint32_t bit = i * C::KV_BITS;
    out[bit / 8] = static_cast<uint8_t>(out[bit / 8] | (codes[i] << (bit % 8)));
  }
}


// One token of one KV head quantized to the cache format (golden.quantize_asymmetric).
template <class C>
inline void kv_quantize(const State<C>& s, int t, uint32_t keys_word, uint32_t values_word, uint32_t head,
                        uint32_t dim, KVEntry<C>& e) {
  // A head a cycle: the rows and their codes are registers.
  float k[C::HEAD_DIM];
  float v[C::HEAD_DIM];
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = k type = complete)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = v type = complete)
  read_act_row<C, C::HEAD_DIM>(s, t, keys_word + head * dim, dim, k);
  read_act_row<C, C::HEAD_DIM>(s, t, values_word + head * dim, dim, v);
  uint8_t kz;
  uint8_t vz;
  uint8_t key[C::HEAD_DIM];
  uint8_t value[C::HEAD_DIM];
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = key type = complete)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = value type = complete)
  quantize_asymmetric_n<C::KV_BITS, C::SFU_LANES>(k, static_cast<int>(dim), key, kz, e.key.scale);
  quantize_asymmetric_n<C::KV_BITS, C::SFU_LANES>(v, static_cast<int>(dim), value, vz, e.value.scale);
  pack_codes<C>(key, e.key.codes);
  pack_codes<C>(value, e.value.codes);
  e.key.zero = static_cast<float>(kz);
  e.value.zero = static_cast<float>(vz);
}

template <class C>
inline void kv_encode(const KVEntry<C>& e, uint8_t* rec) {
  for (uint32_t i = 2 * kKVCodeBytes<C> + 16; i < kKVTokenBytes<C>; ++i) {
    ACCLLM_HLS(HLS UNROLL)
    rec[i] = 0;
  }
  for (uint32_t i = 0; i < kKVCodeBytes<C>; ++i) {
    ACCLLM_HLS(HLS UNROLL)
    rec[i] = e.key.codes[i];
    rec[kKVCodeBytes<C> + i] = e.value.codes[i];
  }
  put_f32(rec + 2 * kKVCodeBytes<C>, e.key.scale);
  put_f32(rec + 2 * kKVCodeBytes<C> + 4, e.key.zero);
  put_f32(rec + 2 * kKVCodeBytes<C> + 8, e.value.scale);
  put_f32(rec + 2 * kKVCodeBytes<C> + 12, e.value.zero);
}

template <class C>
inline void kv_decode(const uint8_t* rec, KVEntry<C>& e) {
  for (uint32_t i = 0; i < kKVCodeBytes<C>; ++i) {
    ACCLLM_HLS(HLS UNROLL)
    e.key.codes[i] = rec[i];
    e.value.codes[i] = rec[kKVCodeBytes<C> + i];
  }
  e.key.scale = float_from_bits(load_u32(rec + 2 * kKVCodeBytes<C>));
  e.key.zero = float_from_bits(load_u32(rec + 2 * kKVCodeBytes<C> + 4));
  e.value.scale = float_from_bits(load_u32(rec + 2 * kKVCodeBytes<C> + 8));
  e.value.zero = float_from_bits(load_u32(rec + 2 * kKVCodeBytes<C> + 12));
}


// The ring slots of the cached keys a call at `position` sees under its layer's Λ (`sinks`,
// `window`; window 0: dense), chronological, as at most three runs of consecutive slots
// (the sinks, then the window, which may wrap around the ring). The ring keeps its first
// C::SINKS slots (the most sinks of any layer) and cycles through the others, so a layer
// with fewer sinks still finds its window contiguous. Returns the number of runs; none is
// empty (an empty read would still fetch the beat its offset falls in, and nobody would
// take it).
template <class C>
inline int kv_runs(int32_t position, int32_t sinks, int32_t window, uint32_t (&first)[3], uint32_t (&count)[3]) {
  if (position <= 0) return 0;
  if (window == 0 || position < sinks + window) {
    first[0] = 0;  // no slot reused yet: positions 0 .. position - 1 in slots 0 ..
    count[0] = static_cast<uint32_t>(position);
    return 1;
  }
  int runs = 0;
  if (sinks > 0) {
    first[0] = 0;
    count[0] = static_cast<uint32_t>(sinks);
    runs = 1;
  }
  const uint32_t start = kv_slot<C>(position - window + 1);
  const uint32_t n = static_cast<uint32_t>(window - 1);
  if (n == 0) return runs;
  if (start + n <= static_cast<uint32_t>(C::KV_SLOTS)) {
    first[runs] = start;
    count[runs] = n;
    return runs + 1;
  }
  first[runs] = start;
  count[runs] = C::KV_SLOTS - start;
  first[runs + 1] = C::SINKS;
  count[runs + 1] = n - count[runs];
  return runs + 2;
}

// Where head `head`'s slot `slot` of the KV placement `placement` lives: channel and byte.
template <class C>
inline void kv_address(const Program<C>& p, uint32_t placement, uint32_t kv_heads, uint32_t head, uint32_t slot,
                       uint32_t& channel, uint64_t& offset) {
  const uint32_t table = p.constant_at[placement];  // read once: the count, then the elements
  const uint32_t channels = prog_u32<C>(p, table + 4) / 2;
  uint32_t index;
  uint32_t rank;
  kv_home<C>(head, kv_heads, channels, index, rank);
  channel = static_cast<uint32_t>(prog_i64<C>(p, table + 8 + 8 * index));
  offset = static_cast<uint64_t>(prog_i64<C>(p, table + 8 + 8 * (channels + index))) +
           (static_cast<uint64_t>(rank) * C::KV_SLOTS + slot) * kKVTokenBytes<C>;
}

// LD: LOAD_KV as one burst per head and run.
template <class C>
inline void issue_kv(const Program<C>& p, const Word& w, int32_t position, CmdFifo<C> (&cmds)[C::NUM_PORTS]) {
  const uint32_t placement = field(w, isa::LOAD_KV_placement_LO, isa::LOAD_KV_placement_BITS);
  const uint32_t kv_heads = field(w, isa::LOAD_KV_kv_heads_LO, isa::LOAD_KV_kv_heads_BITS);
  uint32_t first[3];
  uint32_t count[3];
  const int runs = kv_runs<C>(position, static_cast<int32_t>(field(w, isa::LOAD_KV_sinks_LO, isa::LOAD_KV_sinks_BITS)),
                              static_cast<int32_t>(field(w, isa::LOAD_KV_window_LO, isa::LOAD_KV_window_BITS)),
                              first, count);
  for (uint32_t h = 0; h < kv_heads; ++h) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_KV_HEADS)
    for (int k = 0; k < runs; ++k) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = 3)
      uint32_t channel;
      uint64_t offset;
      kv_address<C>(p, placement, kv_heads, h, first[k], channel, offset);
      issue_read<C>(cmds, channel, offset, count[k] * kKVTokenBytes<C>);
    }
  }
}

// EX: LOAD_KV's records into the KV buffer, chronological, with their positions.
template <class C>
inline void receive_kv(State<C>& s, const Program<C>& p, const Word& w, int32_t position,
                       BeatFifo<C> (&beats)[C::NUM_PORTS]) {
  const uint32_t placement = field(w, isa::LOAD_KV_placement_LO, isa::LOAD_KV_placement_BITS);
  const uint32_t kv_heads = field(w, isa::LOAD_KV_kv_heads_LO, isa::LOAD_KV_kv_heads_BITS);
  uint32_t first[3];
  uint32_t count[3];
  const int runs = kv_runs<C>(position, static_cast<int32_t>(field(w, isa::LOAD_KV_sinks_LO, isa::LOAD_KV_sinks_BITS)),
                              static_cast<int32_t>(field(w, isa::LOAD_KV_window_LO, isa::LOAD_KV_window_BITS)),
                              first, count);
  s.kv_count = 0;
  for (int k = 0; k < runs; ++k) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = 3)
    for (uint32_t j = 0; j < count[k]; ++j) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_CACHED)
      const uint32_t slot = first[k] + j;
      // The position a slot holds: the sinks theirs, a window slot the latest that maps to it.
      int32_t pos = static_cast<int32_t>(slot);
      if (slot >= static_cast<uint32_t>(C::SINKS)) {
        const int32_t ring = C::KV_SLOTS - C::SINKS;
        const int32_t back =
            (static_cast<int32_t>(kv_slot<C>(position - 1)) - static_cast<int32_t>(slot) + ring) % ring;
        pos = position - 1 - back;
      }
      s.kv_position[s.kv_count + static_cast<int>(j)] = pos;
    }
    s.kv_count += static_cast<int>(count[k]);
  }
  for (uint32_t h = 0; h < static_cast<uint32_t>(C::MAX_KV_HEADS); ++h) {
    // One reader per head: the heads' channels stream in parallel.
    ACCLLM_HLS(HLS UNROLL)
    if (h >= kv_heads) break;
    int at = 0;
    for (int k = 0; k < runs; ++k) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = 3)
      uint32_t channel;
      uint64_t offset;
      kv_address<C>(p, placement, kv_heads, h, first[k], channel, offset);
      BeatFifo<C>& fifo = beats[read_port_of<C>(channel)];
      ByteReader r;
      ACCLLM_HLS(HLS ARRAY_PARTITION variable = r.beat.b type = complete)
      reader_seek<C>(fifo, r, offset);
      for (uint32_t j = 0; j < count[k]; ++j) {
        ACCLLM_HLS(HLS PIPELINE II = 1)
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_CACHED)
        uint8_t rec[kKVTokenBytes<C>];
        ACCLLM_HLS(HLS ARRAY_PARTITION variable = rec type = complete)
        reader_take<C>(fifo, r, rec, kKVTokenBytes<C>);
        KVEntry<C> e;
        kv_decode<C>(rec, e);
        s.kv[h][2 * at] = e.key;
        s.kv[h][2 * at + 1] = e.value;
        ++at;
      }
      reader_finish<C>(fifo, r, covering_beats(offset, count[k] * kKVTokenBytes<C>));
    }
  }
}

// EX: STORE_KV, the call's keys and values quantized into their ring slots (through ST).
template <class C>
inline void send_kv(const State<C>& s, const Program<C>& p, const Values<C>& v, const Word& w, int tokens,
                    int32_t position, StoreHeadFifo& heads, StoreDataFifo& data) {
  const uint32_t keys = field(w, isa::STORE_KV_keys_LO, isa::STORE_KV_keys_BITS);
  const uint32_t values = field(w, isa::STORE_KV_values_LO, isa::STORE_KV_values_BITS);
  const uint32_t placement = field(w, isa::STORE_KV_placement_LO, isa::STORE_KV_placement_BITS);
  const uint32_t kv_heads = v.width[keys] / C::HEAD_DIM;
  for (int t = 0; t < tokens; ++t) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_TOKENS)
    for (uint32_t h = 0; h < kv_heads; ++h) {
      // A head's record a cycle, as ATT quantizes the call's own keys and values.
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_KV_HEADS)
      KVEntry<C> e;
      ACCLLM_HLS(HLS AGGREGATE variable = e compact = bit)
      kv_quantize<C>(s, t, static_cast<uint32_t>(s.row_offset[keys]) / 4,
                     static_cast<uint32_t>(s.row_offset[values]) / 4, h, C::HEAD_DIM, e);
      uint8_t rec[kKVTokenBytes<C>];
      ACCLLM_HLS(HLS ARRAY_PARTITION variable = rec type = complete)
      kv_encode<C>(e, rec);
      uint32_t channel;
      uint64_t offset;
      kv_address<C>(p, placement, kv_heads, h, kv_slot<C>(position + t), channel, offset);
      send_bytes<C>(heads, data, channel, offset, rec, kKVTokenBytes<C>);
    }
  }
}

// ---------------------------------------------------------------------------------------
// ATT
// ---------------------------------------------------------------------------------------

// A query head rotated at `position` and A8-quantized over the head dimension.
template <class C>
struct QueryRow {
  int8_t q[C::HEAD_DIM];
  float scale;
  int32_t sum;  // of the codes: the keys' zero point times it is one product per key
};

template <class C>
inline void query_row(const State<C>& s, int t, uint32_t q_word, uint32_t head, int32_t position, const float* inv_freq,
                      bool rotate, QueryRow<C>& out) {
  float x[C::HEAD_DIM];  // a head a cycle: registers
  float y[C::HEAD_DIM];
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = x type = complete)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = y type = complete)
  read_act_row<C, C::HEAD_DIM>(s, t, q_word + head * C::HEAD_DIM, C::HEAD_DIM, x);
  if (rotate) {
    rope_row_n<C::HEAD_DIM, C::SFU_LANES>(x, position, inv_freq, C::ROPE_SCALING, C::HEAD_DIM, y);
  } else {
    for (uint32_t d = 0; d < C::HEAD_DIM; ++d) {
      ACCLLM_HLS(HLS UNROLL)
      y[d] = x[d];
    }
  }
  quantize_symmetric_n<8, C::SFU_LANES>(y, C::HEAD_DIM, out.q, out.scale);
  int32_t sum = 0;
  for (uint32_t d = 0; d < C::HEAD_DIM; ++d) {
    ACCLLM_HLS(HLS UNROLL)
    sum += out.q[d];
  }
  out.sum = sum;
}

// x * code for a KV code of KV_BITS bits: shifts and adds, the fabric's multiplier for so
// narrow a factor (AMD WP486), not a DSP: the attention unit has HEAD_DIM of them per head.
// (The same integer; a host, the C simulation's, multiplies.)
template <class C>
inline int32_t times_code(int32_t x, int32_t code) {
  ACCLLM_HLS(HLS INLINE)
#ifdef __SYNTHESIS__
  int32_t r = 0;
  for (int b = 0; b < C::KV_BITS; ++b) {
    ACCLLM_HLS(HLS UNROLL)
    if ((code >> b) & 1) r += static_cast<int32_t>(static_cast<uint32_t>(x) << b);
  }
  return r;
#else
  return x * code;
#endif
}

template <class C>
inline int32_t key_dot(const QueryRow<C>& q, const KVHalf<C>& k) {
  // sum_d q_d (code_d - zero) = sum_d q_d code_d - zero * sum_d q_d (exact: integers).
  int32_t acc = 0;
  for (uint32_t d = 0; d < C::HEAD_DIM; ++d) {
    ACCLLM_HLS(HLS UNROLL)
    acc += times_code<C>(q.q[d], kv_code<C>(k.codes, d));
  }
  return acc - static_cast<int32_t>(k.zero) * q.sum;
}

// The keys (values) at visible index `at` for KV head `kvh`: a cached entry, or one of the
// call's own tokens (indices, not pointers: synthesizable).
template <class C>
inline const KVHalf<C>& kv_key(const State<C>& s, const KVEntry<C> (&own)[C::MAX_TOKENS][C::MAX_KV_HEADS], int32_t at,
                            uint32_t kvh) {
  ACCLLM_HLS(HLS INLINE)
  return at < s.kv_count ? s.kv[kvh][2 * at] : own[at - s.kv_count][kvh].key;
}
template <class C>
inline const KVHalf<C>& kv_value(const State<C>& s, const KVEntry<C> (&own)[C::MAX_TOKENS][C::MAX_KV_HEADS], int32_t at,
                              uint32_t kvh) {
  ACCLLM_HLS(HLS INLINE)
  return at < s.kv_count ? s.kv[kvh][2 * at + 1] : own[at - s.kv_count][kvh].value;
}

// Query heads the unit takes a cycle: ATT_KV_HEADS KV heads' GROUP each (ATT_PASSES cycles
// cover every head).
template <class C>
constexpr int kPassHeads = C::ATT_KV_HEADS * C::GROUP;

// Attention of the call's queries: GoldenModel._attention / _attend with the KV4 x A8 path.
// Each stage over the keys runs ATT_KV_HEADS KV heads (their query heads) a cycle,
// ATT_PASSES cycles a key (ATT_LANES query heads at most: the scores' and p . v's products
// and the float lanes): the queries one head per cycle, the scores, the softmax (per-head
// running maxima, an adder tree per head), the A8 weights, and p . v.
template <class C>
inline void attention(State<C>& s, const Program<C>& p, const Values<C>& v, const Word& w, int tokens, int32_t position,
                      uint32_t out_word) {
  const uint32_t query = field(w, isa::ATT_query_LO, isa::ATT_query_BITS);
  const uint32_t keys = field(w, isa::ATT_keys_LO, isa::ATT_keys_BITS);
  const uint32_t values = field(w, isa::ATT_values_LO, isa::ATT_values_BITS);
  const uint32_t scale_c = field(w, isa::ATT_scale_LO, isa::ATT_scale_BITS);
  const float scale = const_f32<C>(p, scale_c, 0);
  // A second element caps the scores: softcap * tanh(score / softcap) (Gemma 2); 0: none.
  const float softcap = const_count<C>(p, scale_c) > 1 ? const_f32<C>(p, scale_c, 1) : 0.0f;
  const uint32_t freq_c = field(w, isa::ATT_inv_freq_LO, isa::ATT_inv_freq_BITS);
  const uint32_t shape = field(w, isa::ATT_shape_LO, isa::ATT_shape_BITS);
  const bool original = field(w, isa::FLAG0_LO, 1) != 0;
  const uint32_t heads = static_cast<uint32_t>(const_i64<C>(p, shape, 0));
  const int32_t sinks = static_cast<int32_t>(const_i64<C>(p, shape, 1));  // this layer's Λ
  const int32_t window = static_cast<int32_t>(const_i64<C>(p, shape, 2));
  const uint32_t kv_heads = v.width[keys] / C::HEAD_DIM;
  float inv_freq[C::HEAD_DIM / 2];
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = inv_freq type = complete)
  // No frequencies: a layer without RoPE (its keys were stored unrotated too).
  const bool rotate = const_count<C>(p, freq_c) != 0;
  if (rotate) read_inv_freq<C>(p, freq_c, C::HEAD_DIM / 2, inv_freq);
  const uint32_t q_word = static_cast<uint32_t>(s.row_offset[query]) / 4;
  const uint32_t k_word = static_cast<uint32_t>(s.row_offset[keys]) / 4;
  const uint32_t v_word = static_cast<uint32_t>(s.row_offset[values]) / 4;
  // The call's own keys and values, quantized to the cache format on the way in.
  static KVEntry<C> own[C::MAX_TOKENS][C::MAX_KV_HEADS];
  // An entry is one word (every code of the head at once); a bank per two KV heads, as the
  // cache's (the unit reads every KV head's entry a cycle).
  ACCLLM_HLS(HLS AGGREGATE variable = own compact = bit)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = own type = cyclic factor = C::KV_BANKS dim = 2)
  // A few entries a bank, each hundreds of bits wide: LUTRAM (BRAM would spend a block per
  // 36 bits of width on MAX_TOKENS x 2 words).
  ACCLLM_HLS(HLS BIND_STORAGE variable = own type = ram_2p impl = lutram)
  for (int t = 0; t < tokens; ++t) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_TOKENS)
    for (uint32_t h = 0; h < kv_heads; ++h) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_KV_HEADS)
      kv_quantize<C>(s, t, k_word, v_word, h, C::HEAD_DIM, own[t][h]);
    }
  }
  static QueryRow<C> q_main[C::MAX_HEADS];
  static QueryRow<C> q_sink[C::MAX_HEADS];
  static float scores[C::MAX_HEADS][C::MAX_KEYS];
  static float weight[C::MAX_HEADS][C::MAX_KEYS];
  static int8_t wq[C::MAX_HEADS][C::MAX_KEYS];
  static int32_t acc[C::MAX_HEADS][C::HEAD_DIM];
  // Every head at once: a bank per head (the query rows and the p . v sums: registers).
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = q_main type = complete)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = q_sink type = complete)
  ACCLLM_HLS(HLS AGGREGATE variable = q_main compact = bit)
  ACCLLM_HLS(HLS AGGREGATE variable = q_sink compact = bit)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = scores type = complete dim = 1)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = weight type = complete dim = 1)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = wq type = complete dim = 1)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = acc type = complete dim = 0)
  for (int t = 0; t < tokens; ++t) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_TOKENS)
    const int32_t pos = position + t;
    // Λ with the "cache" position policy: once the window is full, the sink keys see the
    // query rotated at the last cache slot's position.
    const bool capped = !original && window != 0 && pos >= sinks + window;
    for (uint32_t h = 0; h < heads; ++h) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_HEADS)
      query_row<C>(s, t, q_word, h, pos, inv_freq, rotate, q_main[h]);
      if (capped) query_row<C>(s, t, q_word, h, sinks + window - 1, inv_freq, rotate, q_sink[h]);
    }
    // Scores of the visible keys, chronological (the cached ones, then the call's own up to
    // this token): a candidate every ATT_PASSES cycles, ATT_KV_HEADS KV heads (their GROUP
    // query heads) a cycle, with each head's maximum.
    int32_t key_at[C::MAX_KEYS];
    int count = 0;
    float m[C::MAX_HEADS];
    ACCLLM_HLS(HLS ARRAY_PARTITION variable = m type = complete)
    int j = 0;
    uint32_t part = 0;
    for (int n = 0; n < (s.kv_count + t + 1) * C::ATT_PASSES; ++n) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = (C::MAX_CACHED + C::MAX_TOKENS) * C::ATT_PASSES)
      const int32_t kp = j < s.kv_count ? s.kv_position[j] : position + (j - s.kv_count);
      if (kv_visible(kp, pos, sinks, window)) {
        const bool sink_key = capped && kp < sinks;
        for (uint32_t u = 0; u < static_cast<uint32_t>(C::ATT_KV_HEADS); ++u) {
          const uint32_t g = part * C::ATT_KV_HEADS + u;
          if (g >= kv_heads) break;
          const KVHalf<C>& k = kv_key<C>(s, own, j, g);  // one read per KV head, for its GROUP heads
          for (uint32_t r = 0; r < static_cast<uint32_t>(C::GROUP); ++r) {
            const uint32_t h = g * C::GROUP + r;
            const QueryRow<C>& q = sink_key ? q_sink[h] : q_main[h];
            const float raw = (static_cast<float>(key_dot<C>(q, k)) * (q.scale * k.scale)) * scale;
            const float score = softcap > 0.0f ? softcap_f32(raw, softcap) : raw;
            scores[h][count] = score;
            // The maximum: exact in any order.
            m[h] = count == 0 || score > m[h] ? score : m[h];
          }
        }
        if (part == C::ATT_PASSES - 1) key_at[count++] = j;
      }
      if (++part == C::ATT_PASSES) {
        part = 0;
        ++j;
      }
    }
    // Softmax: e = exp_f32(s - max) streamed into each head's running sums, p = e / their
    // tree (golden_math.interleaved_sum); then p * v_scale.
    float sums[C::MAX_HEADS][kSoftmaxPartials];
    ACCLLM_HLS(HLS ARRAY_PARTITION variable = sums type = complete dim = 0)
    for (int h = 0; h < C::MAX_HEADS; ++h) {
      for (int l = 0; l < kSoftmaxPartials; ++l) sums[h][l] = 0.0f;
    }
    // A pass of the heads a cycle (a head's sums are touched every ATT_PASSES cycles, so the
    // declared distance is a lower bound).
    int i = 0;
    part = 0;
    for (int n = 0; n < count * C::ATT_PASSES; ++n) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_KEYS * C::ATT_PASSES)
      ACCLLM_HLS(HLS DEPENDENCE variable = sums type = inter dependent = true distance = 8)
      for (uint32_t u = 0; u < static_cast<uint32_t>(kPassHeads<C>); ++u) {
        const uint32_t h = part * kPassHeads<C> + u;
        if (h >= heads) break;
        const float e = exp_f32(scores[h][i] - m[h]);
        weight[h][i] = e;
        sums[h][i % kSoftmaxPartials] = sums[h][i % kSoftmaxPartials] + e;
      }
      if (++part == C::ATT_PASSES) {
        part = 0;
        ++i;
      }
    }
    static_assert(kSoftmaxPartials == 8, "the DEPENDENCE distance above is kSoftmaxPartials");
    float denom[C::MAX_HEADS];
    ACCLLM_HLS(HLS ARRAY_PARTITION variable = denom type = complete)
    for (uint32_t h = 0; h < heads; ++h) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_HEADS)
      denom[h] = tree_sum<kSoftmaxPartials>(sums[h]);
    }
    float wmax[C::MAX_HEADS];
    ACCLLM_HLS(HLS ARRAY_PARTITION variable = wmax type = complete)
    for (int h = 0; h < C::MAX_HEADS; ++h) wmax[h] = 0.0f;
    i = 0;
    part = 0;
    for (int n = 0; n < count * C::ATT_PASSES; ++n) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_KEYS * C::ATT_PASSES)
      // Each (head, key) weight is read and rewritten by one iteration only.
      ACCLLM_HLS(HLS DEPENDENCE variable = weight type = inter dependent = false)
      for (uint32_t u = 0; u < static_cast<uint32_t>(C::ATT_KV_HEADS); ++u) {
        const uint32_t g = part * C::ATT_KV_HEADS + u;
        if (g >= kv_heads) break;
        const float value_scale = kv_value<C>(s, own, key_at[i], g).scale;
        for (uint32_t r = 0; r < static_cast<uint32_t>(C::GROUP); ++r) {
          const uint32_t h = g * C::GROUP + r;
          const float x = (weight[h][i] / denom[h]) * value_scale;
          weight[h][i] = x;
          const float a = abs_f32(x);
          wmax[h] = a > wmax[h] ? a : wmax[h];
        }
      }
      if (++part == C::ATT_PASSES) {
        part = 0;
        ++i;
      }
    }
    // KV4 x A8 values: the weights A8-quantized per head (quantize_symmetric_n), an integer
    // sum per channel.
    float sw[C::MAX_HEADS];
    float safe[C::MAX_HEADS];
    ACCLLM_HLS(HLS ARRAY_PARTITION variable = sw type = complete)
    ACCLLM_HLS(HLS ARRAY_PARTITION variable = safe type = complete)
    for (uint32_t h = 0; h < static_cast<uint32_t>(C::MAX_HEADS); ++h) {
      sw[h] = wmax[h] / 127.0f;
      safe[h] = sw[h] > 0.0f ? sw[h] : 1.0f;
      for (uint32_t d = 0; d < C::HEAD_DIM; ++d) acc[h][d] = 0;
    }
    i = 0;
    part = 0;
    for (int n = 0; n < count * C::ATT_PASSES; ++n) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_KEYS * C::ATT_PASSES)
      // Each (head, key) A8 weight is written, then read, by one iteration only.
      ACCLLM_HLS(HLS DEPENDENCE variable = wq type = inter dependent = false)
      for (uint32_t u = 0; u < static_cast<uint32_t>(C::ATT_KV_HEADS); ++u) {
        const uint32_t g = part * C::ATT_KV_HEADS + u;
        if (g >= kv_heads) break;
        const KVHalf<C>& e = kv_value<C>(s, own, key_at[i], g);
        for (uint32_t r = 0; r < static_cast<uint32_t>(C::GROUP); ++r) {
          const uint32_t h = g * C::GROUP + r;
          float x = round_half_even(weight[h][i] / safe[h]);
          x = x < -127.0f ? -127.0f : (x > 127.0f ? 127.0f : x);
          wq[h][i] = sw[h] > 0.0f ? static_cast<int8_t>(static_cast<int32_t>(x)) : static_cast<int8_t>(0);
          // wq (code_d - zero) = wq code_d - wq zero: one product per head, the rest in fabric.
          const int32_t shift = static_cast<int32_t>(wq[h][i]) * static_cast<int32_t>(e.zero);
          for (uint32_t d = 0; d < C::HEAD_DIM; ++d)
            acc[h][d] += times_code<C>(wq[h][i], kv_code<C>(e.codes, d)) - shift;
        }
      }
      if (++part == C::ATT_PASSES) {
        part = 0;
        ++i;
      }
    }
    for (uint32_t h = 0; h < heads; ++h) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_HEADS)
      for (uint32_t d = 0; d < C::HEAD_DIM; ++d)
        set_act_f<C>(s, t, out_word + h * C::HEAD_DIM + d, static_cast<float>(acc[h][d]) * sw[h]);
    }
  }
}

}  // namespace accllm

#endif  // ACCLLM_ATTENTION_H
