// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.attention: key and value have the same shape.

%q, %k, %v = "test.op"() : () -> (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x8xf32>)
%a = accllm.attention %q, %k, %v heads 4 kv_heads 2 scale 0.25 mask #accllm.causal : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x8xf32>) -> tensor<1x8x32xf32>

// CHECK: Operation does not verify: attention key and value: shapes [1, 8, 16] and [1, 8, 8] differ
