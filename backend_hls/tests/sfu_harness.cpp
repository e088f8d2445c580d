// Unit test harness of include/accllm_sfu.h, the SFU on its own (driven by
// test/python/test_hls_units.py), compiled against a generated project's configuration
// (its src/accllm_config.h and src/accllm_isa.h) and the C simulation's headers:
//
//   sfu_harness OP INPUT OUTPUT
//
// Both files are flat little-endian arrays of 32-bit words (float32 or int32, by position).
// Each row is placed in token 0's activation row at word 0 and the unit writes its result
// after it, as EX runs the instruction:
//
//   quant     in: rows                                out: per row: float scale, int32 q[n]
//   rmsnorm   in: float eps, rows of x then w         out: per row: float y[n]
//             (n counts x only)
//
// "rows" is: int32 count, then per row int32 n and n float32 values.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "accllm_config.h"
#include "accllm_isa.h"
#include "accllm_sfu.h"

namespace {

[[noreturn]] void fail(const char* message) {
  std::fprintf(stderr, "sfu_harness: %s\n", message);
  std::exit(2);
}

std::vector<uint32_t> read_words(const char* path) {
  FILE* f = std::fopen(path, "rb");
  if (!f) fail("cannot read the input");
  std::vector<uint32_t> words;
  uint32_t w;
  while (std::fread(&w, 4, 1, f) == 1) words.push_back(w);
  std::fclose(f);
  return words;
}

struct Reader {
  std::vector<uint32_t> words;
  size_t pos = 0;
  uint32_t u32() {
    if (pos >= words.size()) fail("input too short");
    return words[pos++];
  }
  float f32() { return accllm::float_from_bits(u32()); }
};

accllm::State state;  // EX's state: large, so static

uint32_t checked_width(Reader& in, uint32_t limit) {
  const uint32_t n = in.u32();
  if (n == 0 || n > limit) fail("row width out of this configuration's range");
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) fail("usage: sfu_harness OP INPUT OUTPUT");
  accllm_sim::register_constants(accllm::cfg::NAMED, accllm::cfg::NAMED_COUNT);
  const std::string op = argv[1];
  Reader in{read_words(argv[2])};
  std::vector<uint32_t> out;
  const float eps = op == "rmsnorm" ? in.f32() : 0.0f;
  const uint32_t rows = in.u32();
  const uint32_t limit = static_cast<uint32_t>(op == "rmsnorm" ? accllm::cfg::MAX_VECTOR : accllm::cfg::MAX_WIDTH);
  for (uint32_t r = 0; r < rows; ++r) {
    const uint32_t n = checked_width(in, limit);
    if (2 * n + 1 > static_cast<uint32_t>(accllm::cfg::ACT_ROW_WORDS)) fail("row wider than the activation buffer");
    for (uint32_t i = 0; i < n; ++i) accllm::set_act_f(state, 0, i, in.f32());
    if (op == "quant") {
      accllm::sfu_quantize(state, 1, 0, n, n);
      out.push_back(state.act[0][accllm::qact_scale_word(n, n)]);
      for (uint32_t i = 0; i < n; ++i) out.push_back(static_cast<uint32_t>(accllm::act_code(state, 0, n, i)));
    } else if (op == "rmsnorm") {
      for (uint32_t i = 0; i < n; ++i) state.vectors[0][i] = in.f32();
      accllm::sfu_rmsnorm(state, 1, 0, n, 0, eps, n);
      for (uint32_t i = 0; i < n; ++i) out.push_back(state.act[0][n + i]);
    } else {
      fail("unknown OP (quant, rmsnorm)");
    }
  }
  FILE* f = std::fopen(argv[3], "wb");
  if (!f || std::fwrite(out.data(), 4, out.size(), f) != out.size()) fail("cannot write the output");
  std::fclose(f);
  return 0;
}
