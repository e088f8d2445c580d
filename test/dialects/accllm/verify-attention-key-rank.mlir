// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.attention: the key needs a last (feature) dimension.

%q, %k, %v = "test.op"() : () -> (tensor<1x8x32xf32>, tensor<f32>, tensor<f32>)
%a = accllm.attention %q, %k, %v heads 4 kv_heads 2 scale 0.25 mask #accllm.causal : (tensor<1x8x32xf32>, tensor<f32>, tensor<f32>) -> tensor<1x8x32xf32>

// CHECK: Operation does not verify: attention key must have at least one dimension
