// accllm_array.h -- The linear array (LIN / LM_HEAD): the chunk-word format, the 2:4 decode, the lanes x chunk pass, its epilogue, and the tile fetch / array / drain DATAFLOW over the weight FIFOs.
// Part of the header library (accllm_engine.h includes the units in dependency order;
// accllm_isa.h comes first). Templated on the configuration struct C (accllm_defaults.h).
#ifndef ACCLLM_ARRAY_H
#define ACCLLM_ARRAY_H

#include "accllm_hbm.h"

namespace accllm {

// ---------------------------------------------------------------------------------------
// LIN: one packed row against a block of tokens
// ---------------------------------------------------------------------------------------

// The format of a loaded matrix and its chunk words (passes/weight_chunks.py): LIN's rows
// in the build's format (C::LIN_*), LM_HEAD's int8 rows (C::HEAD_*).
struct RowFormat {
  uint32_t in, bits, group, n, m;
  bool sparse, code3;
  bool int8_rows;          // LM_HEAD's rows: signed int8 codes, one float32 scale
  uint32_t groups;         // quantization groups of a row (int8 rows: one)
  uint32_t kept;           // kept weights of a chunk word
  uint32_t chunks_per_group;
  uint32_t chunks;         // chunk words of a row
  uint32_t meta_words;     // metadata words before them
  uint32_t window;         // activation codes a chunk's weights choose from
};

template <class C>
inline RowFormat row_format(const Word& w, bool code3, bool int8_rows) {
  RowFormat f;
  f.in = field(w, isa::LOAD_W_in_LO, isa::LOAD_W_in_BITS);
  f.bits = field(w, isa::LOAD_W_bits_LO, isa::LOAD_W_bits_BITS);
  f.group = field(w, isa::LOAD_W_group_LO, isa::LOAD_W_group_BITS);
  f.n = field(w, isa::LOAD_W_n_LO, isa::LOAD_W_n_BITS);
  f.m = field(w, isa::LOAD_W_m_LO, isa::LOAD_W_m_BITS);
  f.sparse = f.n != f.m;
  f.code3 = code3;
  f.int8_rows = int8_rows;
  if (int8_rows) {
    f.groups = 1;
    f.kept = C::HEAD_KEPT_PER_CHUNK;
    f.chunks_per_group = (f.in + f.kept - 1) / f.kept;
    f.meta_words = 1;
    f.window = C::HEAD_KEPT_PER_CHUNK;
  } else {
    f.groups = f.group ? f.in / f.group : 0;
    f.kept = C::LIN_KEPT_PER_CHUNK;
    f.chunks_per_group = C::LIN_CHUNKS_PER_GROUP;
    f.meta_words = C::LIN_META_IN_CHUNKS ? 0 : (f.groups + C::LIN_META_PER_WORD - 1) / C::LIN_META_PER_WORD;
    f.window = C::LIN_WINDOW;
  }
  f.chunks = f.groups * f.chunks_per_group;
  return f;
}

// The 2:4 keep patterns of `code3`, lexicographic: (0,1) (0,2) (0,3) (1,2) (1,3) (2,3).
// As comparators, not a table: every kept weight of every lane decodes one a cycle, and a
// table would be a memory read that many times.
inline uint32_t code3_position(uint32_t code, uint32_t k) {
  ACCLLM_HLS(HLS INLINE)
  const uint32_t first = code < 3 ? 0u : (code < 5 ? 1u : 2u);
  const uint32_t second = code < 3 ? code + 1 : (code < 5 ? code - 1 : 3u);
  return k == 0 ? first : second;
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

// ---------------------------------------------------------------------------------------
// The array's slices
// ---------------------------------------------------------------------------------------

// The array is cut into C::ARRAY_SLICES slices (docs/hls.md "SLRs"): slice K owns weight
// channels [K x SC, (K + 1) x SC) and the lanes they feed (lane l comes from channel l mod C
// as its slot l / C), their tile banks, MACs, group sums and adder tree. A slice depends only
// on its channels' beat FIFOs and the activation windows, and sends a float per row and
// token back, so the floorplan can place each slice in its own SLR (floorplan.tcl).
template <class C>
constexpr int kSlots = (C::LANES + C::WEIGHT_CHANNELS - 1) / C::WEIGHT_CHANNELS;
template <class C>
constexpr int kSliceChannels = C::WEIGHT_CHANNELS / C::ARRAY_SLICES;
// One slice: the whole array. Several: each a whole number of slots of its channels.
template <class C>
constexpr int kSliceLanes = C::ARRAY_SLICES == 1 ? C::LANES : kSlots<C> * kSliceChannels<C>;

// Slice K's lane i as a lane of the whole array.
template <class C, int K>
inline uint32_t global_lane(uint32_t i) {
  ACCLLM_HLS(HLS INLINE)
  return (i / kSliceChannels<C>) * C::WEIGHT_CHANNELS + K * kSliceChannels<C> + i % kSliceChannels<C>;
}

// One lane tile of a slice: the chunk words and metadata words of its lanes' rows, a 64-bit
// bank per lane (one word a cycle in, one out). The fetch fills one block while the array
// computes on the other (a stream of blocks: a ping-pong buffer, UG1399).
typedef uint64_t ChunkWord;
template <class C>
struct TileWords {
  ChunkWord chunk[kSliceLanes<C>][C::MAX_CHUNKS];
  ChunkWord meta[kSliceLanes<C>][C::MAX_META_WORDS];
};
template <class C>
using TileFifo = hls::stream_of_blocks<TileWords<C>, 2>;

inline uint32_t word_bits(ChunkWord w, uint32_t lo, uint32_t width) {
  ACCLLM_HLS(HLS INLINE)
  return static_cast<uint32_t>((w >> lo) & ((static_cast<uint64_t>(1) << width) - 1u));
}

// The spare bits of a chunk word that carry its group's metadata (the first chunk's hold
// the zero point).
template <class C>
constexpr uint32_t kMetaSpare = C::LIN_CHUNK_SPARE_BITS < C::LIN_META_BITS ? C::LIN_CHUNK_SPARE_BITS
                                                                              : C::LIN_META_BITS;

// Kept weight `j` of a chunk word: its input position within the chunk's activation window
// and its centered code (code - zero; int8 rows carry signed codes). The format is the
// build's, so every field offset is a constant and the decode is wiring.
template <class C>
inline void chunk_weight(ChunkWord word, const RowFormat& f, uint32_t j, uint32_t zero, uint32_t& at,
                         int32_t& centered) {
  ACCLLM_HLS(HLS INLINE)
  if (f.int8_rows) {
    at = j;
    centered = static_cast<int32_t>(static_cast<int8_t>(word_bits(word, 8 * j, 8)));
    return;
  }
  centered = static_cast<int32_t>(word_bits(word, j * C::LIN_BITS, C::LIN_BITS)) - static_cast<int32_t>(zero);
  at = j;
  if (C::LIN_SPARSE) {
    const uint32_t index_at = C::LIN_KEPT_PER_CHUNK * C::LIN_BITS;
    const uint32_t within = C::LIN_CODE3
                                ? code3_position(word_bits(word, index_at + (j / C::LIN_N) * 3, 3), j % C::LIN_N)
                                : word_bits(word, index_at + j * C::LIN_INDEX_WIDTH, C::LIN_INDEX_WIDTH);
    at = (j / C::LIN_N) * C::LIN_M + within;
  }
}

// One step's activation window for both tokens of a pair (MV: the token twice), read once
// from EX's activation rows and broadcast to every slice.
template <class C>
struct Window {
  uint32_t word[2][C::MAX_WINDOW_WORDS];
};
template <class C>
using WindowFifo = hls::stream<Window<C>, 4>;

// The group sums of one tile and token (pair) of a slice, from its array to its adder tree.
template <class C>
struct TilePartials {
  float partial[2][kSliceLanes<C>][C::MAX_GROUPS];
};
template <class C>
using PartialFifo = hls::stream_of_blocks<TilePartials<C>, 2>;

// DRAIN_LANES consecutive rows' sums of one token, from a slice to the row writer.
template <class C>
struct LaneSums {
  float sum[C::DRAIN_LANES];
};
template <class C>
constexpr int kSliceWords = kSliceLanes<C> / C::DRAIN_LANES;  // a token's row sums of a tile
template <class C>
using LaneSumFifo = hls::stream<LaneSums<C>, kSliceWords<C>>;

// The walk every stage of a matrix call shares: passes (a token block each, MM; the call's
// tokens, MV; the last token, LM_HEAD), lane tiles, token pairs.
struct ArrayWalk {
  uint32_t out;
  int t_first;
  int tokens;
  int block;
  bool mm;
};

template <class C>
inline uint32_t tile_lanes(const ArrayWalk& a, uint32_t r0) {
  ACCLLM_HLS(HLS INLINE)
  return a.out - r0 < static_cast<uint32_t>(C::LANES) ? a.out - r0 : C::LANES;
}

// A walk's units (a token, or a pair of tokens in MM mode, on one lane tile of one pass), in
// the order every stage takes them: a cursor, so a stage is one loop over them.
struct WalkUnit {
  int t0, t1;   // the pass's tokens
  uint32_t r0;  // the tile's first row
  int t;        // the unit's (first) token
  bool two;     // an MM pair
};

inline int pass_end(const ArrayWalk& a, int t0) {
  ACCLLM_HLS(HLS INLINE)
  return t0 + a.block < a.tokens ? t0 + a.block : a.tokens;
}

inline void unit_start(const ArrayWalk& a, WalkUnit& u) {
  u.t0 = a.t_first;
  u.t1 = pass_end(a, u.t0);
  u.r0 = 0;
  u.t = u.t0;
  u.two = a.mm && u.t + 1 < u.t1;
}

template <class C>
inline void unit_next(const ArrayWalk& a, WalkUnit& u) {
  u.t += a.mm ? 2 : 1;
  if (u.t >= u.t1) {  // the tile's last unit: the next tile, or the next pass
    u.t = u.t0;
    u.r0 += C::LANES;
    if (u.r0 >= a.out) {
      u.r0 = 0;
      u.t0 += a.block;
      u.t1 = pass_end(a, u.t0);
      u.t = u.t0;
    }
  }
  u.two = a.mm && u.t + 1 < u.t1;
}

// Units of the walk: passes x tiles x units per pass.
template <class C>
inline uint32_t walk_units(const ArrayWalk& a) {
  const uint32_t tiles = (a.out + C::LANES - 1) / C::LANES;
  uint32_t units = 0;
  for (int t0 = a.t_first; t0 < a.tokens; t0 += a.block) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_BLOCKS)
    const int n = pass_end(a, t0) - t0;
    units += tiles * static_cast<uint32_t>(a.mm ? (n + 1) / 2 : n);
  }
  return units;
}

// The row writer's operands: y = sum * sx (+ bias) into the activation rows or the logits.
struct RowWrite {
  uint32_t scale_word;
  uint32_t out_word;
  bool to_logits;
  bool has_bias;
  uint32_t bias_slot;
};

// The activation window of step q of a pass over tokens t (and t + 1 when `two`): the
// codes from input q x window on (whole words, or a part of one word for windows under four
// codes).
template <class C>
inline void read_window(const State<C>& s, const RowFormat& f, uint32_t in_word, int t, bool two, uint32_t q,
                        Window<C>& w) {
  ACCLLM_HLS(HLS INLINE)
  const uint32_t first = q * f.window;
  const uint32_t lead = first & 3u;
  for (uint32_t k = 0; k < static_cast<uint32_t>(C::MAX_WINDOW_WORDS); ++k) {
    const bool in = 4 * k < lead + f.window;
    const uint32_t x0 = in ? s.act[t][in_word + (first >> 2) + k] : 0u;
    w.word[0][k] = x0;
    w.word[1][k] = in && two ? s.act[t + 1][in_word + (first >> 2) + k] : x0;
  }
}

// The window feed: every step's window, in the order the slices walk (passes, tiles, token
// pairs, steps), to every slice.
template <class C>
inline void feed_windows(const State<C>& s, const RowFormat& f, const ArrayWalk& a, uint32_t in_word,
                         WindowFifo<C> (&windows)[C::ARRAY_SLICES]) {
  WalkUnit u;
  unit_start(a, u);
  const uint32_t units = walk_units<C>(a);
  for (uint32_t n = 0; n < units; ++n) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_OUT / C::LANES * C::MAX_TOKENS)
    for (uint32_t q = 0; q < f.chunks; ++q) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_CHUNKS)
      Window<C> w;
      ACCLLM_HLS(HLS ARRAY_PARTITION variable = w.word type = complete dim = 0)
      read_window<C>(s, f, in_word, u.t, u.two, q, w);
      for (int k = 0; k < C::ARRAY_SLICES; ++k) {
        ACCLLM_HLS(HLS UNROLL)
        windows[k].write(w);
      }
    }
    unit_next<C>(a, u);
  }
}

// The array on one tile and one token (or a pair of tokens, MM mode), slice K's lanes:
// every cycle each lane takes one chunk word (its kept weights for the step), the 2:4
// select picks their operands from the step's window (registers, broadcast to all lanes),
// and at a group's end each lane's integer sum becomes f32(acc) * scale
// (golden.integer_linear). A group's zero point comes with its first chunk, its scale by
// its last. Every product is one DSP48E2 (dsp_mac_pair): MM packs two tokens in it, MV puts
// its token in the high field.
template <class C, int K>
inline void array_pass(WindowFifo<C>& windows, const TileWords<C>& tile, const RowFormat& f, uint32_t lanes, bool two,
                       float (&partial)[2][kSliceLanes<C>][C::MAX_GROUPS]) {
  DspPair dsp[kSliceLanes<C>];  // the lanes' accumulators: registers (an integer add a cycle)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = dsp type = complete)
  uint32_t meta[kSliceLanes<C>];  // the group's zero point and scale as they arrive
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = meta type = complete)
  uint32_t g = 0;
  uint32_t c = 0;
  for (uint32_t q = 0; q < f.chunks; ++q) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_CHUNKS)
    const Window<C> w = windows.read();
    const uint32_t lead = (q * f.window) & 3u;
    int8_t window[2][4 * C::MAX_WINDOW_WORDS];
    ACCLLM_HLS(HLS ARRAY_PARTITION variable = window type = complete dim = 0)
    for (uint32_t k = 0; k < static_cast<uint32_t>(C::MAX_WINDOW_WORDS); ++k) {
      for (uint32_t b = 0; b < 4; ++b) {
        window[0][4 * k + b] = static_cast<int8_t>(static_cast<uint8_t>(w.word[0][k] >> (8 * b)));
        window[1][4 * k + b] = static_cast<int8_t>(static_cast<uint8_t>(w.word[1][k] >> (8 * b)));
      }
    }
    for (uint32_t l = 0; l < static_cast<uint32_t>(kSliceLanes<C>); ++l) {
      ACCLLM_HLS(HLS UNROLL)
      if (global_lane<C, K>(l) >= lanes) continue;  // the last tile's idle lanes: constant per lane and tile
      const ChunkWord word = tile.chunk[l][q];
      if (c == 0) {
        dsp[l].p = 0;
        if (f.int8_rows)
          meta[l] = static_cast<uint32_t>(tile.meta[l][0]);
        else if (!C::LIN_META_IN_CHUNKS)
          meta[l] = word_bits(tile.meta[l][g / C::LIN_META_PER_WORD], (g % C::LIN_META_PER_WORD) * C::LIN_META_BITS,
                              C::LIN_META_BITS);
      }
      if (!f.int8_rows && C::LIN_META_IN_CHUNKS) {
        const uint32_t shift = c * C::LIN_CHUNK_SPARE_BITS;
        const uint32_t spare =
            shift < C::LIN_META_BITS ? word_bits(word, C::LIN_CHUNK_DATA_BITS, kMetaSpare<C>) << shift : 0u;
        meta[l] = (c == 0 ? 0u : meta[l]) | spare;
      }
      const uint32_t zero = f.int8_rows ? 0u : meta[l] & ((1u << C::LIN_BITS) - 1u);
      for (uint32_t j = 0; j < static_cast<uint32_t>(C::MAX_KEPT_PER_CHUNK); ++j) {
        ACCLLM_HLS(HLS UNROLL)
        if (j < f.kept) {
          uint32_t at;
          int32_t x;
          chunk_weight<C>(word, f, j, zero, at, x);
          const int32_t x0 = window[0][lead + at];
          const int32_t x1 = window[1][lead + at];
          dsp_mac_pair(dsp[l], two ? x0 : 0, x1, x);
        }
      }
      if (c == f.chunks_per_group - 1) {
        int32_t lo;
        int32_t hi;
        dsp_split(dsp[l], lo, hi);
        const float scale = f.int8_rows ? float_from_bits(meta[l])
                                        : half_to_float(static_cast<uint16_t>(meta[l] >> C::LIN_BITS));
        partial[0][l][g] = static_cast<float>(two ? lo : hi) * scale;
        partial[1][l][g] = two ? static_cast<float>(hi) * scale : 0.0f;
      }
    }
    if (++c == f.chunks_per_group) {
      c = 0;
      ++g;
    }
  }
}

// sum_g partial[t, g] for each of slice K's lanes and the pair's tokens (tree_sum_n's order:
// element i + half onto element i), then the sums to the row writer, a token at a time,
// DRAIN_LANES rows of a slot a word. The stages go a pair of elements a cycle for every lane
// of both tokens at once: partial -> ping -> pong -> ping ..., a loop per direction (no bank
// is read and written in one cycle); the sum ends in element 0 of the last buffer written
// (of partial itself for a single group).
template <class C, int K>
inline void group_tree(const float (&partial)[2][kSliceLanes<C>][C::MAX_GROUPS], const RowFormat& f, bool two,
                       LaneSumFifo<C>& sums) {
  const int groups = f.int8_rows ? 1 : static_cast<int>(f.groups);
  float ping[2][kSliceLanes<C>][C::GROUP_TREE_HALF];
  float pong[2][kSliceLanes<C>][C::GROUP_TREE_HALF];
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = ping type = complete dim = 1)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = ping type = complete dim = 2)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = pong type = complete dim = 1)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = pong type = complete dim = 2)
  // A bank per lane and token, GROUP_TREE_HALF floats deep: LUTRAM, not a block each.
  ACCLLM_HLS(HLS BIND_STORAGE variable = ping type = ram_2p impl = lutram)
  ACCLLM_HLS(HLS BIND_STORAGE variable = pong type = ram_2p impl = lutram)
  int width = 1;
  for (int w = 1; w < 2 * C::GROUP_TREE_HALF; w <<= 1) {
    if (width < groups) width <<= 1;
  }
  int half = width / 2;
  for (int i = 0; i < half; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = C::GROUP_TREE_HALF)
    for (int j = 0; j < 2; ++j) {
      for (int l = 0; l < kSliceLanes<C>; ++l)
        ping[j][l][i] = partial[j][l][i] + (i + half < groups ? partial[j][l][i + half] : 0.0f);
    }
  }
  int stages = half >= 1 ? 1 : 0;
  for (half /= 2; half >= 1; half /= 2, ++stages) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = 8)
    if (stages % 2 == 1) {
      for (int i = 0; i < half; ++i) {
        ACCLLM_HLS(HLS PIPELINE II = 1)
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::GROUP_TREE_HALF / 2)
        for (int j = 0; j < 2; ++j) {
          for (int l = 0; l < kSliceLanes<C>; ++l) pong[j][l][i] = ping[j][l][i] + ping[j][l][i + half];
        }
      }
    } else {
      for (int i = 0; i < half; ++i) {
        ACCLLM_HLS(HLS PIPELINE II = 1)
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::GROUP_TREE_HALF / 4)
        for (int j = 0; j < 2; ++j) {
          for (int l = 0; l < kSliceLanes<C>; ++l) ping[j][l][i] = pong[j][l][i] + pong[j][l][i + half];
        }
      }
    }
  }
  for (int j = 0; j < (two ? 2 : 1); ++j) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = 2)
    for (int w = 0; w < kSliceWords<C>; ++w) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      LaneSums<C> out;
      ACCLLM_HLS(HLS ARRAY_PARTITION variable = out.sum type = complete)
      for (int d = 0; d < C::DRAIN_LANES; ++d) {
        const int l = w * C::DRAIN_LANES + d;
        out.sum[d] = stages == 0 ? partial[j][l][0] : (stages % 2 == 1 ? ping[j][l][0] : pong[j][l][0]);
      }
      sums.write(out);
    }
  }
}

// ---------------------------------------------------------------------------------------
// LIN / LM_HEAD over the weight FIFOs
// ---------------------------------------------------------------------------------------

// Each weight channel's beats per matrix pass (LOAD_W's placement, weight channel i on read
// port read_port_of(i): check_program holds the placement to that).
template <class C>
struct Placement {
  uint32_t beats[C::WEIGHT_CHANNELS];
};

template <class C>
inline void placement_of(const Program<C>& p, uint32_t placement, Placement<C>& pl) {
  const uint32_t channels = const_count<C>(p, placement) / 3;
  for (uint32_t i = 0; i < static_cast<uint32_t>(C::WEIGHT_CHANNELS); ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    pl.beats[i] = i < channels ? static_cast<uint32_t>(const_i64<C>(p, placement, 2 * channels + i)) / kBeatBytes : 0u;
  }
}

// Lanes of a tile of `lanes` lanes that weight channel c feeds (lane l from channel l mod C,
// as its slot l / C).
template <class C>
inline uint32_t channel_lanes(uint32_t lanes, uint32_t c) {
  ACCLLM_HLS(HLS INLINE)
  return lanes > c ? (lanes - c + C::WEIGHT_CHANNELS - 1) / C::WEIGHT_CHANNELS : 0u;
}

// Chunk word j (0..7) of a beat.
inline ChunkWord beat_word(const Beat& beat, uint32_t j) {
  ACCLLM_HLS(HLS INLINE)
  ChunkWord w = 0;
  for (int b = 0; b < 8; ++b) w |= static_cast<ChunkWord>(beat.b[8 * j + static_cast<uint32_t>(b)]) << (8 * b);
  return w;
}

// One channel's walk over its beats of a tile: which word of the beat each of its lanes
// takes. A beat holds 8 words of the channel's K lanes step-major (word w: lane slot w mod K,
// its word w / K), so with K >= 8 a lane takes at most one word a beat; with fewer lanes a
// beat is split over ceil(8 / K) rounds, one word per lane per round.
struct ChannelWalk {
  uint32_t lanes;       // K
  uint32_t words;       // K x the row's words
  uint32_t steps;       // beats x rounds
  uint32_t rounds;      // per beat
  uint32_t round;
  uint32_t round_first; // round x K: the round's first word within the beat
  uint32_t first;       // the beat's first word
  uint32_t phase;       // first mod K
  uint32_t advance;     // 8 mod K
};

inline void walk_start(ChannelWalk& w, uint32_t lanes, uint32_t row_words) {
  w.lanes = lanes;
  w.words = lanes * row_words;
  const uint32_t beats = (w.words + 7) / 8;
  w.rounds = lanes == 0 ? 1 : (lanes >= 8 ? 1 : (8 + lanes - 1) / lanes);
  w.steps = beats * w.rounds;
  w.round = 0;
  w.round_first = 0;
  w.first = 0;
  w.phase = 0;
  w.advance = lanes == 0 ? 0 : 8 % lanes;
}

// The tile fetch of one tile for slice K: its channels' beats into its lanes' banks, all
// channels in parallel, a round a cycle; every bank is written at most once a cycle.
template <class C, int K>
inline void fetch_tile(BeatFifo<C> (&beats)[C::NUM_PORTS], const RowFormat& f, uint32_t lanes, TileWords<C>& tile,
                       uint32_t (&taken_beats)[kSliceChannels<C>]) {
  ChannelWalk walk[kSliceChannels<C>];
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = walk type = complete)
  Beat beat[kSliceChannels<C>];  // the beat each channel is splitting
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = beat type = complete)
  ACCLLM_HLS(HLS AGGREGATE variable = beat compact = bit)
  uint32_t taken[kSliceChannels<C>][kSlots<C>];  // words each lane has taken
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = taken type = complete dim = 0)
  int port[kSliceChannels<C>];
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = port type = complete)
  const uint32_t row_words = f.meta_words + f.chunks;
  uint32_t steps = 0;
  for (uint32_t c = 0; c < static_cast<uint32_t>(kSliceChannels<C>); ++c) {
    ACCLLM_HLS(HLS UNROLL)
    walk_start(walk[c], channel_lanes<C>(lanes, K * kSliceChannels<C> + c), row_words);
    port[c] = read_port_of<C>(K * kSliceChannels<C> + c);
    for (int k = 0; k < kSlots<C>; ++k) taken[c][k] = 0;
    taken_beats[c] += (walk[c].words + 7) / 8;
    if (walk[c].steps > steps) steps = walk[c].steps;
  }
  for (uint32_t i = 0; i < steps; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = (C::MAX_META_WORDS + C::MAX_CHUNKS) * kSlots<C> / 8 + 1)
    for (uint32_t c = 0; c < static_cast<uint32_t>(kSliceChannels<C>); ++c) {
      ACCLLM_HLS(HLS UNROLL)
      ChannelWalk& w = walk[c];
      if (i < w.steps) {
        if (w.round == 0) beat[c] = beats[port[c]].read();
        for (uint32_t k = 0; k < static_cast<uint32_t>(kSlots<C>); ++k) {
          ACCLLM_HLS(HLS UNROLL)
          const uint32_t l = k * kSliceChannels<C> + c;  // the slice's lane
          // The word of this round that is lane slot k's: round * K + (k - phase) mod K.
          const uint32_t rel = k + w.lanes - w.phase;
          const uint32_t j = w.round_first + (rel >= w.lanes ? rel - w.lanes : rel);
          if (l < static_cast<uint32_t>(kSliceLanes<C>) && k < w.lanes && j < 8 && w.first + j < w.words) {
            const ChunkWord word = beat_word(beat[c], j);
            const uint32_t n = taken[c][k];
            if (n < f.meta_words)
              tile.meta[l][n] = word;
            else
              tile.chunk[l][n - f.meta_words] = word;
            taken[c][k] = n + 1;
          }
        }
        w.round_first += w.lanes;
        if (++w.round == w.rounds) {
          w.round = 0;
          w.round_first = 0;
          w.first += 8;
          w.phase += w.advance;
          if (w.phase >= w.lanes) w.phase -= w.lanes;
        }
      }
    }
  }
}

// Slice K's tile fetch: each tile's words from its channels' beat FIFOs, a pass of the
// matrix per pass of the walk; after a pass, the beats a channel streamed past its tiles (a
// channel with no rows streams one) are popped.
template <class C, int K>
inline void tile_fetch(BeatFifo<C> (&beats)[C::NUM_PORTS], const Placement<C>& pl, const RowFormat& f,
                       const ArrayWalk& a, TileFifo<C>& tiles) {
  for (int t0 = a.t_first; t0 < a.tokens; t0 += a.block) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_BLOCKS)
    uint32_t taken[kSliceChannels<C>];
    ACCLLM_HLS(HLS ARRAY_PARTITION variable = taken type = complete)
    for (uint32_t c = 0; c < static_cast<uint32_t>(kSliceChannels<C>); ++c) {
      ACCLLM_HLS(HLS UNROLL)
      taken[c] = 0;
    }
    for (uint32_t r0 = 0; r0 < a.out; r0 += C::LANES) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_OUT / C::LANES)
      hls::write_lock<TileWords<C>> block(tiles);
      fetch_tile<C, K>(beats, f, tile_lanes<C>(a, r0), block, taken);
    }
    for (uint32_t c = 0; c < static_cast<uint32_t>(kSliceChannels<C>); ++c) {
      const uint32_t channel = K * kSliceChannels<C> + c;
      const int port = read_port_of<C>(channel);
      for (uint32_t b = taken[c]; b < pl.beats[channel]; ++b) {
        ACCLLM_HLS(HLS PIPELINE II = 1)
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = 1)
        (void)beats[port].read();
      }
    }
  }
}

// Slice K's array over every tile of every pass, a token (pair) at a time.
template <class C, int K>
inline void array_run(WindowFifo<C>& windows, TileFifo<C>& tiles, PartialFifo<C>& partials, const RowFormat& f,
                      const ArrayWalk& a) {
  for (int t0 = a.t_first; t0 < a.tokens; t0 += a.block) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_BLOCKS)
    const int t1 = t0 + a.block < a.tokens ? t0 + a.block : a.tokens;
    for (uint32_t r0 = 0; r0 < a.out; r0 += C::LANES) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_OUT / C::LANES)
      hls::read_lock<TileWords<C>> block(tiles);
      const TileWords<C>& tile = block;
      for (int t = t0; t < t1; t += a.mm ? 2 : 1) {
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MM_TOKEN_BLOCK)
        hls::write_lock<TilePartials<C>> block_sums(partials);
        TilePartials<C>& sums = block_sums;
        array_pass<C, K>(windows, tile, f, tile_lanes<C>(a, r0), a.mm && t + 1 < t1, sums.partial);
      }
    }
  }
}

// Slice K's adder tree: the same walk as array_run.
template <class C, int K>
inline void tree_run(PartialFifo<C>& partials, LaneSumFifo<C>& sums, const RowFormat& f, const ArrayWalk& a) {
  WalkUnit u;
  unit_start(a, u);
  const uint32_t units = walk_units<C>(a);
  for (uint32_t n = 0; n < units; ++n) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_OUT / C::LANES * C::MAX_TOKENS)
    hls::read_lock<TilePartials<C>> block_sums(partials);
    const TilePartials<C>& block = block_sums;
    group_tree<C, K>(block.partial, f, u.two, sums);
    unit_next<C>(a, u);
  }
}

// Slice K: its tile fetch, array and adder tree overlap (DATAFLOW) through its tile and
// partial-sum streams of blocks; in from its beat FIFOs and the window feed, out to the row
// writer.
template <class C, int K>
inline void array_slice(BeatFifo<C> (&beats)[C::NUM_PORTS], const Placement<C>& pl, const RowFormat& f,
                        const ArrayWalk& a, WindowFifo<C>& windows, LaneSumFifo<C>& sums) {
  ACCLLM_HLS(HLS DATAFLOW)
  static_assert(C::WEIGHT_CHANNELS % C::ARRAY_SLICES == 0, "a slice owns a whole share of the weight channels");
  static_assert(C::ARRAY_SLICES == 1 || C::LANES % C::WEIGHT_CHANNELS == 0, "slices cut whole slots");
  static_assert(kSliceChannels<C> % C::DRAIN_LANES == 0 && kSliceLanes<C> % C::DRAIN_LANES == 0,
                "the row sums travel DRAIN_LANES of a slot at a time");
  TileFifo<C> tiles;
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = tiles.chunk type = complete dim = 1)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = tiles.meta type = complete dim = 1)
  ACCLLM_SIM_NAME(tiles, "tiles");
  PartialFifo<C> partials;
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = partials.partial type = complete dim = 1)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = partials.partial type = complete dim = 2)
  ACCLLM_HLS(HLS BIND_STORAGE variable = partials.partial type = ram_2p impl = lutram)
  ACCLLM_SIM_NAME(partials, "partials");
  ACCLLM_PROCESS(tile_fetch<C, K>(beats, pl, f, a, tiles));
  ACCLLM_PROCESS(array_run<C, K>(windows, tiles, partials, f, a));
  ACCLLM_PROCESS(tree_run<C, K>(partials, sums, f, a));
  ACCLLM_DATAFLOW_JOIN();
}

// The row writer: y[t] = sum * sx[t] (+ bias) for every row of a tile, from the slices' row
// sums in the order they send them (a token, then each slot's rows slice by slice), into the
// activation rows (or the logits), DRAIN_LANES rows a cycle.
template <class C>
inline void write_rows(State<C>& s, LaneSumFifo<C> (&sums)[C::ARRAY_SLICES], const ArrayWalk& a, const RowWrite& r) {
  WalkUnit u;
  unit_start(a, u);
  const uint32_t units = walk_units<C>(a);
  for (uint32_t n = 0; n < units; ++n) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_OUT / C::LANES * C::MAX_TOKENS)
    const uint32_t lanes = tile_lanes<C>(a, u.r0);
    for (int j = 0; j < (u.two ? 2 : 1); ++j) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = 2)
      const float sx = act_f<C>(s, u.t + j, r.scale_word);
      // Slice by slice, each slot's rows: slice k's words of slot `slot` are rows
      // slot x C + k x SC + [0, SC). One loop (one pipeline) over all of them.
      int k = 0;
      int slot = 0;
      int word = 0;
      for (int m = 0; m < C::ARRAY_SLICES * kSliceWords<C>; ++m) {
        ACCLLM_HLS(HLS PIPELINE II = 1)
        const LaneSums<C> v = sums[k].read();
        for (int d = 0; d < C::DRAIN_LANES; ++d) {
          const uint32_t l = static_cast<uint32_t>(slot * C::WEIGHT_CHANNELS + k * kSliceChannels<C> +
                                                   word * C::DRAIN_LANES + d);
          if (l < lanes) {
            float y = v.sum[d] * sx;
            if (r.has_bias) y = y + s.vectors[r.bias_slot][u.r0 + l];
            if (r.to_logits)
              s.logits[u.r0 + l] = y;
            else
              set_act_f<C>(s, u.t + j, r.out_word + u.r0 + l, y);
          }
        }
        if (++word == kSliceChannels<C> / C::DRAIN_LANES) {
          word = 0;
          if (++slot == kSlots<C>) {
            slot = 0;
            ++k;
          }
        }
      }
    }
    unit_next<C>(a, u);
  }
}

// The array's DATAFLOW region (generated in accllm_top.cpp: the window feed, one
// array_slice<K> per slice, the row writer).
template <class C>
void array_region(State<C>& s, BeatFifo<C> (&beats)[C::NUM_PORTS], const Placement<C>& pl, const RowFormat& f,
                  const ArrayWalk& a, uint32_t in_word, const RowWrite& r);

// LIN / LM_HEAD: the matrix's format, placement and walk, then the array's region.
template <class C>
inline void linear(State<C>& s, const Program<C>& p, const Values<C>& v, const Word& w, int tokens, uint32_t out_word,
                   BeatFifo<C> (&beats)[C::NUM_PORTS]) {
  const bool head = field(w, 0, 6) == isa::OP_LM_HEAD;
  const uint32_t input = head ? field(w, isa::LM_HEAD_input_LO, isa::LM_HEAD_input_BITS)
                              : field(w, isa::LIN_input_LO, isa::LIN_input_BITS);
  const uint32_t weights = head ? field(w, isa::LM_HEAD_weights_LO, isa::LM_HEAD_weights_BITS)
                                : field(w, isa::LIN_weights_LO, isa::LIN_weights_BITS);
  const bool mm = !head && field(w, isa::FLAG0_LO, 1) != 0;
  const bool has_bias = !head && field(w, isa::FLAG1_LO, 1) != 0;
  const uint32_t bias = field(w, isa::LIN_bias_LO, isa::LIN_bias_BITS);
  const Word load = producer_word<C>(p, v, weights);
  const RowFormat f = row_format<C>(load, field(load, isa::FLAG0_LO, 1) != 0, head);
  Placement<C> pl;
  placement_of<C>(p, field(load, isa::LOAD_W_placement_LO, isa::LOAD_W_placement_BITS), pl);
  // MM: a pass of the matrix per token block; MV: one pass for the call; LM_HEAD: one pass
  // for the last token.
  ArrayWalk a;
  a.out = field(load, isa::LOAD_W_out_LO, isa::LOAD_W_out_BITS);
  a.t_first = head ? tokens - 1 : 0;
  a.tokens = tokens;
  a.block = head ? 1 : (mm ? C::MM_TOKEN_BLOCK : tokens);
  a.mm = mm;
  const uint32_t in_word = static_cast<uint32_t>(s.row_offset[input]) / 4;
  RowWrite r;
  r.scale_word = qact_scale_word(in_word, v.width[input]);
  r.out_word = out_word;
  r.to_logits = head;
  r.has_bias = has_bias;
  r.bias_slot = s.vector_slot[bias];
  array_region<C>(s, beats, pl, f, a, in_word, r);
}

}  // namespace accllm

#endif  // ACCLLM_ARRAY_H
