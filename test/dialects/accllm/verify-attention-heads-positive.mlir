// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.attention: the number of query heads must be positive.

%q, %k, %v = "test.op"() : () -> (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>)
%a = accllm.attention %q, %k, %v heads 0 kv_heads 2 scale 0.25 mask #accllm.causal : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>

// CHECK: Operation does not verify: attention heads must be positive, got 0
