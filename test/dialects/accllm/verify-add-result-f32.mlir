// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.add: the result must have f32 elements.

%lhs, %rhs = "test.op"() : () -> (tensor<2x8xf32>, tensor<2x8xf32>)
%r = accllm.add %lhs, %rhs : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf16>

// CHECK: Operation does not verify: add result must have f32 elements, got f16
