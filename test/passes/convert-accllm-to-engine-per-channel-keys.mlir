// The engine stores the KV cache per token; per-channel key quantization is refused with
// one located line, no traceback.
// RUN: not accllm-opt %s -p 'convert-accllm-to-engine{lanes=8 kept_per_lane=4 weight_channels=4 kv_channels=2}' 2>&1 | filecheck %s
// RUN: not accllm-opt %s -p 'convert-accllm-to-engine{lanes=8 kept_per_lane=4 weight_channels=4 kv_channels=2}' 2>&1 | wc -l | filecheck %s --check-prefix=LINES
// The same refusal for the 2-layer decoder compressed with kv_keys=per_channel.
// RUN: not accllm-opt %S/Inputs/llama-2layer-torch.mlir -p 'accllm-raise,accllm-apply-compression{weight_group=32 window=16 sinks=2 kv_keys=per_channel},convert-accllm-to-engine{lanes=8 kept_per_lane=4 weight_channels=4 kv_channels=2}' 2>&1 | filecheck %s --check-prefix=RAISED

// CHECK-NOT: Traceback
// CHECK:     {{^}}model.py:20:4: error: 'accllm.attention' op the engine stores keys per token, not per_channel{{$}}
// CHECK-NOT: Traceback
// LINES:     {{^ *1$}}
// RAISED:    error: 'accllm.attention' op the engine stores keys per token, not per_channel
// RAISED-NOT: Traceback

func.func @forward(%ids: tensor<1x?xi64>) -> tensor<1x?x32xf32> {
  %t = accllm.weight "embed" : tensor<64x32xf32>
  %x = accllm.embedding %t[%ids] : tensor<64x32xf32>, tensor<1x?xi64> -> tensor<1x?x32xf32>
  %f = accllm.rope_freqs array<f32: 1.0, 0.1, 0.01, 0.001> scaling 1.0 : tensor<4xf32>
  %q = accllm.rope %x, %f heads 4 : tensor<1x?x32xf32>, tensor<4xf32> -> tensor<1x?x32xf32>
  %k = accllm.rope %x, %f heads 4 : tensor<1x?x32xf32>, tensor<4xf32> -> tensor<1x?x32xf32>
  %a = accllm.attention %q, %k, %x heads 4 kv_heads 4 scale 0.25 mask #accllm.lambda<sinks = 2, window = 16> kv_cache <bits = 4, keys = per_channel> : (tensor<1x?x32xf32>, tensor<1x?x32xf32>, tensor<1x?x32xf32>) -> tensor<1x?x32xf32> loc("model.py":20:4)
  func.return %a : tensor<1x?x32xf32>
}
