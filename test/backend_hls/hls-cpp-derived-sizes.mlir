// Directive values and ports follow the engine configuration, not fixed numbers: 3 weight
// channels and one KV channel give 4 read ports (0-2, and 31 for KV and misc) and one
// write port (31); the 4096 KiB weight FIFO split over 3 channels is 21845 beats deep per
// read port (16384 with 4 channels).
// RUN: accllm-opt %S/../passes/Inputs/llama-2layer-torch.mlir -p 'accllm-raise,accllm-to-engine{weight_group=32 window=16 sinks=2 sparsity="2:4" lanes=8 kept_per_lane=4 weight_channels=3 kv_channels=1},engine-schedule' -t hls-cpp | filecheck %s

// CHECK:      constexpr int WEIGHT_CHANNELS = 3;
// CHECK:      constexpr int NUM_PORTS = 4;
// CHECK-NEXT: constexpr int PORT_CHANNELS[NUM_PORTS] = {0, 1, 2, 31};
// CHECK:      port = hbm2 bundle = gmem2
// CHECK-NEXT: port = hbm31 bundle = gmem31
// CHECK-NEXT: port = hbm31_w bundle = gmem31_w
// CHECK-NEXT: s_axilite port = program_index
// CHECK:      STREAM variable = beats depth = 21845
