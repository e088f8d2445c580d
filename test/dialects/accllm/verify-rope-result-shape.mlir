// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.rope: input and result have the same shape.

%x, %f = "test.op"() : () -> (tensor<2x8xf32>, tensor<2xf32>)
%r = accllm.rope %x, %f heads 2 : tensor<2x8xf32>, tensor<2xf32> -> tensor<4x8xf32>

// CHECK: Operation does not verify: rope input and result: shapes [2, 8] and [4, 8] differ
