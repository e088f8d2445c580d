// RUN: accllm-opt %s --print-op-generic | accllm-opt --print-op-generic | filecheck %s

// The generic spelling of every accllm op (pretty input, printed generic, re-parsed from the
// generic form and printed generic again): properties in `<{...}>` with attributes under
// their full `#accllm.*` names, absent optional properties and operands left out.

func.func @generic(%ids: tensor<1x?xi64>, %x: tensor<1x?x32xf32>, %k: tensor<1x?x16xf32>) {
  %t = accllm.weight "embed" : tensor<64x32xf32>
  %e = accllm.embedding %t[%ids] : tensor<64x32xf32>, tensor<1x?xi64> -> tensor<1x?x32xf32>
  %nw = accllm.weight "norm" : tensor<32xf32>
  %n = accllm.rmsnorm %x, %nw eps 1.0e-05 : tensor<1x?x32xf32>, tensor<32xf32> -> tensor<1x?x32xf32>
  %f = accllm.rope_freqs array<f32: 1.0, 0.5, 0.25, 0.125> scaling 1.0 : tensor<4xf32>
  %r = accllm.rope %x, %f heads 4 : tensor<1x?x32xf32>, tensor<4xf32> -> tensor<1x?x32xf32>
  %w = accllm.weight "w" : tensor<16x32xf32>
  %b = accllm.weight "b" : tensor<16xf32>
  %l0 = accllm.linear %x, %w : (tensor<1x?x32xf32>, tensor<16x32xf32>) -> tensor<1x?x16xf32>
  %l1 = accllm.linear %x, %w bias %b quant <bits = 4, group = 32, sym> sparsity <2, 4> : (tensor<1x?x32xf32>, tensor<16x32xf32>, tensor<16xf32>) -> tensor<1x?x16xf32>
  %l2 = accllm.linear %x, %w quant <bits = 2, group = 16, asym> : (tensor<1x?x32xf32>, tensor<16x32xf32>) -> tensor<1x?x16xf32>
  %h0 = accllm.lm_head %x, %t : (tensor<1x?x32xf32>, tensor<64x32xf32>) -> tensor<1x?x64xf32>
  %h1 = accllm.lm_head %x, %t quant <bits = 8, group = 32, asym> : (tensor<1x?x32xf32>, tensor<64x32xf32>) -> tensor<1x?x64xf32>
  %q = accllm.quantize %x bits 8 : tensor<1x?x32xf32> -> tensor<1x?x32xf32>
  %a0 = accllm.attention %x, %k, %k heads 4 kv_heads 2 scale 0.25 mask #accllm.causal : (tensor<1x?x32xf32>, tensor<1x?x16xf32>, tensor<1x?x16xf32>) -> tensor<1x?x32xf32>
  %a1 = accllm.attention %x, %k, %k heads 4 kv_heads 2 scale 0.25 mask #accllm.lambda<sinks = 4, window = 16> kv_cache <bits = 4, keys = per_channel> : (tensor<1x?x32xf32>, tensor<1x?x16xf32>, tensor<1x?x16xf32>) -> tensor<1x?x32xf32>
  %s = accllm.gated_mul silu %a0, %a1 : tensor<1x?x32xf32>, tensor<1x?x32xf32> -> tensor<1x?x32xf32>
  %o = accllm.add %s, %x : tensor<1x?x32xf32>, tensor<1x?x32xf32> -> tensor<1x?x32xf32>
  func.return
}

// CHECK:      "func.func"() <{sym_name = "generic", function_type = (tensor<1x?xi64>, tensor<1x?x32xf32>, tensor<1x?x16xf32>) -> ()}> ({
// CHECK-NEXT: ^bb0(%ids: tensor<1x?xi64>, %x: tensor<1x?x32xf32>, %k: tensor<1x?x16xf32>):
// CHECK-NEXT:   %t = "accllm.weight"() <{name = "embed"}> : () -> tensor<64x32xf32>
// CHECK-NEXT:   %e = "accllm.embedding"(%t, %ids) : (tensor<64x32xf32>, tensor<1x?xi64>) -> tensor<1x?x32xf32>
// CHECK-NEXT:   %nw = "accllm.weight"() <{name = "norm"}> : () -> tensor<32xf32>
// CHECK-NEXT:   %n = "accllm.rmsnorm"(%x, %nw) <{epsilon = 1.000000e-05 : f32}> : (tensor<1x?x32xf32>, tensor<32xf32>) -> tensor<1x?x32xf32>
// CHECK-NEXT:   %f = "accllm.rope_freqs"() <{inv_freq = array<f32: 1.000000e+00, 5.000000e-01, 2.500000e-01, 1.250000e-01>, scaling = 1.000000e+00 : f32}> : () -> tensor<4xf32>
// CHECK-NEXT:   %r = "accllm.rope"(%x, %f) <{num_heads = 4 : i64}> : (tensor<1x?x32xf32>, tensor<4xf32>) -> tensor<1x?x32xf32>
// CHECK-NEXT:   %w = "accllm.weight"() <{name = "w"}> : () -> tensor<16x32xf32>
// CHECK-NEXT:   %b = "accllm.weight"() <{name = "b"}> : () -> tensor<16xf32>
// CHECK-NEXT:   %l0 = "accllm.linear"(%x, %w) : (tensor<1x?x32xf32>, tensor<16x32xf32>) -> tensor<1x?x16xf32>
// CHECK-NEXT:   %l1 = "accllm.linear"(%x, %w, %b) <{quant = #accllm.wq<bits = 4, group = 32, sym>, sparsity = #accllm.nm<2, 4>}> : (tensor<1x?x32xf32>, tensor<16x32xf32>, tensor<16xf32>) -> tensor<1x?x16xf32>
// CHECK-NEXT:   %l2 = "accllm.linear"(%x, %w) <{quant = #accllm.wq<bits = 2, group = 16, asym>}> : (tensor<1x?x32xf32>, tensor<16x32xf32>) -> tensor<1x?x16xf32>
// CHECK-NEXT:   %h0 = "accllm.lm_head"(%x, %t) : (tensor<1x?x32xf32>, tensor<64x32xf32>) -> tensor<1x?x64xf32>
// CHECK-NEXT:   %h1 = "accllm.lm_head"(%x, %t) <{quant = #accllm.wq<bits = 8, group = 32, asym>}> : (tensor<1x?x32xf32>, tensor<64x32xf32>) -> tensor<1x?x64xf32>
// CHECK-NEXT:   %q = "accllm.quantize"(%x) <{bits = 8 : i64}> : (tensor<1x?x32xf32>) -> tensor<1x?x32xf32>
// CHECK-NEXT:   %a0 = "accllm.attention"(%x, %k, %k) <{num_heads = 4 : i64, num_kv_heads = 2 : i64, scale = 2.500000e-01 : f32, mask = #accllm.causal}> : (tensor<1x?x32xf32>, tensor<1x?x16xf32>, tensor<1x?x16xf32>) -> tensor<1x?x32xf32>
// CHECK-NEXT:   %a1 = "accllm.attention"(%x, %k, %k) <{num_heads = 4 : i64, num_kv_heads = 2 : i64, scale = 2.500000e-01 : f32, mask = #accllm.lambda<sinks = 4, window = 16>, kv_cache = #accllm.kv<bits = 4, keys = per_channel>}> : (tensor<1x?x32xf32>, tensor<1x?x16xf32>, tensor<1x?x16xf32>) -> tensor<1x?x32xf32>
// CHECK-NEXT:   %s = "accllm.gated_mul"(%a0, %a1) <{activation = #accllm<activation silu>}> : (tensor<1x?x32xf32>, tensor<1x?x32xf32>) -> tensor<1x?x32xf32>
// CHECK-NEXT:   %o = "accllm.add"(%s, %x) : (tensor<1x?x32xf32>, tensor<1x?x32xf32>) -> tensor<1x?x32xf32>
// CHECK-NEXT:   "func.return"() : () -> ()
// CHECK-NEXT: }) : () -> ()
