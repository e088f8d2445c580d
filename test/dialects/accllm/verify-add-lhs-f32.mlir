// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.add: lhs must have f32 elements.

%lhs, %rhs = "test.op"() : () -> (tensor<2x8xf16>, tensor<2x8xf32>)
%r = accllm.add %lhs, %rhs : tensor<2x8xf16>, tensor<2x8xf32> -> tensor<2x8xf32>

// CHECK: Operation does not verify: add lhs must have f32 elements, got f16
