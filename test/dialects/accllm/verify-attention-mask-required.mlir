// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.attention: the mask is not optional.

%q, %k = "test.op"() : () -> (tensor<1x8x32xf32>, tensor<1x8x16xf32>)
%a = "accllm.attention"(%q, %k, %k) <{num_heads = 4 : i64, num_kv_heads = 2 : i64, scale = 0.25 : f32}> : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>

// CHECK: Operation does not verify: property 'mask' expected in operation 'accllm.attention'
