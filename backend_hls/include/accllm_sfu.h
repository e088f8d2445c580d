// accllm_sfu.h -- The special-function unit: RMSNorm, A8 quantize, RoPE.
// Part of the header library (accllm_engine.h includes the units in dependency order;
// accllm_isa.h comes first). Templated on the configuration struct C (accllm_defaults.h).
#ifndef ACCLLM_SFU_H
#define ACCLLM_SFU_H

#include "accllm_program.h"

namespace accllm {

// ---------------------------------------------------------------------------------------
// SFU
// ---------------------------------------------------------------------------------------

template <class C>
inline void sfu_rmsnorm(State<C>& s, int tokens, uint32_t in_word, uint32_t width, uint32_t groups, uint32_t slot,
                        float eps, uint32_t out_word) {
  // `groups` equal parts of the row (a query's or key's heads) each normalized on its own
  // with the one part-wide weight; 1 for a norm over the whole row.
  const uint32_t part = width / groups;
  for (int t = 0; t < tokens; ++t) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_TOKENS)
    float x[C::MAX_WIDTH];
    float y[C::MAX_WIDTH];
    ACCLLM_HLS(HLS ARRAY_PARTITION variable = x type = cyclic factor = C::SFU_LANES)
    ACCLLM_HLS(HLS ARRAY_PARTITION variable = y type = cyclic factor = C::SFU_LANES)
    read_act_row<C, C::MAX_WIDTH>(s, t, in_word, width, x);
    for (uint32_t g = 0; g < groups; ++g) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_HEADS)
      rmsnorm_row_n<C::MAX_WIDTH, C::SFU_LANES>(x + g * part, s.vectors[slot], static_cast<int>(part), eps,
                                                y + g * part);
    }
    write_act_row<C, C::MAX_WIDTH>(s, t, out_word, width, y);
  }
}

// QUANT: A8 per token (quantize_symmetric_n's arithmetic) in two passes over the row: the
// read with the running maxima, then the codes written as they are rounded.
template <class C>
inline void sfu_quantize(State<C>& s, int tokens, uint32_t in_word, uint32_t width, uint32_t out_word) {
  for (int t = 0; t < tokens; ++t) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_TOKENS)
    float x[C::MAX_WIDTH];
    float lane_max[C::SFU_LANES];
    ACCLLM_HLS(HLS ARRAY_PARTITION variable = x type = cyclic factor = C::SFU_LANES)
    ACCLLM_HLS(HLS ARRAY_PARTITION variable = lane_max type = complete)
    for (int l = 0; l < C::SFU_LANES; ++l) lane_max[l] = 0.0f;
    for (uint32_t i = 0; i < width; ++i) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS UNROLL factor = C::SFU_LANES)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_WIDTH)
      x[i] = act_f<C>(s, t, in_word + i);
      const float a = abs_f32(x[i]);
      float& m = lane_max[i % C::SFU_LANES];
      m = a > m ? a : m;
    }
    float m = 0.0f;
    for (int l = 0; l < C::SFU_LANES; ++l) m = lane_max[l] > m ? lane_max[l] : m;
    const SymmetricScale q = symmetric_scale<8>(m);
    for (uint32_t i = 0; i < width; ++i) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS UNROLL factor = C::SFU_LANES)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_WIDTH)
      set_act_code<C>(s, t, out_word, i, symmetric_code<8>(x[i], q));
    }
    set_act_f<C>(s, t, qact_scale_word(out_word, width), q.scale);
  }
}

// The first `n` RoPE frequencies of float32 constant `c`.
template <class C>
inline void read_inv_freq(const Program<C>& p, uint32_t c, uint32_t n, float* inv_freq) {
  for (uint32_t k = 0; k < n; ++k) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::HEAD_DIM / 2)
    inv_freq[k] = const_f32<C>(p, c, k);
  }
}

// ROPE: every head of every token rotated at its position (GoldenModel._rope).
template <class C>
inline void sfu_rope(State<C>& s, const Program<C>& p, const Values<C>& v, const Word& w, int tokens, int32_t position,
                     uint32_t out_word) {
  const uint32_t input = field(w, isa::ROPE_input_LO, isa::ROPE_input_BITS);
  const uint32_t heads = field(w, isa::ROPE_heads_LO, isa::ROPE_heads_BITS);
  const uint32_t freq_c = field(w, isa::ROPE_inv_freq_LO, isa::ROPE_inv_freq_BITS);
  const float scaling = const_f32<C>(p, field(w, isa::ROPE_scaling_LO, isa::ROPE_scaling_BITS), 0);
  const uint32_t dim = v.width[input] / heads;
  const uint32_t in_word = static_cast<uint32_t>(s.row_offset[input]) / 4;
  float inv_freq[C::HEAD_DIM / 2];
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = inv_freq type = cyclic factor = C::SFU_LANES)
  read_inv_freq<C>(p, freq_c, dim / 2, inv_freq);
  for (int t = 0; t < tokens; ++t) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_TOKENS)
    for (uint32_t h = 0; h < heads; ++h) {
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_HEADS)
      float x[C::HEAD_DIM];
      float y[C::HEAD_DIM];
      ACCLLM_HLS(HLS ARRAY_PARTITION variable = x type = cyclic factor = C::SFU_LANES)
      ACCLLM_HLS(HLS ARRAY_PARTITION variable = y type = cyclic factor = C::SFU_LANES)
      read_act_row<C, C::HEAD_DIM>(s, t, in_word + h * dim, dim, x);
      rope_row_n<C::HEAD_DIM, C::SFU_LANES>(x, position + t, inv_freq, scaling, static_cast<int>(dim), y);
      write_act_row<C, C::HEAD_DIM>(s, t, out_word + h * dim, dim, y);
    }
  }
}

}  // namespace accllm

#endif  // ACCLLM_SFU_H
