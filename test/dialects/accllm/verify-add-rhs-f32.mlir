// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.add: rhs must have f32 elements.

%lhs, %rhs = "test.op"() : () -> (tensor<2x8xf32>, tensor<2x8xi32>)
%r = accllm.add %lhs, %rhs : tensor<2x8xf32>, tensor<2x8xi32> -> tensor<2x8xf32>

// CHECK: Operation does not verify: add rhs must have f32 elements, got i32
