// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.attention: heads is a multiple of kv_heads (grouped-query attention).

%q, %k, %v = "test.op"() : () -> (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>)
%a = accllm.attention %q, %k, %v heads 4 kv_heads 3 scale 0.25 mask #accllm.causal : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>

// CHECK: Operation does not verify: heads (4) must be a multiple of kv_heads (3)

// -----

%q, %k, %v = "test.op"() : () -> (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>)
%a = accllm.attention %q, %k, %v heads 2 kv_heads 4 scale 0.25 mask #accllm.causal : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>

// CHECK: Operation does not verify: heads (2) must be a multiple of kv_heads (4)
