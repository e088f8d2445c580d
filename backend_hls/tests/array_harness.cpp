// Unit test harness of include/accllm_array.h, the linear array on its own (driven by
// test/python/test_hls_units.py), with its own small configuration (ArrayConfig below: 8
// lanes on 4 weight channels, cut into 2 slices), compiled with the C simulation's headers
// and a generated accllm_isa.h. The records must be in the configuration's linear weight
// format (C::LIN_*: engine_config's, 2-bit groups of 64, 2:4):
//
//   array_harness INPUT OUTPUT
//   array_harness config OUTPUT        the configuration's constants, a NAME=VALUE line each
//
// Both files are flat little-endian arrays of 32-bit words:
//
//   in:  int32 out, int32 in, int32 tokens (1: MV, 2: one MM pair), then per row its chunk
//        words (passes/weight_chunks.py: meta words, then chunks; a 64-bit word as two
//        32-bit words, low first), then per token int32 codes[in] and float32 sx
//   out: per token float32 y[out]
//
// The rows fill one lane tile, the codes and scales sit in token 0 and 1's activation
// rows at word 0, and the tile runs as LIN runs it: the window feed (read_window), each
// slice's array_pass and group_tree, and write_rows, as concurrent processes.
#include <cstdint>
#include <vector>

#include "unit_harness.h"

// The array's test configuration: two slices of two channels, two slots each, so a slice's
// lanes interleave with the other's as on the board; row sums drain two lanes a word.
struct ArrayConfig : accllm::engine_config {
  static constexpr int LANES = 8;
  static constexpr int WEIGHT_CHANNELS = 4;
  static constexpr int ARRAY_SLICES = 2;
  static constexpr int DRAIN_LANES = 2;
};

#include "accllm_isa.h"
#include "accllm_array.h"

const char* const unit_harness::kName = "array_harness";

namespace {

using namespace unit_harness;  // fail, Reader, read_words, set_field, write_words

typedef ArrayConfig Cfg;

// A LOAD_W word of the build's linear format for an `out` x `in` matrix.
accllm::Word load_word(uint32_t out, uint32_t in) {
  namespace isa = accllm::isa;
  accllm::Word w = 0;
  unit_harness::set_field(w, isa::LOAD_W_out_LO, isa::LOAD_W_out_BITS, out);
  unit_harness::set_field(w, isa::LOAD_W_in_LO, isa::LOAD_W_in_BITS, in);
  unit_harness::set_field(w, isa::LOAD_W_bits_LO, isa::LOAD_W_bits_BITS, Cfg::LIN_BITS);
  unit_harness::set_field(w, isa::LOAD_W_group_LO, isa::LOAD_W_group_BITS, Cfg::LIN_GROUP);
  unit_harness::set_field(w, isa::LOAD_W_n_LO, isa::LOAD_W_n_BITS, Cfg::LIN_N);
  unit_harness::set_field(w, isa::LOAD_W_m_LO, isa::LOAD_W_m_BITS, Cfg::LIN_M);
  return w;
}

accllm::State<Cfg> state;                            // EX's state: large, so static
accllm::TileWords<Cfg> tiles[Cfg::ARRAY_SLICES];     // one lane tile, a block per slice
accllm::TilePartials<Cfg> partials[Cfg::ARRAY_SLICES];  // its group sums

// The window feed of one tile pass (feed_windows' inner loop), to every slice.
void feed(const accllm::RowFormat& f, bool two, accllm::WindowFifo<Cfg> (&windows)[Cfg::ARRAY_SLICES]) {
  for (uint32_t q = 0; q < f.chunks; ++q) {
    accllm::Window<Cfg> w;
    accllm::read_window<Cfg>(state, f, 0, 0, two, q, w);
    for (int k = 0; k < Cfg::ARRAY_SLICES; ++k) windows[k].write(w);
  }
}

// Slice K on the tile (its array pass, then its adder tree), and the slices after it, each
// a process.
template <int K>
void slices(const accllm::RowFormat& f, uint32_t out, bool two, accllm::WindowFifo<Cfg> (&windows)[Cfg::ARRAY_SLICES],
            accllm::LaneSumFifo<Cfg> (&sums)[Cfg::ARRAY_SLICES]) {
  if constexpr (K < Cfg::ARRAY_SLICES) {
    ACCLLM_PROCESS(accllm::array_pass<Cfg, K>(windows[K], tiles[K], f, out, two, partials[K].partial);
                   accllm::group_tree<Cfg, K>(partials[K].partial, f, two, sums[K]));
    slices<K + 1>(f, out, two, windows, sums);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (unit_harness::start<Cfg>(argc, argv)) return 0;
  if (argc != 3) fail("usage: array_harness INPUT OUTPUT");
  Reader in{read_words(argv[1])};
  const uint32_t out = in.u32();
  const uint32_t width = in.u32();
  const uint32_t tokens = in.u32();
  if (out == 0 || out > static_cast<uint32_t>(Cfg::LANES) || width == 0 ||
      width > static_cast<uint32_t>(Cfg::MAX_IN) || (tokens != 1 && tokens != 2))
    fail("matrix or token count out of this configuration's range");
  const accllm::RowFormat f = accllm::row_format<Cfg>(load_word(out, width), Cfg::LIN_CODE3, false);
  if (f.chunks > static_cast<uint32_t>(Cfg::MAX_CHUNKS) ||
      f.meta_words > static_cast<uint32_t>(Cfg::MAX_META_WORDS))
    fail("row longer than the tile buffer");
  for (uint32_t r = 0; r < out; ++r) {
    for (uint32_t k = 0; k < f.meta_words + f.chunks; ++k) {
      const uint64_t lo = in.u32();
      const uint64_t word = lo | static_cast<uint64_t>(in.u32()) << 32;
      // Row r is lane r: slice (r mod C) / SC's lane (r / C) x SC + (r mod C) mod SC.
      const uint32_t c = r % Cfg::WEIGHT_CHANNELS;
      const uint32_t slice = c / accllm::kSliceChannels<Cfg>;
      const uint32_t lane = (r / Cfg::WEIGHT_CHANNELS) * accllm::kSliceChannels<Cfg> + c % accllm::kSliceChannels<Cfg>;
      if (k < f.meta_words)
        tiles[slice].meta[lane][k] = word;
      else
        tiles[slice].chunk[lane][k - f.meta_words] = word;
    }
  }
  const uint32_t scale_word = accllm::qact_scale_word(0, width);
  const uint32_t out_word = scale_word + 1;
  if (out_word + out > static_cast<uint32_t>(Cfg::ACT_ROW_WORDS)) fail("row wider than the activation buffer");
  for (uint32_t t = 0; t < tokens; ++t) {
    for (uint32_t i = 0; i < width; ++i)
      accllm::set_act_code<Cfg>(state, static_cast<int>(t), 0, i, static_cast<int8_t>(static_cast<int32_t>(in.u32())));
    state.act[t][scale_word] = in.u32();
  }
  const bool two = tokens == 2;
  accllm::ArrayWalk a;
  a.out = out;
  a.t_first = 0;
  a.tokens = static_cast<int>(tokens);
  a.block = a.tokens;
  a.mm = two;
  accllm::RowWrite r;
  r.scale_word = scale_word;
  r.out_word = out_word;
  r.to_logits = false;
  r.has_bias = false;
  r.bias_slot = 0;
  accllm::WindowFifo<Cfg> windows[Cfg::ARRAY_SLICES];
  accllm::LaneSumFifo<Cfg> sums[Cfg::ARRAY_SLICES];
  ACCLLM_PROCESS(feed(f, two, windows));
  slices<0>(f, out, two, windows, sums);
  ACCLLM_PROCESS(accllm::write_rows<Cfg>(state, sums, a, r));
  ACCLLM_DATAFLOW_JOIN();
  std::vector<uint32_t> y;
  for (uint32_t t = 0; t < tokens; ++t)
    for (uint32_t r = 0; r < out; ++r) y.push_back(state.act[t][out_word + r]);
  unit_harness::write_words(argv[2], y);
  return 0;
}
