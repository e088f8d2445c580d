// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.attention: the softmax scale must be positive.

%q, %k, %v = "test.op"() : () -> (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>)
%a = accllm.attention %q, %k, %v heads 4 kv_heads 2 scale 0.0 mask #accllm.causal : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>

// CHECK: Operation does not verify: attention scale must be positive, got 0.0

// -----

%q, %k, %v = "test.op"() : () -> (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>)
%a = accllm.attention %q, %k, %v heads 4 kv_heads 2 scale -0.5 mask #accllm.causal : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>

// CHECK: Operation does not verify: attention scale must be positive, got -0.5
