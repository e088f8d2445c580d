// RUN: accllm-opt %s | accllm-opt | filecheck %s

// A whole (toy) decoder in the pretty form: every op in context, values flowing between them.

func.func @forward(%ids: tensor<1x?xi64>) -> tensor<1x?x64xf32> {
  %t = accllm.weight "model.embed_tokens.weight" : tensor<64x32xf32>
  %x = accllm.embedding %t[%ids] : tensor<64x32xf32>, tensor<1x?xi64> -> tensor<1x?x32xf32>
  %nw = accllm.weight "model.norm.weight" : tensor<32xf32>
  %n = accllm.rmsnorm %x, %nw eps 1.0e-06 : tensor<1x?x32xf32>, tensor<32xf32> -> tensor<1x?x32xf32>
  %f = accllm.rope_freqs array<f32: 1.0, 0.1, 0.01, 0.001> scaling 1.0 : tensor<4xf32>
  %wq = accllm.weight "q" : tensor<32x32xf32>
  %q = accllm.linear %n, %wq quant <bits = 2, group = 16, asym> sparsity <2, 4> : (tensor<1x?x32xf32>, tensor<32x32xf32>) -> tensor<1x?x32xf32>
  %wk = accllm.weight "k" : tensor<16x32xf32>
  %bk = accllm.weight "kb" : tensor<16xf32>
  %k = accllm.linear %n, %wk bias %bk : (tensor<1x?x32xf32>, tensor<16x32xf32>, tensor<16xf32>) -> tensor<1x?x16xf32>
  %qr = accllm.rope %q, %f heads 4 : tensor<1x?x32xf32>, tensor<4xf32> -> tensor<1x?x32xf32>
  %kr = accllm.rope %k, %f heads 2 : tensor<1x?x16xf32>, tensor<4xf32> -> tensor<1x?x16xf32>
  %a = accllm.attention %qr, %kr, %k heads 4 kv_heads 2 scale 0.35355339 mask #accllm.lambda<sinks = 4, window = 16> kv_cache <bits = 4, keys = per_channel> : (tensor<1x?x32xf32>, tensor<1x?x16xf32>, tensor<1x?x16xf32>) -> tensor<1x?x32xf32>
  %a2 = accllm.attention %qr, %kr, %k heads 4 kv_heads 2 scale 0.35355339 mask #accllm.causal : (tensor<1x?x32xf32>, tensor<1x?x16xf32>, tensor<1x?x16xf32>) -> tensor<1x?x32xf32>
  %aq = accllm.quantize %a bits 8 : tensor<1x?x32xf32> -> tensor<1x?x32xf32>
  %s = accllm.gated_mul silu %aq, %a2 : tensor<1x?x32xf32>, tensor<1x?x32xf32> -> tensor<1x?x32xf32>
  %r = accllm.add %s, %x : tensor<1x?x32xf32>, tensor<1x?x32xf32> -> tensor<1x?x32xf32>
  %l = accllm.lm_head %r, %t : (tensor<1x?x32xf32>, tensor<64x32xf32>) -> tensor<1x?x64xf32>
  func.return %l : tensor<1x?x64xf32>
}

// CHECK-LABEL: func.func @forward(%ids: tensor<1x?xi64>) -> tensor<1x?x64xf32> {
// CHECK-NEXT:    %t = accllm.weight "model.embed_tokens.weight" : tensor<64x32xf32>
// CHECK-NEXT:    %x = accllm.embedding %t[%ids] : tensor<64x32xf32>, tensor<1x?xi64> -> tensor<1x?x32xf32>
// CHECK-NEXT:    %nw = accllm.weight "model.norm.weight" : tensor<32xf32>
// CHECK-NEXT:    %n = accllm.rmsnorm %x, %nw eps 1.000000e-06 : tensor<1x?x32xf32>, tensor<32xf32> -> tensor<1x?x32xf32>
// CHECK-NEXT:    %f = accllm.rope_freqs array<f32: 1.000000e+00, 1.000000e-01, 1.000000e-02, 1.000000e-03> scaling 1.000000e+00 : tensor<4xf32>
// CHECK-NEXT:    %wq = accllm.weight "q" : tensor<32x32xf32>
// CHECK-NEXT:    %q = accllm.linear %n, %wq quant <bits = 2, group = 16, asym> sparsity <2, 4> : (tensor<1x?x32xf32>, tensor<32x32xf32>) -> tensor<1x?x32xf32>
// CHECK-NEXT:    %wk = accllm.weight "k" : tensor<16x32xf32>
// CHECK-NEXT:    %bk = accllm.weight "kb" : tensor<16xf32>
// CHECK-NEXT:    %k = accllm.linear %n, %wk bias %bk : (tensor<1x?x32xf32>, tensor<16x32xf32>, tensor<16xf32>) -> tensor<1x?x16xf32>
// CHECK-NEXT:    %qr = accllm.rope %q, %f heads 4 : tensor<1x?x32xf32>, tensor<4xf32> -> tensor<1x?x32xf32>
// CHECK-NEXT:    %kr = accllm.rope %k, %f heads 2 : tensor<1x?x16xf32>, tensor<4xf32> -> tensor<1x?x16xf32>
// CHECK-NEXT:    %a = accllm.attention %qr, %kr, %k heads 4 kv_heads 2 scale 0.353553385 mask #accllm.lambda<sinks = 4, window = 16> kv_cache <bits = 4, keys = per_channel> : (tensor<1x?x32xf32>, tensor<1x?x16xf32>, tensor<1x?x16xf32>) -> tensor<1x?x32xf32>
// CHECK-NEXT:    %a2 = accllm.attention %qr, %kr, %k heads 4 kv_heads 2 scale 0.353553385 mask #accllm.causal : (tensor<1x?x32xf32>, tensor<1x?x16xf32>, tensor<1x?x16xf32>) -> tensor<1x?x32xf32>
// CHECK-NEXT:    %aq = accllm.quantize %a bits 8 : tensor<1x?x32xf32> -> tensor<1x?x32xf32>
// CHECK-NEXT:    %s = accllm.gated_mul silu %aq, %a2 : tensor<1x?x32xf32>, tensor<1x?x32xf32> -> tensor<1x?x32xf32>
// CHECK-NEXT:    %r = accllm.add %s, %x : tensor<1x?x32xf32>, tensor<1x?x32xf32> -> tensor<1x?x32xf32>
// CHECK-NEXT:    %l = accllm.lm_head %r, %t : (tensor<1x?x32xf32>, tensor<64x32xf32>) -> tensor<1x?x64xf32>
// CHECK-NEXT:    func.return %l : tensor<1x?x64xf32>
// CHECK-NEXT:  }
