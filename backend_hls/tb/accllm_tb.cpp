// accllm_tb.cpp -- C simulation testbench of the generated engine (host side, not synthesized).
//
//   accllm_csim DATA_DIR OUT_DIR DECODE_STEPS [stream]
//
// Loads the program binary (DATA_DIR/program.bin) and one image per HBM channel
// (DATA_DIR/hbm_<channel>.bin) into host memory, reads the prompt's token ids from
// DATA_DIR/prompt.txt (or OUT_DIR/prompt.txt when present: a run's own prompt), prefills it in
// calls of at most max_tokens tokens (from position 0, or from the position in
// OUT_DIR/start.txt when present: after that many zero KV records, the timing of a long
// context), then decodes DECODE_STEPS tokens greedily (the first
// largest logit), each a call of the decode program. Writes OUT_DIR/logits.bin (float32
// rows: the last prompt token's logits, then one row per decode step), OUT_DIR/tokens.txt
// (the generated ids), OUT_DIR/counters.txt (one line per call: program, tokens,
// position, instructions, then bytes read and written per channel) and OUT_DIR/timing.txt
// (one line per call: program, tokens, position, kernel cycles in the timed C simulation),
// and prints a summary;
// with `stream`, also a line `token <id>` as soon as each token is generated.
// Every failure is one line on stderr and exit status 2.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "accllm_top.h"

namespace {

[[noreturn]] void fail(const std::string& message) {
  std::fprintf(stderr, "accllm csim: %s\n", message.c_str());
  std::exit(2);
}

std::vector<unsigned char> read_file(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) fail("cannot read " + path);
  std::vector<unsigned char> data;
  unsigned char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) data.insert(data.end(), buf, buf + n);
  std::fclose(f);
  return data;
}

std::vector<int32_t> read_ids(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "r");
  if (!f) fail("cannot read " + path);
  std::vector<int32_t> ids;
  long v;
  while (std::fscanf(f, "%ld", &v) == 1) ids.push_back(static_cast<int32_t>(v));
  const bool clean = std::feof(f);
  std::fclose(f);
  if (!clean) fail(path + ": token ids must be whitespace-separated integers");
  if (ids.empty()) fail(path + ": no token ids");
  return ids;
}

const char* status_text(uint64_t status) {
  switch (status) {
    case accllm::kBadMagic: return "program.bin is not an accllm engine binary of version 1";
    case accllm::kConfigMismatch: return "program.bin was compiled for another engine configuration than this kernel";
    case accllm::kNotAllocated: return "program.bin lacks buffer offsets or queue tokens (run engine-buffer-alloc and engine-schedule)";
    case accllm::kBadProgram: return "program index out of range";
    case accllm::kBadInstruction: return "program.bin holds an instruction this kernel cannot decode";
    case accllm::kTooManyTokens: return "a call's token count is 0 or above max_tokens";
    case accllm::kContextFull: return "the context exceeds the KV ring of dense attention";
    case accllm::kUnsupported: return "program.bin uses a format this kernel does not implement";
    case accllm::kBadToken: return "a token id is outside the embedding table";
    default: return "unknown status";
  }
}

// The kernel's cycle clock in the timed C simulation (0 under another C simulation).
double kernel_cycles() {
#ifdef ACCLLM_SIM
  return accllm_sim::now();
#else
  return 0;
#endif
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && !(argc == 5 && std::strcmp(argv[4], "stream") == 0))
    fail("usage: accllm_csim DATA_DIR OUT_DIR DECODE_STEPS [stream]");
  const bool stream = argc == 5;
  const std::string data = argv[1];
  const std::string out = argv[2];
  char* end = nullptr;
  const long steps = std::strtol(argv[3], &end, 10);
  if (*end != '\0' || steps < 0) fail(std::string("DECODE_STEPS must be a non-negative integer, got ") + argv[3]);

  std::vector<unsigned char> program_bytes = read_file(data + "/program.bin");
  program_bytes.resize((program_bytes.size() + 63) / 64 * 64, 0);  // whole 512-bit beats
  std::vector<uint32_t> program(program_bytes.size() / 4);
  std::memcpy(program.data(), program_bytes.data(), program_bytes.size());

  // HBM: one buffer per channel the kernel uses, at least as large as its image.
  std::vector<std::vector<accllm::Beat>> hbm(accllm::Config::NUM_PORTS);
  std::vector<accllm::Beat*> ports(accllm::Config::NUM_PORTS);
  for (int p = 0; p < accllm::Config::NUM_PORTS; ++p) {
    const std::string path = data + "/hbm_" + std::to_string(accllm::Config::PORT_CHANNELS[p]) + ".bin";
    std::vector<unsigned char> image = read_file(path);
    const size_t beats = (image.size() + accllm::kBeatBytes - 1) / accllm::kBeatBytes;
    if (beats < accllm::Config::PORT_MIN_BEATS[p]) fail(path + ": image is truncated (corrupt or from another program)");
    hbm[p].assign(beats, accllm::Beat());
    std::memcpy(hbm[p].data(), image.data(), image.size());
    ports[p] = hbm[p].data();
  }

  FILE* prompt_override = std::fopen((out + "/prompt.txt").c_str(), "r");
  if (prompt_override) std::fclose(prompt_override);
  const std::vector<int32_t> prompt = read_ids(prompt_override ? out + "/prompt.txt" : data + "/prompt.txt");

  FILE* logits_file = std::fopen((out + "/logits.bin").c_str(), "wb");
  FILE* tokens_file = std::fopen((out + "/tokens.txt").c_str(), "w");
  FILE* counters_file = std::fopen((out + "/counters.txt").c_str(), "w");
  FILE* timing_file = std::fopen((out + "/timing.txt").c_str(), "w");
  if (!logits_file || !tokens_file || !counters_file || !timing_file) fail("cannot write to " + out);
  double prefill_cycles = 0;
  double decode_cycles = 0;

  const int vocab = accllm::Config::VOCAB;
  std::vector<float> logits(vocab);
  std::vector<uint64_t> counters(accllm::kCounters<accllm::Config>);
  int32_t position = 0;
  FILE* start_override = std::fopen((out + "/start.txt").c_str(), "r");
  if (start_override) {
    std::fclose(start_override);
    const std::vector<int32_t> start = read_ids(out + "/start.txt");
    if (start.size() != 1 || start[0] < 0) fail(out + "/start.txt: one non-negative position");
    position = start[0];
  }

  // One call of a program; returns the greedy next token.
  auto call = [&](uint32_t program_index, const int32_t* ids, uint32_t tokens) {
    const double cycles_before = kernel_cycles();
    accllm_top_host(program.data(), ids, counters.data(), ports.data(), program_index, tokens,
               static_cast<uint32_t>(position));
    const double cycles = kernel_cycles() - cycles_before;
    if (counters[accllm::kCounterStatus] != accllm::kOk) {
      fail(std::string(status_text(counters[accllm::kCounterStatus])) + " (call at position " +
           std::to_string(position) + ")");
    }
    std::fprintf(counters_file, "%u %u %d %llu", program_index, tokens, position,
                 static_cast<unsigned long long>(counters[accllm::kCounterInstructions]));
    for (int c = 0; c < 2 * accllm::Config::BOARD_CHANNELS; ++c)
      std::fprintf(counters_file, " %llu", static_cast<unsigned long long>(counters[accllm::kCounterRead + c]));
    std::fprintf(counters_file, "\n");
    std::fprintf(timing_file, "%u %u %d %.1f\n", program_index, tokens, position, cycles);
    (program_index == accllm::Config::DECODE_PROGRAM ? decode_cycles : prefill_cycles) += cycles;
    position += static_cast<int32_t>(tokens);
    const int misc = accllm::Config::MISC_PORT;
    std::memcpy(logits.data(), reinterpret_cast<const unsigned char*>(hbm[misc].data()) + accllm::Config::LOGITS_OFFSET,
                sizeof(float) * vocab);
    int best = 0;
    for (int v = 1; v < vocab; ++v)
      if (logits[v] > logits[best]) best = v;
    return best;
  };

  const auto start = std::chrono::steady_clock::now();
  int32_t next = 0;
  for (size_t at = 0; at < prompt.size(); at += accllm::Config::MAX_TOKENS) {
    const size_t n = prompt.size() - at < static_cast<size_t>(accllm::Config::MAX_TOKENS) ? prompt.size() - at
                                                                                     : accllm::Config::MAX_TOKENS;
    next = call(accllm::Config::PREFILL_PROGRAM, prompt.data() + at, static_cast<uint32_t>(n));
  }
  std::fwrite(logits.data(), sizeof(float), vocab, logits_file);
  const auto prefilled = std::chrono::steady_clock::now();
  for (long step = 0; step < steps; ++step) {
    std::fprintf(tokens_file, "%d\n", next);
    if (stream) {
      std::printf("token %d\n", next);
      std::fflush(stdout);
    }
    next = call(accllm::Config::DECODE_PROGRAM, &next, 1);
    std::fwrite(logits.data(), sizeof(float), vocab, logits_file);
  }
  const auto done = std::chrono::steady_clock::now();
  std::fclose(logits_file);
  std::fclose(tokens_file);
  std::fclose(counters_file);
  std::fclose(timing_file);
  const double prefill_s = std::chrono::duration<double>(prefilled - start).count();
  const double decode_s = std::chrono::duration<double>(done - prefilled).count();
  std::printf("csim: prefill %zu tokens in %.3f s, decode %ld tokens in %.3f s (%.1f tokens/s)\n", prompt.size(),
              prefill_s, steps, decode_s, decode_s > 0 ? steps / decode_s : 0.0);
#ifdef ACCLLM_SIM
  const double mhz = accllm::Config::CLOCK_MHZ;
  std::printf("timed: prefill %.0f cycles, decode %.0f cycles per token (%.3f tokens/s at %.0f MHz)\n",
              prefill_cycles, steps > 0 ? decode_cycles / steps : 0.0,
              decode_cycles > 0 ? steps * mhz * 1e6 / decode_cycles : 0.0, mhz);
  for (const std::string& warning : accllm_sim::warnings()) std::printf("timed: warning: %s\n", warning.c_str());
#endif
  return 0;
}
