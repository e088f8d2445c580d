// Unit test harness of include/accllm_attention.h, the attention unit on its own (driven by
// test/python/test_hls_units.py), with its own small configuration (AttentionConfig below:
// 4 query heads on 2 KV heads of 8 dimensions, a Λ of 2 sinks and a window of 5, two passes
// over the KV heads a key), compiled with the C simulation's headers and a generated
// accllm_isa.h:
//
//   attention_harness INPUT OUTPUT
//   attention_harness config OUTPUT      the configuration's constants, a NAME=VALUE line each
//
// Both files are flat little-endian arrays of 32-bit words (float32 or int32, by position):
//
//   in:  int32 heads, kv_heads, tokens, position, cached; float32 attention scale;
//        int32 frequencies (HEAD_DIM / 2, or 0: a layer without RoPE), float32 inv_freq[them];
//        per cached token: int32 position, then per KV head: int32 key codes[HEAD_DIM],
//        float32 key scale, key zero, int32 value codes[HEAD_DIM], float32 value scale,
//        value zero;
//        per call token: float32 q[heads x HEAD_DIM] (not rotated), k[kv_heads x HEAD_DIM]
//        (rotated), v[kv_heads x HEAD_DIM]
//   out: per call token float32 attention[heads x HEAD_DIM]
//
// The cached tokens are the ring's (LOAD_KV's) view for a call at `position`, chronological;
// the rows sit in each token's activation row as ATT finds them, and ATT runs as EX runs it
// (the "cache" RoPE position policy).
#include <cstdint>
#include <vector>

#include "unit_harness.h"

struct AttentionConfig : accllm::engine_config {
  static constexpr int MAX_TOKENS = 2;
  static constexpr int MAX_HEADS = 4;
  static constexpr int MAX_KV_HEADS = 2;
  static constexpr int GROUP = 2;
  static constexpr int HEAD_DIM = 8;
  static constexpr int SFU_LANES = 4;
  static constexpr int ATT_LANES = 2;
  static constexpr int ATT_PASSES = 2;
  static constexpr int ATT_KV_HEADS = 1;
  static constexpr int KV_BANKS = 1;
  static constexpr int SINKS = 2;
  static constexpr int WINDOW = 5;
  static constexpr int MAX_KEYS = SINKS + WINDOW;
  static constexpr int MAX_CACHED = SINKS + WINDOW - 1;
  static constexpr int KV_SLOTS = 8;
};

#include "accllm_isa.h"
#include "accllm_attention.h"

const char* const unit_harness::kName = "attention_harness";

namespace {

typedef AttentionConfig Cfg;
using namespace unit_harness;  // fail, Reader, read_words, set_field, write_words

accllm::State<Cfg> state;  // EX's state and the program window: large, so static
accllm::Program<Cfg> program;
accllm::Values<Cfg> values;

// Constant `c` of the program window at word `at`: its element count, then its elements.
uint32_t put_constant(uint32_t c, uint32_t at, const std::vector<uint32_t>& elements, uint32_t count) {
  program.constant_at[c] = 4 * at;
  program.words[at + 1] = count;
  for (size_t i = 0; i < elements.size(); ++i) program.words[at + 2 + i] = elements[i];
  return at + 2 + static_cast<uint32_t>(elements.size());
}

void read_half(Reader& in, accllm::KVHalf<Cfg>& half) {
  uint8_t codes[Cfg::HEAD_DIM];
  for (int d = 0; d < Cfg::HEAD_DIM; ++d) {
    const uint32_t code = in.u32();
    if (code >= (1u << Cfg::KV_BITS)) fail("a KV code out of range");
    codes[d] = static_cast<uint8_t>(code);
  }
  accllm::pack_codes<Cfg>(codes, half.codes);
  half.scale = in.f32();
  half.zero = in.f32();
}

}  // namespace

int main(int argc, char** argv) {
  if (unit_harness::start<Cfg>(argc, argv)) return 0;
  if (argc != 3) fail("usage: attention_harness INPUT OUTPUT");
  Reader in{read_words(argv[1])};
  const uint32_t heads = in.u32();
  const uint32_t kv_heads = in.u32();
  const uint32_t tokens = in.u32();
  const int32_t position = static_cast<int32_t>(in.u32());
  const uint32_t cached = in.u32();
  if (heads == 0 || heads > static_cast<uint32_t>(Cfg::MAX_HEADS) || kv_heads * Cfg::GROUP != heads ||
      tokens == 0 || tokens > static_cast<uint32_t>(Cfg::MAX_TOKENS) || cached > static_cast<uint32_t>(Cfg::MAX_CACHED))
    fail("shape out of this configuration's range");
  const float scale = in.f32();
  const uint32_t frequencies = in.u32();
  if (frequencies != 0 && frequencies != Cfg::HEAD_DIM / 2) fail("frequencies must be HEAD_DIM / 2 or 0");
  std::vector<uint32_t> inv_freq;
  for (uint32_t k = 0; k < frequencies; ++k) inv_freq.push_back(in.u32());
  uint32_t at = put_constant(0, 0, {accllm::bits_from_float(scale)}, 1);
  at = put_constant(1, at, inv_freq, frequencies);
  put_constant(2, at, {heads, 0u, static_cast<uint32_t>(Cfg::SINKS), 0u, static_cast<uint32_t>(Cfg::WINDOW), 0u}, 3);
  state.kv_count = static_cast<int>(cached);
  for (uint32_t j = 0; j < cached; ++j) {
    state.kv_position[j] = static_cast<int32_t>(in.u32());
    for (uint32_t g = 0; g < kv_heads; ++g) {
      read_half(in, state.kv[g][2 * j]);
      read_half(in, state.kv[g][2 * j + 1]);
    }
  }
  // The SSA values ATT reads: the query, keys and values rows, side by side in the row.
  const uint32_t q_width = heads * Cfg::HEAD_DIM;
  const uint32_t kv_width = kv_heads * Cfg::HEAD_DIM;
  values.width[0] = q_width;
  values.width[1] = kv_width;
  values.width[2] = kv_width;
  state.row_offset[0] = 0;
  state.row_offset[1] = static_cast<int32_t>(4 * q_width);
  state.row_offset[2] = static_cast<int32_t>(4 * (q_width + kv_width));
  const uint32_t out_word = q_width + 2 * kv_width;
  for (uint32_t t = 0; t < tokens; ++t)
    for (uint32_t i = 0; i < out_word; ++i) state.act[t][i] = in.u32();
  accllm::Word w = 0;
  namespace isa = accllm::isa;
  unit_harness::set_field(w, isa::ATT_query_LO, isa::ATT_query_BITS, 0);
  unit_harness::set_field(w, isa::ATT_keys_LO, isa::ATT_keys_BITS, 1);
  unit_harness::set_field(w, isa::ATT_values_LO, isa::ATT_values_BITS, 2);
  unit_harness::set_field(w, isa::ATT_scale_LO, isa::ATT_scale_BITS, 0);
  unit_harness::set_field(w, isa::ATT_inv_freq_LO, isa::ATT_inv_freq_BITS, 1);
  unit_harness::set_field(w, isa::ATT_shape_LO, isa::ATT_shape_BITS, 2);
  accllm::attention<Cfg>(state, program, values, w, static_cast<int>(tokens), position, out_word);
  std::vector<uint32_t> out;
  for (uint32_t t = 0; t < tokens; ++t)
    for (uint32_t i = 0; i < q_width; ++i) out.push_back(state.act[t][out_word + i]);
  unit_harness::write_words(argv[2], out);
  return 0;
}
