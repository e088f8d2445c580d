// unit_harness.h -- what the units' harnesses (sfu, array, attention, hbm) share:
// one-line failures, the flat little-endian 32-bit word files they read and write, setting an
// instruction word's fields, and the report of the harness's own configuration.
#ifndef ACCLLM_UNIT_HARNESS_H
#define ACCLLM_UNIT_HARNESS_H

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "accllm_defaults.h"
#include "accllm_sim.h"

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

// Bits [lo, lo + bits) of an instruction word (accllm::Word) set to `value`, as the program
// encoder writes a field.
template <class Word>
void set_field(Word& w, int lo, int bits, uint32_t value) {
  w.range(lo + bits - 1, lo) = value;
}

// The C simulation reads directive values by name from configuration C; and
// `HARNESS config OUTPUT` writes C's constants, a NAME=VALUE line each (the tests read the
// harness's configuration from it). True if that was the request (done).
template <class C>
bool start(int argc, char** argv) {
  typedef accllm::NamedConstants<C> Named;
  accllm_sim::register_constants(Named::table, Named::count);
  if (argc != 3 || std::strcmp(argv[1], "config") != 0) return false;
  FILE* f = std::fopen(argv[2], "w");
  if (!f) fail("cannot write the output");
  for (int i = 0; i < Named::count; ++i) std::fprintf(f, "%s=%.17g\n", Named::table[i].name, Named::table[i].value);
  std::fclose(f);
  return true;
}

}  // namespace unit_harness

#endif  // ACCLLM_UNIT_HARNESS_H
