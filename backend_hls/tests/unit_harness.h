// unit_harness.h -- what the unit harnesses (sfu_harness.cpp, array_harness.cpp) share:
// one-line failures and the flat little-endian 32-bit word files they read and write.
#ifndef ACCLLM_UNIT_HARNESS_H
#define ACCLLM_UNIT_HARNESS_H

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace unit_harness {

// The harness's name, for its one-line errors (each harness defines it).
extern const char* const kName;

[[noreturn]] inline void fail(const char* message) {
  std::fprintf(stderr, "%s: %s\n", kName, message);
  std::exit(2);
}

inline std::vector<uint32_t> read_words(const char* path) {
  FILE* f = std::fopen(path, "rb");
  if (!f) fail("cannot read the input");
  std::vector<uint32_t> words;
  uint32_t w;
  while (std::fread(&w, 4, 1, f) == 1) words.push_back(w);
  std::fclose(f);
  return words;
}

inline void write_words(const char* path, const std::vector<uint32_t>& words) {
  FILE* f = std::fopen(path, "wb");
  if (!f || std::fwrite(words.data(), 4, words.size(), f) != words.size()) fail("cannot write the output");
  std::fclose(f);
}

struct Reader {
  std::vector<uint32_t> words;
  size_t pos = 0;
  uint32_t u32() {
    if (pos >= words.size()) fail("input too short");
    return words[pos++];
  }
  float f32() {
    const uint32_t w = u32();
    float v;
    std::memcpy(&v, &w, 4);
    return v;
  }
};

}  // namespace unit_harness

#endif  // ACCLLM_UNIT_HARNESS_H
