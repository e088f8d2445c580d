// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.attention: the query width is a multiple of heads.

%q, %k, %v = "test.op"() : () -> (tensor<1x8x30xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>)
%a = accllm.attention %q, %k, %v heads 4 kv_heads 2 scale 0.25 mask #accllm.causal : (tensor<1x8x30xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x30xf32>

// CHECK: Operation does not verify: query width 30 is not a multiple of heads (4)
