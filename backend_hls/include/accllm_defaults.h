// accllm_defaults.h -- engine_config: the configuration struct every unit of the header
// library is templated on (`template <class C>`, as hls4ml's nnet_utils take CONFIG_T), with
// a default for each constant.
//
// A generated project's accllm_config.h derives `struct Config : engine_config` and gives
// every constant its build's value (backend_hls/kernel_source.py); a unit's C++ test derives
// its own small configuration the same way and overrides what it needs. The defaults are the
// built-in model's engine on the U280 (accllm/models/pydocs-tiny-llama, the default
// EngineConfig): a complete, consistent engine, so a configuration that overrides only a
// unit's own sizes still compiles.
//
// One struct for the whole library rather than one per unit: the units share EX's state
// (activation rows, vectors, the KV ring) and the HBM ports, whose sizes every unit reads.
#ifndef ACCLLM_DEFAULTS_H
#define ACCLLM_DEFAULTS_H

#include <cstdint>

namespace accllm {

struct engine_config {
  // Engine configuration (u280, 225 MHz); the program binary must carry
  // exactly these integers (EngineConfig field order) to run on this kernel.
  static constexpr int CONFIG_INTS = 13;
  static constexpr uint32_t CONFIG[CONFIG_INTS] = {225, 320, 16, 8, 128, 32, 32, 32, 31, 512, 2048, 32, 288};
  static constexpr int CLOCK_MHZ = 225;
  static constexpr int LANES = 320;
  static constexpr int KEPT_PER_LANE = 16;
  static constexpr int MM_TOKEN_BLOCK = 32;
  static constexpr int WEIGHT_FIFO_DEPTH = 1024;  // beats per weight channel
  static constexpr int MAX_TOKENS = 32;
  static constexpr int MAX_BLOCKS = 1;
  static constexpr int KV_SLOTS = 288;
  static constexpr int WEIGHT_CHANNELS = 32;
  static constexpr int KV_CHANNELS = 32;
  static constexpr int MISC_CHANNEL = 31;
  static constexpr int BOARD_CHANNELS = 32;

  // HBM ports: one m_axi bundle per channel the program touches.
  static constexpr int NUM_PORTS = 32;
  static constexpr int PORT_CHANNELS[NUM_PORTS] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31};
  static constexpr uint32_t PORT_MIN_BEATS[NUM_PORTS] = {3137, 3137, 3137, 3137, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 1985, 2313};
  static constexpr int MISC_PORT = 31;
  // Write ports: the channels ST writes (KV ring, logits), each its own m_axi bundle.
  static constexpr int NUM_WRITE_PORTS = 32;
  static constexpr int WRITE_PORT_CHANNELS[NUM_WRITE_PORTS] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31};
  static constexpr int PORT_CMD_DEPTH = 8;  // burst commands LD queues per port
  static constexpr int MAX_PORT_COMMANDS = 3968;  // loop bound
  static constexpr int MAX_STORE_BEATS = 256;

  // Program and buffers.
  static constexpr int PROGRAM_WORDS = 8048;  // the program image, on chip
  static constexpr int MAX_INSTRUCTIONS = 124;
  static constexpr int SFU_LANES = 128;
  static constexpr int SFU_HALF_BYTES = 256;  // float16 bytes the SFU lanes take a cycle
  static constexpr int ATT_LANES = 8;
  static constexpr int MAX_VALUES = 119;
  static constexpr int MAX_CONSTANTS = 80;
  static constexpr int ACT_ROW_BYTES = 16704;
  static constexpr int ACT_ROW_WORDS = 4176;
  static constexpr int MAX_WIDTH = 4096;
  static constexpr int MAX_VECTOR = 256;
  static constexpr int VECTOR_SLOTS = 1;

  // Linear array.
  static constexpr int MAX_IN = 640;
  static constexpr int MAX_OUT = 4096;
  static constexpr int MAX_GROUPS = 10;
  static constexpr int GROUP_TREE_HALF = 8;  // the epilogue's adder-tree buffers
  static constexpr int MAX_CHUNKS = 32;  // chunk words of a row (passes/weight_chunks.py)
  static constexpr int MAX_META_WORDS = 4;
  static constexpr int MAX_CHANNEL_BEATS = 537;
  // Its slices (backend_hls/floorplan.py): slice K owns weight channels [K x C / S, (K + 1) x C / S)
  // and their lanes, and sends DRAIN_LANES row sums a cycle back to the row writer.
  static constexpr int ARRAY_SLICES = 2;
  static constexpr int DRAIN_LANES = 16;
  static constexpr int VOCAB = 4096;
  static constexpr int MAX_VOCAB = 4096;
  static constexpr int LOGIT_BANKS = 128;  // the logits buffer's banks: min(SFU_LANES, MAX_VOCAB)
  static constexpr uint32_t LOGITS_OFFSET = 131648;
  // The linear layers' weight format: one per build, so the array's decode is wiring
  // (constant shifts and selects), not arithmetic on run-time fields.
  static constexpr uint32_t LIN_BITS = 2;
  static constexpr uint32_t LIN_GROUP = 64;
  static constexpr uint32_t LIN_N = 2;
  static constexpr uint32_t LIN_M = 4;
  static constexpr bool LIN_SPARSE = true;
  static constexpr bool LIN_CODE3 = false;
  static constexpr uint32_t LIN_INDEX_WIDTH = 2;  // bits of one index field
  static constexpr uint32_t LIN_KEPT_PER_GROUP = 32;
  // Their chunk words: kept weights, index fields, then spare bits (the group's metadata,
  // zero point then float16 scale, when it fits them; otherwise meta words before the chunks).
  static constexpr uint32_t LIN_KEPT_PER_CHUNK = 16;
  static constexpr uint32_t LIN_CHUNKS_PER_GROUP = 2;
  static constexpr uint32_t LIN_CHUNK_DATA_BITS = 64;
  static constexpr uint32_t LIN_CHUNK_SPARE_BITS = 0;
  static constexpr uint32_t LIN_META_BITS = 18;
  static constexpr bool LIN_META_IN_CHUNKS = false;
  static constexpr uint32_t LIN_META_PER_WORD = 3;
  static constexpr uint32_t LIN_WINDOW = 32;  // activation codes a chunk's weights choose from
  static constexpr uint32_t HEAD_KEPT_PER_CHUNK = 8;  // LM_HEAD's int8 codes a chunk
  static constexpr int MAX_KEPT_PER_CHUNK = 16;
  static constexpr int MAX_WINDOW_WORDS = 8;

  // Attention and the KV ring.
  static constexpr int MAX_HEADS = 8;
  static constexpr int MAX_KV_HEADS = 4;
  static constexpr int GROUP = 2;  // query heads per KV head
  // The attention unit's passes over the KV heads (at most ATT_LANES query heads a cycle), and
  // the KV ring's banks: two of a pass's KV heads each (two ports).
  static constexpr int ATT_PASSES = 1;  // cycles per key
  static constexpr int ATT_KV_HEADS = 4;  // KV heads a cycle
  static constexpr int KV_BANKS = 2;
  static constexpr int HEAD_DIM = 32;
  static constexpr int SINKS = 4;
  static constexpr int WINDOW = 252;  // 0: dense causal attention
  static constexpr int KV_BITS = 4;
  static constexpr int MAX_KEYS = 256;
  static constexpr int MAX_CACHED = 255;
  static constexpr float ROPE_SCALING = static_cast<float>(0x1.0000000000000p+0);

  // Entry points in the program binary.
  static constexpr uint32_t PREFILL_PROGRAM = 0;
  static constexpr uint32_t DECODE_PROGRAM = 1;

  // Timing of the C simulation (include/sim/accllm_sim.h): cycles a pipelined loop takes to
  // fill on entry (csynth reports the real iteration latency), cycles from an m_axi request
  // to its data (passes/cost_model.AXI_LATENCY), and the beats one HBM channel delivers per
  // kernel cycle (cost_model.channel_rate / 64: the board's sustained sequential rate).
  static constexpr int PIPELINE_DEPTH = 8;
  static constexpr int HBM_LATENCY = 150;
  static constexpr double HBM_BEATS_PER_CYCLE = 0.9213975694444444;
};

// Every scalar constant of engine_config, for tables by name (X-macro): the C simulation
// reads directive values such as `factor = C::SFU_LANES` by name (accllm_sim.h).
#define ACCLLM_ENGINE_CONSTANTS(X) \
  X(CONFIG_INTS) X(CLOCK_MHZ) X(LANES) X(KEPT_PER_LANE) X(MM_TOKEN_BLOCK) X(WEIGHT_FIFO_DEPTH) \
  X(MAX_TOKENS) X(MAX_BLOCKS) X(KV_SLOTS) X(WEIGHT_CHANNELS) X(KV_CHANNELS) X(MISC_CHANNEL) \
  X(BOARD_CHANNELS) X(NUM_PORTS) X(MISC_PORT) X(NUM_WRITE_PORTS) X(PORT_CMD_DEPTH) \
  X(MAX_PORT_COMMANDS) X(MAX_STORE_BEATS) X(PROGRAM_WORDS) X(MAX_INSTRUCTIONS) X(SFU_LANES) \
  X(SFU_HALF_BYTES) X(ATT_LANES) X(MAX_VALUES) X(MAX_CONSTANTS) X(ACT_ROW_BYTES) \
  X(ACT_ROW_WORDS) X(MAX_WIDTH) X(MAX_VECTOR) X(VECTOR_SLOTS) X(MAX_IN) X(MAX_OUT) \
  X(MAX_GROUPS) X(GROUP_TREE_HALF) X(MAX_CHUNKS) X(MAX_META_WORDS) X(MAX_CHANNEL_BEATS) \
  X(ARRAY_SLICES) X(DRAIN_LANES) X(VOCAB) X(MAX_VOCAB) X(LOGIT_BANKS) X(LOGITS_OFFSET) X(LIN_BITS) \
  X(LIN_GROUP) X(LIN_N) X(LIN_M) X(LIN_SPARSE) X(LIN_CODE3) X(LIN_INDEX_WIDTH) \
  X(LIN_KEPT_PER_GROUP) X(LIN_KEPT_PER_CHUNK) X(LIN_CHUNKS_PER_GROUP) X(LIN_CHUNK_DATA_BITS) \
  X(LIN_CHUNK_SPARE_BITS) X(LIN_META_BITS) X(LIN_META_IN_CHUNKS) X(LIN_META_PER_WORD) \
  X(LIN_WINDOW) X(HEAD_KEPT_PER_CHUNK) X(MAX_KEPT_PER_CHUNK) X(MAX_WINDOW_WORDS) X(MAX_HEADS) \
  X(MAX_KV_HEADS) X(GROUP) X(ATT_PASSES) X(ATT_KV_HEADS) X(KV_BANKS) X(HEAD_DIM) X(SINKS) \
  X(WINDOW) X(KV_BITS) X(MAX_KEYS) X(MAX_CACHED) X(ROPE_SCALING) X(PREFILL_PROGRAM) \
  X(DECODE_PROGRAM) X(PIPELINE_DEPTH) X(HBM_LATENCY) X(HBM_BEATS_PER_CYCLE)

#ifndef __SYNTHESIS__
// The constants of configuration C by name (ACCLLM_ENGINE_CONSTANTS), for the C simulation.
struct NamedConstant {
  const char* name;
  double value;
};
template <class C>
struct NamedConstants {
#define ACCLLM_NAMED_CONSTANT(name) {#name, static_cast<double>(C::name)},
  static constexpr NamedConstant table[] = {ACCLLM_ENGINE_CONSTANTS(ACCLLM_NAMED_CONSTANT)};
#undef ACCLLM_NAMED_CONSTANT
  static constexpr int count = static_cast<int>(sizeof(table) / sizeof(table[0]));
};
#endif

}  // namespace accllm

#endif  // ACCLLM_DEFAULTS_H
