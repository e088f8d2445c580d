// Unit test harness of include/accllm_sfu.h, the SFU on its own (driven by
// test/python/test_hls_units.py), with its own small configuration (SfuConfig below: the
// unit's templates instantiated for 8 SFU lanes and one token, not a generated project's),
// compiled with the C simulation's headers and a generated accllm_isa.h:
//
//   sfu_harness OP INPUT OUTPUT
//   sfu_harness config OUTPUT        the configuration's constants, a NAME=VALUE line each
//
// Both files are flat little-endian arrays of 32-bit words (float32 or int32, by position).
// Each row is placed in token 0's activation row at word 0 and the unit writes its result
// after it, as EX runs the instruction:
//
//   quant     in: rows                                out: per row: float scale, int32 q[n]
//   rmsnorm   in: float eps, rows of x, groups, w[n / groups]   out: per row: float y[n]
//             (n counts x only)
//
// "rows" is: int32 count, then per row int32 n and n float32 values.
#include <cstdint>
#include <string>
#include <vector>

#include "unit_harness.h"

// The SFU's test configuration: few lanes (a lane count unlike any default), rows up to
// 1,024 values, one token.
struct SfuConfig : accllm::engine_config {
  static constexpr int SFU_LANES = 8;
  static constexpr int SFU_HALF_BYTES = 2 * SFU_LANES;
  static constexpr int MAX_TOKENS = 1;
  static constexpr int MAX_WIDTH = 1024;
  static constexpr int MAX_VECTOR = 1024;
  static constexpr int VECTOR_SLOTS = 1;
  static constexpr int ACT_ROW_WORDS = 2 * MAX_WIDTH + 1;
  static constexpr int ACT_ROW_BYTES = 4 * ACT_ROW_WORDS;
};

#include "accllm_isa.h"
#include "accllm_sfu.h"

const char* const unit_harness::kName = "sfu_harness";

namespace {

using namespace unit_harness;  // fail, Reader, read_words, write_words

accllm::State<SfuConfig> state;  // EX's state: large, so static

uint32_t checked_width(Reader& in, uint32_t limit) {
  const uint32_t n = in.u32();
  if (n == 0 || n > limit) fail("row width out of this configuration's range");
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  if (unit_harness::start<SfuConfig>(argc, argv)) return 0;
  if (argc != 4) fail("usage: sfu_harness OP INPUT OUTPUT");
  const std::string op = argv[1];
  Reader in{read_words(argv[2])};
  std::vector<uint32_t> out;
  const float eps = op == "rmsnorm" ? in.f32() : 0.0f;
  const uint32_t rows = in.u32();
  const uint32_t limit = static_cast<uint32_t>(op == "rmsnorm" ? SfuConfig::MAX_VECTOR : SfuConfig::MAX_WIDTH);
  for (uint32_t r = 0; r < rows; ++r) {
    const uint32_t n = checked_width(in, limit);
    if (2 * n + 1 > static_cast<uint32_t>(SfuConfig::ACT_ROW_WORDS)) fail("row wider than the activation buffer");
    for (uint32_t i = 0; i < n; ++i) accllm::set_act_f<SfuConfig>(state, 0, i, in.f32());
    if (op == "quant") {
      accllm::sfu_quantize<SfuConfig>(state, 1, 0, n, n);
      out.push_back(state.act[0][accllm::qact_scale_word(n, n)]);
      for (uint32_t i = 0; i < n; ++i) out.push_back(static_cast<uint32_t>(accllm::act_code<SfuConfig>(state, 0, n, i)));
    } else if (op == "rmsnorm") {
      // The row in `groups` parts (heads), each normalized with the one part-wide weight.
      const uint32_t groups = in.u32();
      if (groups == 0 || n % groups || groups > static_cast<uint32_t>(SfuConfig::MAX_HEADS)) fail("bad groups");
      for (uint32_t i = 0; i < n / groups; ++i) state.vectors[0][i] = in.f32();
      accllm::sfu_rmsnorm<SfuConfig>(state, 1, 0, n, groups, 0, eps, n);
      for (uint32_t i = 0; i < n; ++i) out.push_back(state.act[0][n + i]);
    } else {
      fail("unknown OP (quant, rmsnorm)");
    }
  }
  unit_harness::write_words(argv[3], out);
  return 0;
}
