// accllm_run.h -- The call: open_call (fetch, index, check), LD (load_unit), EX (execute), ST, close_call.
// Part of the header library (accllm_engine.h includes the units in dependency order;
// accllm_isa.h comes first). Templated on the configuration struct C (accllm_defaults.h).
#ifndef ACCLLM_RUN_H
#define ACCLLM_RUN_H

#include "accllm_array.h"
#include "accllm_attention.h"

namespace accllm {

// ---------------------------------------------------------------------------------------
// The call: open (fetch + check), LD, EX, close
// ---------------------------------------------------------------------------------------

// What the sequential stages before and after the DATAFLOW region share with it.
template <class C>
struct Call {
  Program<C> ld;  // LD's window
  Program<C> ex;  // EX's window
  int32_t ld_ids[C::MAX_TOKENS];
  int32_t ex_ids[C::MAX_TOKENS];
  uint32_t tokens;
  int32_t position;
  Status status;
  uint64_t instructions;
  uint64_t read_bytes[C::NUM_PORTS];
  uint64_t written_bytes[C::NUM_WRITE_PORTS];
};

// The image's header and constant table: kOk or why not (the window holds the image).
template <class C>
inline Status index_program(Program<C>& p, uint32_t program_index) {
  if (prog_u32<C>(p, isa::HEADER_MAGIC_AT) != isa::MAGIC_LO ||
      prog_u32<C>(p, isa::HEADER_MAGIC_AT + 4) != isa::MAGIC_HI || prog_u16<C>(p, isa::HEADER_VERSION_AT) != isa::VERSION)
    return kBadMagic;
  const uint32_t flags = prog_u16<C>(p, isa::HEADER_FLAGS_AT);
  const uint32_t ints = prog_u16<C>(p, isa::HEADER_CONFIG_INTS_AT);
  const uint32_t board_bytes = prog_u16<C>(p, isa::HEADER_BOARD_BYTES_AT);
  const uint32_t programs = prog_u32<C>(p, isa::HEADER_PROGRAMS_AT);
  const uint32_t instructions = prog_u32<C>(p, isa::HEADER_INSTRUCTIONS_AT);
  const uint32_t constants = prog_u32<C>(p, isa::HEADER_CONSTANTS_AT);
  const uint32_t row_bytes = prog_u32<C>(p, isa::HEADER_ROW_BYTES_AT);
  if (ints != C::CONFIG_INTS || row_bytes != C::ACT_ROW_BYTES) return kConfigMismatch;
  for (uint32_t i = 0; i < C::CONFIG_INTS; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    if (prog_u32<C>(p, isa::HEADER_BYTES + 4 * i) != C::CONFIG[i]) return kConfigMismatch;
  }
  if ((flags & 3u) != 3u) return kNotAllocated;
  if (program_index >= programs) return kBadProgram;
  if (constants > C::MAX_CONSTANTS) return kConfigMismatch;
  const uint32_t entries_at = (isa::HEADER_BYTES + 4 * ints + board_bytes + isa::WORD_BYTES - 1) / isa::WORD_BYTES *
                              isa::WORD_BYTES;
  p.words_at = entries_at + isa::ENTRY_BYTES * programs;
  uint32_t at = p.words_at + isa::WORD_BYTES * instructions;
  const uint32_t end = at + prog_u32<C>(p, isa::HEADER_TABLE_BYTES_AT);
  if (end > 4u * C::PROGRAM_WORDS) return kConfigMismatch;
  for (uint32_t c = 0; c < constants; ++c) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_CONSTANTS)
    p.constant_at[c] = at;
    const uint32_t kind = prog_u32<C>(p, at);
    const uint32_t n = prog_u32<C>(p, at + 4);
    const uint32_t payload = n * (kind == 0 ? 1 : (kind == 1 ? 8 : 4));
    at += 8 + (payload + 7) / 8 * 8;
    if (at > end) return kConfigMismatch;
  }
  const uint32_t entry = entries_at + isa::ENTRY_BYTES * program_index;
  p.buffer_map = prog_u16<C>(p, entry + isa::ENTRY_BUFFER_MAP_AT);
  p.first = prog_u32<C>(p, entry + isa::ENTRY_FIRST_AT);
  p.count = prog_u32<C>(p, entry + isa::ENTRY_COUNT_AT);
  if (prog_u32<C>(p, entry + isa::ENTRY_VALUES_AT) > C::MAX_VALUES || p.first + p.count > instructions)
    return kConfigMismatch;
  return kOk;
}

// A matrix the array's tile buffers hold, placed on every weight channel in order (weight
// channel i is HBM channel i, passes/engine_tiling.weight_channel_ids).
template <class C>
inline bool fits_array(const Program<C>& p, const Word& load, const RowFormat& f) {
  const uint32_t placement = field(load, isa::LOAD_W_placement_LO, isa::LOAD_W_placement_BITS);
  const uint32_t channels = const_count<C>(p, placement) / 3;
  bool in_order = channels == static_cast<uint32_t>(C::WEIGHT_CHANNELS);
  for (uint32_t i = 0; i < channels; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::WEIGHT_CHANNELS)
    if (const_i64<C>(p, placement, i) != static_cast<int64_t>(i)) in_order = false;
  }
  return in_order && f.chunks <= static_cast<uint32_t>(C::MAX_CHUNKS) &&
         f.meta_words <= static_cast<uint32_t>(C::MAX_META_WORDS) && f.in <= static_cast<uint32_t>(C::MAX_IN);
}

// Every instruction of the call's program within this build's limits: kOk or why not.
template <class C>
inline Status check_program(const Program<C>& p, const int32_t* ids, uint32_t tokens) {
  Values<C> v;
  values_reset<C>(v);
  for (uint32_t i = p.first; i < p.first + p.count; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_INSTRUCTIONS)
    const Word w = prog_word<C>(p, i);
    const uint32_t op = field(w, 0, 6);
    if (op >= isa::OPCODES) return kBadInstruction;
    if (isa::kHasResult[op] && define_value<C>(p, v, w, op, i) == 0) return kBadInstruction;
    if (op == isa::OP_END) break;
    if (op == isa::OP_LOAD_EMB) {
      const uint32_t width = field(w, isa::LOAD_EMB_width_LO, isa::LOAD_EMB_width_BITS);
      const uint32_t rows = field(w, isa::LOAD_EMB_rows_LO, isa::LOAD_EMB_rows_BITS);
      for (uint32_t t = 0; t < tokens; ++t) {
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_TOKENS)
        if (ids[t] < 0 || static_cast<uint32_t>(ids[t]) >= rows || width > static_cast<uint32_t>(C::MAX_WIDTH))
          return kBadToken;
      }
    } else if (op == isa::OP_LOAD_VEC) {
      if (field(w, isa::LOAD_VEC_width_LO, isa::LOAD_VEC_width_BITS) > static_cast<uint32_t>(C::MAX_VECTOR))
        return kUnsupported;
    } else if (op == isa::OP_QUANT) {
      if (field(w, isa::QUANT_bits_LO, isa::QUANT_bits_BITS) != 8) return kUnsupported;
    } else if (op == isa::OP_LIN) {
      const Word load = producer_word<C>(p, v, field(w, isa::LIN_weights_LO, isa::LIN_weights_BITS));
      const RowFormat f = row_format<C>(load, field(load, isa::FLAG0_LO, 1) != 0, false);
      const bool built_for = f.bits == C::LIN_BITS && f.group == C::LIN_GROUP && f.n == C::LIN_N &&
                             f.m == C::LIN_M && (f.sparse && f.code3) == C::LIN_CODE3;
      if (!built_for || !fits_array<C>(p, load, f)) return kUnsupported;
    } else if (op == isa::OP_LM_HEAD) {
      const Word load = producer_word<C>(p, v, field(w, isa::LM_HEAD_weights_LO, isa::LM_HEAD_weights_BITS));
      if (!fits_array<C>(p, load, row_format<C>(load, false, true))) return kUnsupported;
    } else if (op == isa::OP_ATT) {
      const uint32_t shape = field(w, isa::ATT_shape_LO, isa::ATT_shape_BITS);
      // A layer's Λ must fit the ring: no more sinks than its fixed slots, and a window when
      // the ring wraps (C::WINDOW != 0), no wider than it.
      const int64_t sinks = const_i64<C>(p, shape, 1);
      const int64_t window = const_i64<C>(p, shape, 2);
      if (sinks > C::SINKS || (C::WINDOW != 0 && (window == 0 || window > C::WINDOW))) return kConfigMismatch;
      const uint32_t kv_heads = v.width[field(w, isa::ATT_keys_LO, isa::ATT_keys_BITS)] / C::HEAD_DIM;
      const int64_t heads = const_i64<C>(p, shape, 0);
      if (kv_heads > static_cast<uint32_t>(C::MAX_KV_HEADS) || heads != static_cast<int64_t>(kv_heads) * C::GROUP)
        return kConfigMismatch;
    } else if (op == isa::OP_STORE_KV) {
      if (field(w, isa::STORE_KV_bits_LO, isa::STORE_KV_bits_BITS) != static_cast<uint32_t>(C::KV_BITS))
        return kUnsupported;
    }
  }
  return kOk;
}

// Before the DATAFLOW region: one burst of the program image into LD's and EX's windows,
// the token ids, and the checks. A call that fails them runs an empty program (count 0).
template <class C>
inline void open_call(const Beat* program, const int32_t* token_ids, uint32_t program_index, uint32_t tokens,
                      uint32_t position, Call<C>& call) {
  for (uint32_t b = 0; b < static_cast<uint32_t>(C::PROGRAM_WORDS / 16); ++b) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HBM(C::MISC_CHANNEL, b, true);
    Beat beat = program[b];
    ACCLLM_HLS(HLS ARRAY_PARTITION variable = beat.b type = complete)
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
  for (int p = 0; p < C::NUM_PORTS; ++p) {
    ACCLLM_HLS(HLS UNROLL)
    call.read_bytes[p] = 0;
  }
  for (int p = 0; p < C::NUM_WRITE_PORTS; ++p) {
    ACCLLM_HLS(HLS UNROLL)
    call.written_bytes[p] = 0;
  }
  Status status = index_program<C>(call.ld, program_index);
  if (status == kOk && (tokens == 0 || tokens > static_cast<uint32_t>(C::MAX_TOKENS))) status = kTooManyTokens;
  if (status == kOk && C::WINDOW == 0 && position + tokens > static_cast<uint32_t>(C::KV_SLOTS))
    status = kContextFull;
  const uint32_t ids = status == kOk ? tokens : 0;
  for (uint32_t t = 0; t < ids; ++t) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_TOKENS)
    if (t % 16 == 0) ACCLLM_HBM(C::MISC_CHANNEL, t / 16, true);
    const int32_t id = token_ids[t];
    call.ld_ids[t] = id;
    call.ex_ids[t] = id;
  }
  if (status == kOk) status = check_program<C>(call.ld, call.ld_ids, tokens);
  if (status != kOk) call.ld.count = 0;  // the DATAFLOW region runs, empty
  if (status == kOk) {  // EX's window: the same image, the same index
    call.ex.words_at = call.ld.words_at;
    call.ex.first = call.ld.first;
    call.ex.count = call.ld.count;
    call.ex.buffer_map = call.ld.buffer_map;
    for (uint32_t c = 0; c < static_cast<uint32_t>(C::MAX_CONSTANTS); ++c) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      call.ex.constant_at[c] = call.ld.constant_at[c];
    }
  }
  call.ex.count = call.ld.count;
  call.status = status;
}

// LD: every load of the program as burst commands, in program order.
template <class C>
inline void load_unit(const Program<C>& p, const int32_t* ids, uint32_t tokens, int32_t position,
                      CmdFifo<C> (&cmds)[C::NUM_PORTS]) {
  Values<C> v;
  values_reset<C>(v);
  for (uint32_t i = p.first; i < p.first + p.count; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_INSTRUCTIONS)
    const Word w = prog_word<C>(p, i);
    const uint32_t op = field(w, 0, 6);
    define_value<C>(p, v, w, op, i);
    if (op == isa::OP_END) break;
    if (op == isa::OP_LOAD_EMB) {
      const uint32_t width = field(w, isa::LOAD_EMB_width_LO, isa::LOAD_EMB_width_BITS);
      const uint32_t placement = field(w, isa::LOAD_EMB_placement_LO, isa::LOAD_EMB_placement_BITS);
      const uint32_t n = const_count<C>(p, placement) / 2;
      for (uint32_t t = 0; t < tokens; ++t) {
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_TOKENS)
        const uint32_t id = static_cast<uint32_t>(ids[t]);
        const uint64_t at = static_cast<uint64_t>(const_i64<C>(p, placement, n + id % n)) +
                             static_cast<uint64_t>(id / n) * 2 * width;
        issue_read<C>(cmds, static_cast<uint32_t>(const_i64<C>(p, placement, id % n)), at, 2 * width);
      }
    } else if (op == isa::OP_LOAD_VEC) {
      issue_read<C>(cmds, C::MISC_CHANNEL, field(w, isa::LOAD_VEC_offset_LO, isa::LOAD_VEC_offset_BITS),
                    2 * field(w, isa::LOAD_VEC_width_LO, isa::LOAD_VEC_width_BITS));
    } else if (op == isa::OP_LOAD_W) {
      const uint32_t placement = field(w, isa::LOAD_W_placement_LO, isa::LOAD_W_placement_BITS);
      const uint32_t n = const_count<C>(p, placement) / 3;
      const bool per_block = field(w, isa::FLAG1_LO, 1) != 0;
      const uint32_t passes = per_block ? (tokens + C::MM_TOKEN_BLOCK - 1) / C::MM_TOKEN_BLOCK : 1;
      for (uint32_t pass = 0; pass < passes; ++pass) {
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_BLOCKS)
        for (uint32_t c = 0; c < n; ++c) {
          ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::WEIGHT_CHANNELS)
          issue_read<C>(cmds, static_cast<uint32_t>(const_i64<C>(p, placement, c)),
                        static_cast<uint64_t>(const_i64<C>(p, placement, n + c)),
                        static_cast<uint32_t>(const_i64<C>(p, placement, 2 * n + c)));
        }
      }
    } else if (op == isa::OP_LOAD_KV) {
      issue_kv<C>(p, w, position, cmds);
    }
  }
  for (int port = 0; port < C::NUM_PORTS; ++port) {
    ACCLLM_HLS(HLS UNROLL)
    const PortCmd end = {0, 0, 0, true};
    cmds[port].write(end);
  }
}

// EX: the program's compute instructions in order, with the loads' data as it arrives.
template <class C>
inline void execute(State<C>& s, const Program<C>& p, const int32_t* ids, uint32_t tokens, int32_t position,
                    BeatFifo<C> (&beats)[C::NUM_PORTS], StoreHeadFifo& heads, StoreDataFifo& data,
                    uint64_t& instructions) {
  const int T = static_cast<int>(tokens);
  Values<C> v;
  values_reset<C>(v);
  s.next_vector = 0;
  s.kv_count = 0;
  uint64_t executed = 0;
  for (uint32_t i = p.first; i < p.first + p.count; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_INSTRUCTIONS)
    const Word w = prog_word<C>(p, i);
    const uint32_t op = field(w, 0, 6);
    ++executed;
    const uint32_t result = define_value<C>(p, v, w, op, i);
    uint32_t out_word = 0;
    if (result != 0) {
      s.row_offset[result] = static_cast<int32_t>(const_i64<C>(p, p.buffer_map, result));
      out_word = static_cast<uint32_t>(s.row_offset[result]) / 4;
    }
    if (op == isa::OP_END) break;
    switch (op) {
      case isa::OP_LOAD_EMB: {
        const uint32_t width = v.width[result];
        const uint32_t placement = field(w, isa::LOAD_EMB_placement_LO, isa::LOAD_EMB_placement_BITS);
        const uint32_t n = const_count<C>(p, placement) / 2;
        for (int t = 0; t < T; ++t) {
          ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_TOKENS)
          const uint32_t id = static_cast<uint32_t>(ids[t]);
          uint8_t row[2 * C::MAX_WIDTH];
          // A beat's bytes a cycle in, two bytes per SFU lane a cycle out.
          ACCLLM_HLS(HLS ARRAY_PARTITION variable = row type = cyclic factor = C::SFU_HALF_BYTES)
          const uint64_t at = static_cast<uint64_t>(const_i64<C>(p, placement, n + id % n)) +
                              static_cast<uint64_t>(id / n) * 2 * width;
          receive_bytes<C>(beats, static_cast<uint32_t>(const_i64<C>(p, placement, id % n)), at, row, 2 * width);
          for (uint32_t k = 0; k < width; ++k) {
            ACCLLM_HLS(HLS PIPELINE II = 1)
            ACCLLM_HLS(HLS UNROLL factor = C::SFU_LANES)
            ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_WIDTH)
            set_act_f<C>(s, t, out_word + k, half_to_float(static_cast<uint16_t>(row[2 * k] | row[2 * k + 1] << 8)));
          }
        }
        break;
      }
      case isa::OP_LOAD_VEC: {
        const uint32_t width = v.width[result];
        const uint32_t slot = s.next_vector;
        s.next_vector = (s.next_vector + 1) % C::VECTOR_SLOTS;
        s.vector_slot[result] = static_cast<uint16_t>(slot);
        uint8_t raw[2 * C::MAX_VECTOR];
        // A beat's bytes a cycle in, two bytes per SFU lane a cycle out.
        ACCLLM_HLS(HLS ARRAY_PARTITION variable = raw type = cyclic factor = C::SFU_HALF_BYTES)
        receive_bytes<C>(beats, C::MISC_CHANNEL, field(w, isa::LOAD_VEC_offset_LO, isa::LOAD_VEC_offset_BITS), raw,
                         2 * width);
        for (uint32_t k = 0; k < width; ++k) {
          ACCLLM_HLS(HLS PIPELINE II = 1)
          ACCLLM_HLS(HLS UNROLL factor = C::SFU_LANES)
          ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_VECTOR)
          s.vectors[slot][k] = half_to_float(static_cast<uint16_t>(raw[2 * k] | raw[2 * k + 1] << 8));
        }
        break;
      }
      case isa::OP_LOAD_KV:
        receive_kv<C>(s, p, w, position, beats);
        break;
      case isa::OP_RMSNORM: {
        const uint32_t input = field(w, isa::RMSNORM_input_LO, isa::RMSNORM_input_BITS);
        const uint32_t weight = field(w, isa::RMSNORM_weight_LO, isa::RMSNORM_weight_BITS);
        const float eps = const_f32<C>(p, field(w, isa::RMSNORM_eps_LO, isa::RMSNORM_eps_BITS), 0);
        const uint32_t groups = field(w, isa::RMSNORM_groups_LO, isa::RMSNORM_groups_BITS);
        sfu_rmsnorm<C>(s, T, static_cast<uint32_t>(s.row_offset[input]) / 4, v.width[input], groups,
                       s.vector_slot[weight], eps, out_word);
        break;
      }
      case isa::OP_QUANT: {
        const uint32_t input = field(w, isa::QUANT_input_LO, isa::QUANT_input_BITS);
        sfu_quantize<C>(s, T, static_cast<uint32_t>(s.row_offset[input]) / 4, v.width[input], out_word);
        break;
      }
      case isa::OP_LIN:
        linear<C>(s, p, v, w, T, out_word, beats);
        break;
      case isa::OP_ROPE:
        sfu_rope<C>(s, p, v, w, T, position, out_word);
        break;
      case isa::OP_ATT:
        attention<C>(s, p, v, w, T, position, out_word);
        break;
      case isa::OP_GATED_MUL:
      case isa::OP_ADD: {
        static_assert(isa::GATED_MUL_gate_LO == isa::ADD_lhs_LO && isa::GATED_MUL_up_LO == isa::ADD_rhs_LO,
                      "GATED_MUL and ADD share their operand fields");
        const uint32_t a = field(w, isa::ADD_lhs_LO, isa::ADD_lhs_BITS);
        const uint32_t b = field(w, isa::ADD_rhs_LO, isa::ADD_rhs_BITS);
        const uint32_t a_word = static_cast<uint32_t>(s.row_offset[a]) / 4;
        const uint32_t b_word = static_cast<uint32_t>(s.row_offset[b]) / 4;
        const uint32_t width = v.width[a];
        // GATED_MUL's flags pick the gate's activation: none SiLU, gelu erf GELU, both tanh GELU.
        const bool gelu = field(w, isa::FLAG0_LO, 1) != 0;
        const bool tanh_form = field(w, isa::FLAG1_LO, 1) != 0;
        for (int t = 0; t < T; ++t) {
          ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_TOKENS)
          // Both operands read in one pass and the result written in another: a bank of the
          // activation buffer serves two accesses a cycle.
          float y[C::MAX_WIDTH];
          ACCLLM_HLS(HLS ARRAY_PARTITION variable = y type = cyclic factor = C::SFU_LANES)
          for (uint32_t k = 0; k < width; ++k) {
            ACCLLM_HLS(HLS PIPELINE II = 1)
            ACCLLM_HLS(HLS UNROLL factor = C::SFU_LANES)
            ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_WIDTH)
            const float x = act_f<C>(s, t, a_word + k);
            const float u = act_f<C>(s, t, b_word + k);
            y[k] = op == isa::OP_ADD ? x + u : gate_activation_f32(x, gelu, tanh_form) * u;
          }
          write_act_row<C, C::MAX_WIDTH>(s, t, out_word, width, y);
        }
        break;
      }
      case isa::OP_SOFTCAP: {
        // The lm_head's logits (the last token's, in the logits buffer) capped in place.
        const uint32_t width = v.width[field(w, isa::SOFTCAP_input_LO, isa::SOFTCAP_input_BITS)];
        const float cap = const_f32<C>(p, field(w, isa::SOFTCAP_cap_LO, isa::SOFTCAP_cap_BITS), 0);
        for (uint32_t k = 0; k < width; ++k) {
          ACCLLM_HLS(HLS PIPELINE II = 1)
          ACCLLM_HLS(HLS UNROLL factor = C::LOGIT_BANKS)  // a bank's read and write a cycle
          ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_VOCAB)
          s.logits[k] = softcap_f32(s.logits[k], cap);
        }
        break;
      }
      case isa::OP_LM_HEAD:
        linear<C>(s, p, v, w, T, 0, beats);
        break;
      case isa::OP_STORE_KV:
        send_kv<C>(s, p, v, w, T, position, heads, data);
        break;
      case isa::OP_STORE_LOGITS:
        send_logits<C>(s, v.width[field(w, isa::STORE_LOGITS_logits_LO, isa::STORE_LOGITS_logits_BITS)],
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
template <class C>
inline void close_call(const Call<C>& call, uint64_t* counters) {
  uint64_t out[kCounters<C>];
  for (int i = 0; i < kCounters<C>; ++i) {
    ACCLLM_HLS(HLS UNROLL)
    out[i] = 0;
  }
  out[kCounterStatus] = call.status;
  out[kCounterInstructions] = call.instructions;
  for (int p = 0; p < C::NUM_PORTS; ++p) {
    ACCLLM_HLS(HLS UNROLL)
    out[kCounterRead + C::PORT_CHANNELS[p]] += call.read_bytes[p];
  }
  for (int p = 0; p < C::NUM_WRITE_PORTS; ++p) {
    ACCLLM_HLS(HLS UNROLL)
    out[kCounterWritten<C> + C::WRITE_PORT_CHANNELS[p]] += call.written_bytes[p];
  }
  for (int i = 0; i < kCounters<C>; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    if (i % 8 == 0) ACCLLM_HBM(C::MISC_CHANNEL, static_cast<uint64_t>(i) / 8, true);
    counters[i] = out[i];
  }
}

}  // namespace accllm

#endif  // ACCLLM_RUN_H
