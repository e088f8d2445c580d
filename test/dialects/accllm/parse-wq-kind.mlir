// RUN: accllm-opt %s --parsing-diagnostics | filecheck %s

// #accllm.wq: the third field is the keyword `sym` or `asym`.
// Attribute verifiers run while the attribute is parsed, so the error is a parse error:
// --verify-diagnostics does not catch it, --parsing-diagnostics does.

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<4x8xf32>)
%y = accllm.linear %x, %w quant <bits = 4, group = 4, symmetric> : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>

// CHECK: expected one of: sym, asym
