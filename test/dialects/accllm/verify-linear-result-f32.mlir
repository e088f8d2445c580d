// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.linear: the result must have f32 elements.

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<4x8xf32>)
%y = accllm.linear %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xi32>

// CHECK: Operation does not verify: accllm.linear result must have f32 elements, got i32
