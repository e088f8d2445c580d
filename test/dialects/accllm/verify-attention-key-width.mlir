// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.attention: the key width is kv_heads x head_dim (head_dim = query width / heads).

%q, %k, %v = "test.op"() : () -> (tensor<1x8x32xf32>, tensor<1x8x8xf32>, tensor<1x8x8xf32>)
%a = accllm.attention %q, %k, %v heads 4 kv_heads 2 scale 0.25 mask #accllm.causal : (tensor<1x8x32xf32>, tensor<1x8x8xf32>, tensor<1x8x8xf32>) -> tensor<1x8x32xf32>

// CHECK: Operation does not verify: key width 8 != kv_heads (2) x head_dim (8)

// -----

%q, %k, %v = "test.op"() : () -> (tensor<1x?x32xf32>, tensor<1x?x32xf32>, tensor<1x?x32xf32>)
%a = accllm.attention %q, %k, %v heads 4 kv_heads 2 scale 0.25 mask #accllm.causal : (tensor<1x?x32xf32>, tensor<1x?x32xf32>, tensor<1x?x32xf32>) -> tensor<1x?x32xf32>

// CHECK: Operation does not verify: key width 32 != kv_heads (2) x head_dim (8)
