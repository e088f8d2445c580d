// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.silu_mul: the result must have f32 elements.

%gate, %up = "test.op"() : () -> (tensor<2x8xf32>, tensor<2x8xf32>)
%r = accllm.silu_mul %gate, %up : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf16>

// CHECK: Operation does not verify: silu_mul result must have f32 elements, got f16
