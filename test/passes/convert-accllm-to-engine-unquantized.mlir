// The engine computes only what the IR states completely: a linear without a weight format
// (accllm-apply-compression not run) is refused with one located line, no traceback.
// RUN: not accllm-opt %s -p 'convert-accllm-to-engine{lanes=8 kept_per_lane=4 weight_channels=4 kv_channels=2}' 2>&1 | filecheck %s
// RUN: not accllm-opt %s -p 'convert-accllm-to-engine{lanes=8 kept_per_lane=4 weight_channels=4 kv_channels=2}' 2>&1 | wc -l | filecheck %s --check-prefix=LINES
// The raised 2-layer decoder without compression fails the same way (its ops carry no location).
// RUN: not accllm-opt %S/Inputs/llama-2layer-torch.mlir -p 'accllm-raise,convert-accllm-to-engine{lanes=8 kept_per_lane=4 weight_channels=4 kv_channels=2}' 2>&1 | filecheck %s --check-prefix=RAISED

// CHECK-NOT: Traceback
// CHECK:     {{^}}model.py:12:8: error: 'accllm.linear' op weights must be quantized for the engine (run accllm-apply-compression){{$}}
// CHECK-NOT: Traceback
// LINES:     {{^ *1$}}
// RAISED:    error: 'accllm.linear' op weights must be quantized for the engine (run accllm-apply-compression)
// RAISED-NOT: Traceback

func.func @forward(%ids: tensor<1x?xi64>) -> tensor<1x?x64xf32> {
  %t = accllm.weight "embed" : tensor<64x32xf32>
  %x = accllm.embedding %t[%ids] : tensor<64x32xf32>, tensor<1x?xi64> -> tensor<1x?x32xf32>
  %w = accllm.weight "w" : tensor<32x32xf32>
  %y = accllm.linear %x, %w : (tensor<1x?x32xf32>, tensor<32x32xf32>) -> tensor<1x?x32xf32> loc("model.py":12:8)
  %h = accllm.weight "lm_head" : tensor<64x32xf32>
  %l = accllm.lm_head %y, %h : (tensor<1x?x32xf32>, tensor<64x32xf32>) -> tensor<1x?x64xf32>
  func.return %l : tensor<1x?x64xf32>
}
