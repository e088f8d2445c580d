// RUN: accllm-opt %s --parsing-diagnostics --split-input-file | filecheck %s

// #accllm.wq: the quantization group must be positive.
// Attribute verifiers run while the attribute is parsed, so the error is a parse error:
// --verify-diagnostics does not catch it, --parsing-diagnostics does.

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<4x8xf32>)
%y = accllm.linear %x, %w quant <bits = 4, group = 0, sym> : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>

// CHECK: quantization group must be positive, got 0

// -----

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<4x8xf32>)
%y = "accllm.linear"(%x, %w) <{quant = #accllm.wq<bits = 4, group = -8, sym>}> : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>

// CHECK: quantization group must be positive, got -8
