// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.rmsnorm: epsilon must be positive.

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<8xf32>)
%n = accllm.rmsnorm %x, %w eps 0.0 : tensor<2x8xf32>, tensor<8xf32> -> tensor<2x8xf32>

// CHECK: Operation does not verify: rmsnorm epsilon must be positive, got 0.0

// -----

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<8xf32>)
%n = accllm.rmsnorm %x, %w eps -0.5 : tensor<2x8xf32>, tensor<8xf32> -> tensor<2x8xf32>

// CHECK: Operation does not verify: rmsnorm epsilon must be positive, got -0.5
