// RUN: accllm-opt %s | accllm-opt | filecheck %s

// accllm.attention with both mask kinds (`#accllm.causal`, `#accllm.lambda<...>`, which keep
// their prefix because the property accepts either), with and without a `kv_cache` (printed
// without its `#accllm.kv` prefix, both key granularities), multi-head and grouped-query,
// static and dynamic shapes, including dynamic feature widths (not checked against heads).

func.func @attention(%q: tensor<1x8x32xf32>, %k: tensor<1x8x16xf32>, %dq: tensor<?x?x32xf32>, %dk: tensor<?x?x16xf32>, %wq: tensor<1x?x?xf32>, %wk: tensor<1x?x?xf32>) {
  %mha = accllm.attention %q, %q, %q heads 4 kv_heads 4 scale 0.5 mask #accllm.causal : (tensor<1x8x32xf32>, tensor<1x8x32xf32>, tensor<1x8x32xf32>) -> tensor<1x8x32xf32>
  %gqa = accllm.attention %q, %k, %k heads 4 kv_heads 2 scale 0.25 mask #accllm.causal : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>
  %lam = accllm.attention %q, %k, %k heads 4 kv_heads 2 scale 0.25 mask #accllm.lambda<sinks = 4, window = 16> : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>
  %lam0 = accllm.attention %q, %k, %k heads 4 kv_heads 2 scale 0.25 mask #accllm.lambda<sinks = 0, window = 1> : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>
  %kvt = accllm.attention %q, %k, %k heads 4 kv_heads 2 scale 0.25 mask #accllm.causal kv_cache <bits = 8, keys = per_token> : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>
  %kvc = accllm.attention %dq, %dk, %dk heads 4 kv_heads 2 scale 0.25 mask #accllm.lambda<sinks = 4, window = 16> kv_cache <bits = 2, keys = per_channel> : (tensor<?x?x32xf32>, tensor<?x?x16xf32>, tensor<?x?x16xf32>) -> tensor<?x?x32xf32>
  %kv16 = accllm.attention %dq, %dk, %dk heads 4 kv_heads 2 scale 0.25 mask #accllm.causal kv_cache <bits = 16, keys = per_token> : (tensor<?x?x32xf32>, tensor<?x?x16xf32>, tensor<?x?x16xf32>) -> tensor<?x?x32xf32>
  %mixed = accllm.attention %q, %dk, %dk heads 4 kv_heads 2 scale 0.25 mask #accllm.causal : (tensor<1x8x32xf32>, tensor<?x?x16xf32>, tensor<?x?x16xf32>) -> tensor<1x?x32xf32>
  %width = accllm.attention %wq, %wk, %wk heads 4 kv_heads 2 scale 0.25 mask #accllm.causal : (tensor<1x?x?xf32>, tensor<1x?x?xf32>, tensor<1x?x?xf32>) -> tensor<1x?x?xf32>
  func.return
}

// CHECK-LABEL: func.func @attention(
// CHECK-NEXT:    %mha = accllm.attention %q, %q, %q heads 4 kv_heads 4 scale 5.000000e-01 mask #accllm.causal : (tensor<1x8x32xf32>, tensor<1x8x32xf32>, tensor<1x8x32xf32>) -> tensor<1x8x32xf32>
// CHECK-NEXT:    %gqa = accllm.attention %q, %k, %k heads 4 kv_heads 2 scale 2.500000e-01 mask #accllm.causal : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>
// CHECK-NEXT:    %lam = accllm.attention %q, %k, %k heads 4 kv_heads 2 scale 2.500000e-01 mask #accllm.lambda<sinks = 4, window = 16> : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>
// CHECK-NEXT:    %lam0 = accllm.attention %q, %k, %k heads 4 kv_heads 2 scale 2.500000e-01 mask #accllm.lambda<sinks = 0, window = 1> : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>
// CHECK-NEXT:    %kvt = accllm.attention %q, %k, %k heads 4 kv_heads 2 scale 2.500000e-01 mask #accllm.causal kv_cache <bits = 8, keys = per_token> : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>
// CHECK-NEXT:    %kvc = accllm.attention %dq, %dk, %dk heads 4 kv_heads 2 scale 2.500000e-01 mask #accllm.lambda<sinks = 4, window = 16> kv_cache <bits = 2, keys = per_channel> : (tensor<?x?x32xf32>, tensor<?x?x16xf32>, tensor<?x?x16xf32>) -> tensor<?x?x32xf32>
// CHECK-NEXT:    %kv16 = accllm.attention %dq, %dk, %dk heads 4 kv_heads 2 scale 2.500000e-01 mask #accllm.causal kv_cache <bits = 16, keys = per_token> : (tensor<?x?x32xf32>, tensor<?x?x16xf32>, tensor<?x?x16xf32>) -> tensor<?x?x32xf32>
// CHECK-NEXT:    %mixed = accllm.attention %q, %dk, %dk heads 4 kv_heads 2 scale 2.500000e-01 mask #accllm.causal : (tensor<1x8x32xf32>, tensor<?x?x16xf32>, tensor<?x?x16xf32>) -> tensor<1x?x32xf32>
// CHECK-NEXT:    %width = accllm.attention %wq, %wk, %wk heads 4 kv_heads 2 scale 2.500000e-01 mask #accllm.causal : (tensor<1x?x?xf32>, tensor<1x?x?xf32>, tensor<1x?x?xf32>) -> tensor<1x?x?xf32>
// CHECK-NEXT:    func.return
