// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.rmsnorm: the weight is 1-D with the input's feature size.

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<4xf32>)
%n = accllm.rmsnorm %x, %w eps 1.0e-05 : tensor<2x8xf32>, tensor<4xf32> -> tensor<2x8xf32>

// CHECK: Operation does not verify: rmsnorm weight must be 1-D of size 8, got [4]

// -----

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<1x8xf32>)
%n = accllm.rmsnorm %x, %w eps 1.0e-05 : tensor<2x8xf32>, tensor<1x8xf32> -> tensor<2x8xf32>

// CHECK: Operation does not verify: rmsnorm weight must be 1-D of size 8, got [1, 8]

// -----

%x, %w = "test.op"() : () -> (tensor<2x?xf32>, tensor<1x8xf32>)
%n = accllm.rmsnorm %x, %w eps 1.0e-05 : tensor<2x?xf32>, tensor<1x8xf32> -> tensor<2x?xf32>

// CHECK: Operation does not verify: rmsnorm weight must be 1-D of size ?, got [1, 8]
