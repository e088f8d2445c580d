// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.attention: the result must have f32 elements.

%q, %k, %v = "test.op"() : () -> (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>)
%a = accllm.attention %q, %k, %v heads 4 kv_heads 2 scale 0.25 mask #accllm.causal : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf16>

// CHECK: Operation does not verify: attention result must have f32 elements, got f16
