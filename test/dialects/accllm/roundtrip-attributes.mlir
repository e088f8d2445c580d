// RUN: accllm-opt %s | accllm-opt | filecheck %s

// Every accllm attribute, written on its own (in a discardable attribute dictionary), keeps
// its full `#accllm.<name>` spelling: both weight-quantization kinds, N:M sparsity, both
// masks, both KV-cache key granularities, and the ends of every accepted range.

"test.op"() {
  wq_sym = #accllm.wq<bits = 4, group = 128, sym>,
  wq_asym = #accllm.wq<bits = 2, group = 16, asym>,
  wq_min = #accllm.wq<bits = 1, group = 1, asym>,
  wq_max = #accllm.wq<bits = 8, group = 32, sym>,
  nm = #accllm.nm<2, 4>,
  nm_wide = #accllm.nm<1, 16>,
  causal = #accllm.causal,
  lambda = #accllm.lambda<sinks = 4, window = 1024>,
  lambda_min = #accllm.lambda<sinks = 0, window = 1>,
  kv_token = #accllm.kv<bits = 2, keys = per_token>,
  kv_channel = #accllm.kv<bits = 16, keys = per_channel>
} : () -> ()

// CHECK:      "test.op"() {
// CHECK-SAME: wq_sym = #accllm.wq<bits = 4, group = 128, sym>,
// CHECK-SAME: wq_asym = #accllm.wq<bits = 2, group = 16, asym>,
// CHECK-SAME: wq_min = #accllm.wq<bits = 1, group = 1, asym>,
// CHECK-SAME: wq_max = #accllm.wq<bits = 8, group = 32, sym>,
// CHECK-SAME: nm = #accllm.nm<2, 4>,
// CHECK-SAME: nm_wide = #accllm.nm<1, 16>,
// CHECK-SAME: causal = #accllm.causal,
// CHECK-SAME: lambda = #accllm.lambda<sinks = 4, window = 1024>,
// CHECK-SAME: lambda_min = #accllm.lambda<sinks = 0, window = 1>,
// CHECK-SAME: kv_token = #accllm.kv<bits = 2, keys = per_token>,
// CHECK-SAME: kv_channel = #accllm.kv<bits = 16, keys = per_channel>
// CHECK-SAME: } : () -> ()
