// The emitter refuses a program without queue tokens (engine-schedule not run) with one
// located line and a non-zero exit, and prints no partial code.
// RUN: not accllm-opt %S/../passes/Inputs/llama-2layer-torch.mlir -p 'accllm-raise,accllm-to-engine{weight_group=32 lanes=8 kept_per_lane=4 weight_channels=4 kv_channels=2}' -t hls-cpp 2>&1 | filecheck %s
// RUN: not accllm-opt %S/../passes/Inputs/llama-2layer-torch.mlir -p 'accllm-raise,accllm-to-engine{weight_group=32 lanes=8 kept_per_lane=4 weight_channels=4 kv_channels=2}' -t hls-cpp 2>/dev/null | wc -c | filecheck %s --check-prefix=EMPTY

// CHECK:     hls-cpp: {{.*}}error: 'engine.embed' op has no queue tokens (run engine-schedule first)
// CHECK-NOT: constexpr
// EMPTY:     0
