// accllm_array.h -- The linear array (LIN / LM_HEAD): the packed row format, the 2:4 decode, the lanes x KEPT_PER_LANE pass, its epilogue, and the tile fetch / array / drain DATAFLOW over the weight FIFOs.
// Part of the header library (accllm_engine.h includes the units in dependency order;
// accllm_config.h and accllm_isa.h come first).
#ifndef ACCLLM_ARRAY_H
#define ACCLLM_ARRAY_H

#include "accllm_hbm.h"

namespace accllm {

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
  DspPair dsp[cfg::LANES];  // the lanes' accumulators: registers (an integer add a cycle)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = dsp type = complete)
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
// activation buffer (or the logits): the adder tree's stages over the groups with every
// lane in step, then the rows SFU_LANES a cycle (the activation buffer's banks).
inline void array_epilogue(State& s, const float (&partial)[2][cfg::LANES][cfg::MAX_GROUPS], const RowFormat& f,
                           uint32_t r0, uint32_t lanes, uint32_t scale_word, int t, bool two, uint32_t out_word,
                           bool to_logits, bool has_bias, uint32_t bias_slot) {
  const int groups = f.int8_rows ? 1 : static_cast<int>(f.groups);
  float ping[2][cfg::LANES][cfg::GROUP_TREE_HALF];
  float pong[2][cfg::LANES][cfg::GROUP_TREE_HALF];
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = ping type = complete dim = 1)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = ping type = complete dim = 2)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = pong type = complete dim = 1)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = pong type = complete dim = 2)
  int width = 1;
  for (int w = 1; w < 2 * cfg::GROUP_TREE_HALF; w <<= 1) {
    if (width < groups) width <<= 1;
  }
  // The tree's stages (tree_sum_n's order: element i + half onto element i), a pair of
  // elements a cycle for every lane of both tokens at once: partial -> ping -> pong -> ping
  // ..., a loop per direction (no bank is read and written in one cycle); the sum ends in
  // element 0 of the last buffer written (of partial itself for a single group).
  int half = width / 2;
  for (int i = 0; i < half; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = cfg::GROUP_TREE_HALF)
    for (int j = 0; j < 2; ++j) {
      for (int l = 0; l < cfg::LANES; ++l)
        ping[j][l][i] = partial[j][l][i] + (i + half < groups ? partial[j][l][i + half] : 0.0f);
    }
  }
  int stages = half >= 1 ? 1 : 0;
  for (half /= 2; half >= 1; half /= 2, ++stages) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = 8)
    if (stages % 2 == 1) {
      for (int i = 0; i < half; ++i) {
        ACCLLM_HLS(HLS PIPELINE II = 1)
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::GROUP_TREE_HALF / 2)
        for (int j = 0; j < 2; ++j) {
          for (int l = 0; l < cfg::LANES; ++l) pong[j][l][i] = ping[j][l][i] + ping[j][l][i + half];
        }
      }
    } else {
      for (int i = 0; i < half; ++i) {
        ACCLLM_HLS(HLS PIPELINE II = 1)
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::GROUP_TREE_HALF / 4)
        for (int j = 0; j < 2; ++j) {
          for (int l = 0; l < cfg::LANES; ++l) ping[j][l][i] = pong[j][l][i] + pong[j][l][i + half];
        }
      }
    }
  }
  for (int j = 0; j < (two ? 2 : 1); ++j) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = 2)
    const float sx = act_f(s, t + j, scale_word);
    for (uint32_t l = 0; l < lanes; ++l) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS UNROLL factor = cfg::SFU_LANES)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = cfg::LANES)
      const float sum = stages == 0 ? partial[j][l][0] : (stages % 2 == 1 ? ping[j][l][0] : pong[j][l][0]);
      float y = sum * sx;
      if (has_bias) y = y + s.vectors[bias_slot][r0 + l];
      if (to_logits)
        s.logits[r0 + l] = y;
      else
        set_act_f(s, t + j, out_word + r0 + l, y);
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
  ByteReader readers[cfg::WEIGHT_CHANNELS];  // a register beat per channel
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = readers type = complete)
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = readers.beat.b type = complete)
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
        hls::write_lock<TilePartials> block_sums(partials);
        TilePartials& sums = block_sums;
        array_pass(s, tile, f, lanes, in_word, t, two, sums.partial);
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
        hls::read_lock<TilePartials> block_sums(partials);
        const TilePartials& sums = block_sums;
        array_epilogue(s, sums.partial, f, r0, lanes, scale_word, t,
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
    ACCLLM_HLS(HLS ARRAY_PARTITION variable = partials.partial type = complete dim = 1)
    ACCLLM_HLS(HLS ARRAY_PARTITION variable = partials.partial type = complete dim = 2)
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

}  // namespace accllm

#endif  // ACCLLM_ARRAY_H
