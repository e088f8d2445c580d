// RUN: accllm-opt %s --parsing-diagnostics --split-input-file | filecheck %s

// #accllm.kv: KV cache bits must be in [2, 16].
// Attribute verifiers run while the attribute is parsed, so the error is a parse error:
// --verify-diagnostics does not catch it, --parsing-diagnostics does.

%q, %k = "test.op"() : () -> (tensor<1x8x32xf32>, tensor<1x8x16xf32>)
%a = accllm.attention %q, %k, %k heads 4 kv_heads 2 scale 0.25 mask #accllm.causal kv_cache <bits = 1, keys = per_token> : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>

// CHECK: KV cache bits must be in [2, 16], got 1

// -----

%q, %k = "test.op"() : () -> (tensor<1x8x32xf32>, tensor<1x8x16xf32>)
%a = accllm.attention %q, %k, %k heads 4 kv_heads 2 scale 0.25 mask #accllm.causal kv_cache <bits = 17, keys = per_channel> : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>

// CHECK: KV cache bits must be in [2, 16], got 17
