// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.gated_mul: the result must have f32 elements.

%gate, %up = "test.op"() : () -> (tensor<2x8xf32>, tensor<2x8xf32>)
%r = accllm.gated_mul silu %gate, %up : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf16>

// CHECK: Operation does not verify: gated_mul result must have f32 elements, got f16
