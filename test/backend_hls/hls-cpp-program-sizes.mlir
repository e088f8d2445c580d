// MAX_VALUES and MAX_CONSTANTS are the program binary's own counts, read by name from its
// header and program table (program_binary.read_header / read_entries): this program
// defines at most 63 SSA values per entry and holds 47 constants; neither is the
// activation row size (1088 bytes) or any other header field.
// RUN: accllm-opt %S/../passes/Inputs/llama-2layer-torch.mlir -p 'accllm-raise,accllm-to-engine{weight_group=32 window=16 sinks=2 sparsity="2:4" lanes=8 kept_per_lane=4 weight_channels=3 kv_channels=1},engine-schedule' -t hls-cpp | filecheck %s

// CHECK:      constexpr int MAX_VALUES = 63;
// CHECK-NEXT: constexpr int MAX_CONSTANTS = 47;
// CHECK-NEXT: constexpr int ACT_ROW_BYTES = 1088;
