// RUN: accllm-opt %s --parsing-diagnostics | filecheck %s

// #accllm.lambda: the local window must be >= 1.
// Attribute verifiers run while the attribute is parsed, so the error is a parse error:
// --verify-diagnostics does not catch it, --parsing-diagnostics does.

%q, %k = "test.op"() : () -> (tensor<1x8x32xf32>, tensor<1x8x16xf32>)
%a = accllm.attention %q, %k, %k heads 4 kv_heads 2 scale 0.25 mask #accllm.lambda<sinks = 4, window = 0> : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>

// CHECK: lambda mask needs window >= 1, got 0
