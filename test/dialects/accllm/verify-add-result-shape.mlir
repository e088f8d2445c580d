// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.add: the result has the operands' shape.

%lhs, %rhs = "test.op"() : () -> (tensor<2x8xf32>, tensor<2x8xf32>)
%r = accllm.add %lhs, %rhs : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<8x2xf32>

// CHECK: Operation does not verify: add lhs and result: shapes [2, 8] and [8, 2] differ
