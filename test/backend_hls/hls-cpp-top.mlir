// The hls-cpp target prints the generated kernel of an allocated, scheduled engine module:
// its configuration header (constants derived from the engine configuration and the model),
// and a top function with one m_axi bundle per HBM channel the program touches (4 weight
// channels, 2 KV channels, the misc channel 31 shared with program/ids/counters), s_axilite
// control, and storage directives sized from the configuration.
// RUN: accllm-opt %S/../passes/Inputs/llama-2layer-torch.mlir -p 'accllm-raise,accllm-to-engine{weight_group=32 window=16 sinks=2 sparsity="2:4" lanes=8 kept_per_lane=4 weight_channels=4 kv_channels=2},engine-schedule' -t hls-cpp | filecheck %s

// CHECK:      // ===== src/accllm_config.h =====
// CHECK:      constexpr uint32_t CONFIG[CONFIG_INTS] = {225, 8, 4, 32, 16, 64, 4, 2, 31, 512, 4096, 64, 1088};
// CHECK:      constexpr int LANES = 8;
// CHECK:      constexpr int NUM_PORTS = 6;
// CHECK-NEXT: constexpr int PORT_CHANNELS[NUM_PORTS] = {0, 1, 2, 3, 30, 31};
// CHECK:      constexpr int MISC_PORT = 5;
// CHECK:      constexpr int HEAD_DIM = 8;
// CHECK-NEXT: constexpr int SINKS = 2;
// CHECK-NEXT: constexpr int WINDOW = 16;
// CHECK-NEXT: constexpr int KV_BITS = 4;
// CHECK-NEXT: constexpr int MAX_KEYS = 18;
// CHECK-NEXT: constexpr int MAX_CACHED = 17;

// CHECK:      // ===== src/accllm_top.h =====
// CHECK:      void accllm_top(const uint32_t* program, const int32_t* token_ids, uint64_t* counters, accllm::Beat* hbm0, accllm::Beat* hbm1, accllm::Beat* hbm2, accllm::Beat* hbm3, accllm::Beat* hbm30, accllm::Beat* hbm31,

// CHECK:      // ===== src/accllm_top.cpp =====
// CHECK:      struct Ports {
// CHECK:          switch (channel) {
// CHECK-NEXT:       case 0: return hbm0[beat];
// CHECK:            case 31: return hbm31[beat];
// CHECK:      ACCLLM_HLS(HLS INTERFACE mode = m_axi port = program bundle = gmem31 offset = slave
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = m_axi port = token_ids bundle = gmem31 offset = slave)
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = m_axi port = counters bundle = gmem31 offset = slave)
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = m_axi port = hbm0 bundle = gmem0 offset = slave max_read_burst_length = 64
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = m_axi port = hbm1 bundle = gmem1
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = m_axi port = hbm2 bundle = gmem2
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = m_axi port = hbm3 bundle = gmem3
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = m_axi port = hbm30 bundle = gmem30
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = m_axi port = hbm31 bundle = gmem31
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = s_axilite port = program_index)
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = s_axilite port = tokens)
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = s_axilite port = position)
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = s_axilite port = return)
// CHECK:      ACCLLM_HLS(HLS ARRAY_PARTITION variable = state.act type = cyclic factor = 16 dim = 2)
// CHECK:      ACCLLM_HLS(HLS STREAM variable = state.weights depth = 16384)
// CHECK:      accllm::run_call(ports, state, program, token_ids, program_index, tokens, position, counters);
