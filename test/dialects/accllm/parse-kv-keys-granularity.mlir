// RUN: accllm-opt %s --parsing-diagnostics | filecheck %s

// #accllm.kv: keys are quantized per_token or per_channel. The parser only accepts these two
// keywords, so KVCacheAttr.verify()'s granularity check cannot fail on textual IR.
// Attribute verifiers run while the attribute is parsed, so the error is a parse error:
// --verify-diagnostics does not catch it, --parsing-diagnostics does.

%q, %k = "test.op"() : () -> (tensor<1x8x32xf32>, tensor<1x8x16xf32>)
%a = accllm.attention %q, %k, %k heads 4 kv_heads 2 scale 0.25 mask #accllm.causal kv_cache <bits = 4, keys = per_head> : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>

// CHECK: expected one of: per_token, per_channel
