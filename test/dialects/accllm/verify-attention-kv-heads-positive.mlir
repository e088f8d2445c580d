// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.attention: the number of KV heads must be positive.

%q, %k, %v = "test.op"() : () -> (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>)
%a = accllm.attention %q, %k, %v heads 4 kv_heads 0 scale 0.25 mask #accllm.causal : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>

// CHECK: Operation does not verify: attention kv_heads must be positive, got 0

// -----

%q, %k, %v = "test.op"() : () -> (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>)
%a = accllm.attention %q, %k, %v heads 4 kv_heads -2 scale 0.25 mask #accllm.causal : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>

// CHECK: Operation does not verify: attention kv_heads must be positive, got -2
