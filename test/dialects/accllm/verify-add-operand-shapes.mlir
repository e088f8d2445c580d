// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.add: both operands have the same shape.

%lhs, %rhs = "test.op"() : () -> (tensor<2x8xf32>, tensor<2x4xf32>)
%r = accllm.add %lhs, %rhs : tensor<2x8xf32>, tensor<2x4xf32> -> tensor<2x8xf32>

// CHECK: Operation does not verify: add lhs and rhs: shapes [2, 8] and [2, 4] differ

// -----

%lhs, %rhs = "test.op"() : () -> (tensor<?x8xf32>, tensor<2x8x1xf32>)
%r = accllm.add %lhs, %rhs : tensor<?x8xf32>, tensor<2x8x1xf32> -> tensor<2x8xf32>

// CHECK: Operation does not verify: add lhs and rhs: shapes [?, 8] and [2, 8, 1] differ
