// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.attention: the mask is #accllm.causal or #accllm.lambda (IRDL property constraint).

%q, %k = "test.op"() : () -> (tensor<1x8x32xf32>, tensor<1x8x16xf32>)
%a = "accllm.attention"(%q, %k, %k) <{num_heads = 4 : i64, num_kv_heads = 2 : i64, scale = 0.25 : f32, mask = #accllm.kv<bits = 4, keys = per_token>}> : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>

// CHECK: Operation does not verify: Unexpected attribute #accllm.kv<bits = 4, keys = per_token>
