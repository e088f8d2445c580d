// engine-buffer-alloc places each activation first-fit in a row of the activation buffer,
// reusing the bytes of values that are dead: the q projection takes the place of the
// normalized input once it has been quantized, and the residual stream keeps its place.
// RUN: accllm-opt %S/Inputs/llama-2layer-torch.mlir -p 'accllm-raise,accllm-to-engine{weight_group=32 window=16 sinks=2 lanes=8 kept_per_lane=4 weight_channels=4 kv_channels=2}' | filecheck %s

// CHECK:      builtin.module attributes {engine.config = {{.*}}, engine.act_row_bytes = 1088 : i64}
// CHECK:      %[[X:.*]] = engine.embed {{.*}} {engine.buffer = 0 : i64}
// CHECK-NEXT: engine.load_vector
// CHECK-NEXT: %[[N:.*]] = engine.rmsnorm %[[X]], {{.*}} {engine.buffer = 128 : i64}
// CHECK-NEXT: %[[Q8:.*]] = engine.quantize %[[N]] bits 8 {engine.buffer = 256 : i64}
// CHECK-NEXT: engine.load_weights
// CHECK-NEXT: engine.linear %[[Q8]], {{.*}} {engine.buffer = 128 : i64}
