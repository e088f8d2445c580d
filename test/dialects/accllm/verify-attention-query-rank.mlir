// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.attention: the query needs a last (feature) dimension.

%q, %k, %v = "test.op"() : () -> (tensor<f32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>)
%a = accllm.attention %q, %k, %v heads 4 kv_heads 2 scale 0.25 mask #accllm.causal : (tensor<f32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<f32>

// CHECK: Operation does not verify: attention query must have at least one dimension
