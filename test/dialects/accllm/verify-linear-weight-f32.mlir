// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.linear: the weight must have f32 elements.

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<4x8xi8>)
%y = accllm.linear %x, %w : (tensor<2x8xf32>, tensor<4x8xi8>) -> tensor<2x4xf32>

// CHECK: Operation does not verify: accllm.linear weight must have f32 elements, got i8
