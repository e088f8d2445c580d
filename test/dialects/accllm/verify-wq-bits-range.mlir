// RUN: accllm-opt %s --parsing-diagnostics --split-input-file | filecheck %s

// #accllm.wq: weight bits must be in [1, 8] (checked while parsing, pretty and generic form).
// Attribute verifiers run while the attribute is parsed, so the error is a parse error:
// --verify-diagnostics does not catch it, --parsing-diagnostics does.

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<4x8xf32>)
%y = accllm.linear %x, %w quant <bits = 0, group = 4, sym> : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>

// CHECK: weight bits must be in [1, 8], got 0

// -----

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<4x8xf32>)
%y = accllm.linear %x, %w quant <bits = 9, group = 4, asym> : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>

// CHECK: weight bits must be in [1, 8], got 9

// -----

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<4x8xf32>)
%y = "accllm.linear"(%x, %w) <{quant = #accllm.wq<bits = 16, group = 4, sym>}> : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>

// CHECK: weight bits must be in [1, 8], got 16
