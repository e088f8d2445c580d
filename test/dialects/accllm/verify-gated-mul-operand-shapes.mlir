// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.gated_mul: both operands have the same shape.

%gate, %up = "test.op"() : () -> (tensor<2x8xf32>, tensor<2x4xf32>)
%r = accllm.gated_mul silu %gate, %up : tensor<2x8xf32>, tensor<2x4xf32> -> tensor<2x8xf32>

// CHECK: Operation does not verify: gated_mul gate and up: shapes [2, 8] and [2, 4] differ

// -----

%gate, %up = "test.op"() : () -> (tensor<?x8xf32>, tensor<2x8x1xf32>)
%r = accllm.gated_mul silu %gate, %up : tensor<?x8xf32>, tensor<2x8x1xf32> -> tensor<2x8xf32>

// CHECK: Operation does not verify: gated_mul gate and up: shapes [?, 8] and [2, 8, 1] differ
