// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.gated_mul: the result has the operands' shape.

%gate, %up = "test.op"() : () -> (tensor<2x8xf32>, tensor<2x8xf32>)
%r = accllm.gated_mul silu %gate, %up : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<8x2xf32>

// CHECK: Operation does not verify: gated_mul gate and result: shapes [2, 8] and [8, 2] differ
