// The hls-cpp target prints the generated kernel of an allocated, scheduled engine module:
// its configuration header (constants derived from the engine configuration and the model),
// and a top function with one m_axi read bundle per HBM channel the program touches (4
// weight channels, 2 KV channels, misc channel 31) and one write bundle per channel ST
// writes (the KV channels 30-31, misc 31), the program / ids / counters on their own bundle,
// s_axilite control, and the call's DATAFLOW region: LD, a burst reader per read port, EX,
// ST, a burst writer per write port.
// RUN: accllm-opt %S/../passes/Inputs/llama-2layer-torch.mlir -p 'accllm-raise,accllm-to-engine{weight_group=32 window=16 sinks=2 sparsity="2:4" lanes=8 kept_per_lane=4 weight_channels=4 kv_channels=2},engine-schedule' -t hls-cpp | filecheck %s

// CHECK:      // ===== src/accllm_config.h =====
// CHECK:      constexpr uint32_t CONFIG[CONFIG_INTS] = {225, 8, 4, 32, 16, 64, 4, 2, 31, 512, 4096, 64, 1088};
// CHECK:      constexpr int LANES = 8;
// CHECK:      constexpr int NUM_PORTS = 6;
// CHECK-NEXT: constexpr int PORT_CHANNELS[NUM_PORTS] = {0, 1, 2, 3, 30, 31};
// CHECK:      constexpr int MISC_PORT = 5;
// CHECK:      constexpr int NUM_WRITE_PORTS = 2;
// CHECK-NEXT: constexpr int WRITE_PORT_CHANNELS[NUM_WRITE_PORTS] = {30, 31};
// CHECK:      constexpr int HEAD_DIM = 8;
// CHECK-NEXT: constexpr int SINKS = 2;
// CHECK-NEXT: constexpr int WINDOW = 16;
// CHECK-NEXT: constexpr int KV_BITS = 4;
// CHECK-NEXT: constexpr int MAX_KEYS = 18;
// CHECK-NEXT: constexpr int MAX_CACHED = 17;

// CHECK:      // ===== src/accllm_top.h =====
// CHECK:      void accllm_top(const accllm::Beat* program, const int32_t* token_ids, uint64_t* counters, accllm::Beat* hbm0, accllm::Beat* hbm1, accllm::Beat* hbm2, accllm::Beat* hbm3, accllm::Beat* hbm30, accllm::Beat* hbm31, accllm::Beat* hbm30_w, accllm::Beat* hbm31_w,

// CHECK:      // ===== src/accllm_top.cpp =====
// CHECK:      ACCLLM_HLS(HLS INTERFACE mode = m_axi port = program bundle = gmem31_ctl offset = slave
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = m_axi port = token_ids bundle = gmem31_ctl offset = slave max_read_burst_length = 64
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = m_axi port = counters bundle = gmem31_ctl offset = slave max_read_burst_length = 64
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = m_axi port = hbm0 bundle = gmem0 offset = slave max_read_burst_length = 64
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = m_axi port = hbm1 bundle = gmem1
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = m_axi port = hbm2 bundle = gmem2
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = m_axi port = hbm3 bundle = gmem3
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = m_axi port = hbm30 bundle = gmem30
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = m_axi port = hbm31 bundle = gmem31
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = m_axi port = hbm30_w bundle = gmem30_w
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = m_axi port = hbm31_w bundle = gmem31_w
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = s_axilite port = program_index)
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = s_axilite port = tokens)
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = s_axilite port = position)
// CHECK-NEXT: ACCLLM_HLS(HLS INTERFACE mode = s_axilite port = return)
// CHECK:      ACCLLM_HLS(HLS ARRAY_PARTITION variable = state.act type = cyclic factor = 16 dim = 2)
// CHECK:      accllm::open_call<Config>(program, token_ids, program_index, tokens, position, call);
// CHECK:      ACCLLM_HLS(HLS DATAFLOW)
// CHECK:      ACCLLM_HLS(HLS STREAM variable = beats depth = 16384)
// CHECK:      ACCLLM_PROCESS(accllm::load_unit<Config>(
// CHECK-NEXT: ACCLLM_PROCESS(accllm::read_port<Config>(hbm0, 0, read_cmds[0], beats[0], call.read_bytes[0]));
// CHECK:      ACCLLM_PROCESS(accllm::read_port<Config>(hbm31, 31, read_cmds[5], beats[5], call.read_bytes[5]));
// CHECK-NEXT: ACCLLM_PROCESS(accllm::execute<Config>(
// CHECK:      ACCLLM_PROCESS(accllm::store_unit<Config>(
// CHECK-NEXT: ACCLLM_PROCESS(accllm::write_port<Config>(hbm30_w, 30, write_cmds[0], writes[0], call.written_bytes[0]));
// CHECK-NEXT: ACCLLM_PROCESS(accllm::write_port<Config>(hbm31_w, 31, write_cmds[1], writes[1], call.written_bytes[1]));
// CHECK-NEXT: ACCLLM_DATAFLOW_JOIN();
// CHECK:      accllm::close_call<Config>(call, counters);
