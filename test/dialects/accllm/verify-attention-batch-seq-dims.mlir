// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.attention: query and key agree on all but the feature dimension.

%q, %k, %v = "test.op"() : () -> (tensor<1x8x32xf32>, tensor<1x4x16xf32>, tensor<1x4x16xf32>)
%a = accllm.attention %q, %k, %v heads 4 kv_heads 2 scale 0.25 mask #accllm.causal : (tensor<1x8x32xf32>, tensor<1x4x16xf32>, tensor<1x4x16xf32>) -> tensor<1x8x32xf32>

// CHECK: Operation does not verify: query and key must have the same batch and sequence dims

// -----

%q, %k, %v = "test.op"() : () -> (tensor<1x8x32xf32>, tensor<8x16xf32>, tensor<8x16xf32>)
%a = accllm.attention %q, %k, %v heads 4 kv_heads 2 scale 0.25 mask #accllm.causal : (tensor<1x8x32xf32>, tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<1x8x32xf32>

// CHECK: Operation does not verify: query and key must have the same batch and sequence dims
