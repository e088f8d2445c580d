// RUN: accllm-opt %s --parsing-diagnostics --split-input-file | filecheck %s

// #accllm.nm: N:M sparsity needs 0 < N < M.
// Attribute verifiers run while the attribute is parsed, so the error is a parse error:
// --verify-diagnostics does not catch it, --parsing-diagnostics does.

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<4x8xf32>)
%y = accllm.linear %x, %w sparsity <4, 4> : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>

// CHECK: N:M sparsity needs 0 < N < M, got 4:4

// -----

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<4x8xf32>)
%y = accllm.linear %x, %w sparsity <0, 4> : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>

// CHECK: N:M sparsity needs 0 < N < M, got 0:4

// -----

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<4x8xf32>)
%y = "accllm.linear"(%x, %w) <{sparsity = #accllm.nm<3, 2>}> : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>

// CHECK: N:M sparsity needs 0 < N < M, got 3:2
