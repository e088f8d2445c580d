// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.linear: the bias must have f32 elements.

%x, %w, %b = "test.op"() : () -> (tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xf16>)
%y = accllm.linear %x, %w bias %b : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xf16>) -> tensor<2x4xf32>

// CHECK: Operation does not verify: accllm.linear bias must have f32 elements, got f16
