// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.rmsnorm: input and result have the same shape.

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<8xf32>)
%n = accllm.rmsnorm %x, %w eps 1.0e-05 : tensor<2x8xf32>, tensor<8xf32> -> tensor<2x4xf32>

// CHECK: Operation does not verify: rmsnorm input and result: shapes [2, 8] and [2, 4] differ

// -----

%x, %w = "test.op"() : () -> (tensor<?x8xf32>, tensor<8xf32>)
%n = accllm.rmsnorm %x, %w eps 1.0e-05 : tensor<?x8xf32>, tensor<8xf32> -> tensor<?x8x1xf32>

// CHECK: Operation does not verify: rmsnorm input and result: shapes [?, 8] and [?, 8, 1] differ
