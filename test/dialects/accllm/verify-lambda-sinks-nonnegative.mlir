// RUN: accllm-opt %s --parsing-diagnostics | filecheck %s

// #accllm.lambda: the number of sink tokens must be >= 0.
// Attribute verifiers run while the attribute is parsed, so the error is a parse error:
// --verify-diagnostics does not catch it, --parsing-diagnostics does.

%q, %k = "test.op"() : () -> (tensor<1x8x32xf32>, tensor<1x8x16xf32>)
%a = accllm.attention %q, %k, %k heads 4 kv_heads 2 scale 0.25 mask #accllm.lambda<sinks = -1, window = 16> : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>

// CHECK: lambda mask needs sinks >= 0, got -1
