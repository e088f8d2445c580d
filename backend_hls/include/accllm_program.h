// accllm_program.h -- The program window: the image's words on chip, its constants, the SSA value table.
// Part of the header library (accllm_engine.h includes the units in dependency order;
// accllm_isa.h comes first). Templated on the configuration struct C (accllm_defaults.h).
#ifndef ACCLLM_PROGRAM_H
#define ACCLLM_PROGRAM_H

#include "accllm_state.h"

namespace accllm {

// ---------------------------------------------------------------------------------------
// The program window
// ---------------------------------------------------------------------------------------

// One process's on-chip copy of the program image, and where its sections start.
template <class C>
struct Program {
  uint32_t words[C::PROGRAM_WORDS];
  uint32_t constant_at[C::MAX_CONSTANTS];
  uint32_t words_at;
  uint32_t first;       // the call's program: its first instruction
  uint32_t count;       // and how many
  uint32_t buffer_map;  // constant: buffer offset per SSA value
};

template <class C>
inline uint32_t prog_u32(const Program<C>& p, uint32_t byte) { return p.words[byte / 4]; }
template <class C>
inline uint16_t prog_u16(const Program<C>& p, uint32_t byte) {
  return static_cast<uint16_t>(p.words[byte / 4] >> (8 * (byte % 4)));
}
template <class C>
inline Word prog_word(const Program<C>& p, uint32_t index) {
  const uint32_t at = (p.words_at + isa::WORD_BYTES * index) / 4;
  Word w = 0;
  for (int i = 0; i < 4; ++i) {
    ACCLLM_HLS(HLS UNROLL)
    w.range(32 * i + 31, 32 * i) = p.words[at + i];
  }
  return w;
}

// Element count of constant `c`, and its elements.
template <class C>
inline uint32_t const_count(const Program<C>& p, uint32_t c) { return prog_u32<C>(p, p.constant_at[c] + 4); }
template <class C>
inline int64_t prog_i64(const Program<C>& p, uint32_t byte) {
  const uint64_t lo = prog_u32<C>(p, byte), hi = prog_u32<C>(p, byte + 4);
  return static_cast<int64_t>(lo | hi << 32);
}
template <class C>
inline int64_t const_i64(const Program<C>& p, uint32_t c, uint32_t i) {
  return prog_i64<C>(p, p.constant_at[c] + 8 + 8 * i);
}
template <class C>
inline float const_f32(const Program<C>& p, uint32_t c, uint32_t i) {
  return float_from_bits(prog_u32<C>(p, p.constant_at[c] + 8 + 4 * i));
}

// The SSA values of the running program as LD and EX both number them: the instruction
// that defined each and its width (elements per token).
template <class C>
struct Values {
  uint32_t producer[C::MAX_VALUES];
  uint32_t width[C::MAX_VALUES];
  uint32_t next;
};

template <class C>
inline void values_reset(Values<C>& v) {
  v.next = 1;  // %0 is the call's tokens
  v.width[0] = 0;
}

// The LOAD_W word that defined weights value `value`.
template <class C>
inline Word producer_word(const Program<C>& p, const Values<C>& v, uint32_t value) {
  return prog_word<C>(p, v.producer[value]);
}

// Number the result of instruction `index` (0: it has none) and record its width.
template <class C>
inline uint32_t define_value(const Program<C>& p, Values<C>& v, const Word& w, uint32_t op, uint32_t index) {
  if (op >= isa::OPCODES || !isa::kHasResult[op] || v.next >= static_cast<uint32_t>(C::MAX_VALUES)) return 0;
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
    case isa::OP_SOFTCAP: width = v.width[field(w, isa::SOFTCAP_input_LO, isa::SOFTCAP_input_BITS)]; break;
    case isa::OP_GATED_MUL:
    case isa::OP_ADD: width = v.width[field(w, isa::ADD_lhs_LO, isa::ADD_lhs_BITS)]; break;
    case isa::OP_LIN:
      width = field(producer_word<C>(p, v, field(w, isa::LIN_weights_LO, isa::LIN_weights_BITS)), isa::LOAD_W_out_LO,
                    isa::LOAD_W_out_BITS);
      break;
    case isa::OP_LM_HEAD:
      width = field(producer_word<C>(p, v, field(w, isa::LM_HEAD_weights_LO, isa::LM_HEAD_weights_BITS)),
                    isa::LOAD_W_out_LO, isa::LOAD_W_out_BITS);
      break;
    default: break;
  }
  v.width[result] = width;
  return result;
}

}  // namespace accllm

#endif  // ACCLLM_PROGRAM_H
