// RUN: accllm-opt %s | accllm-opt | filecheck %s

// accllm.weight round-trips its checkpoint name, result type (any static rank, including 0-D;
// a builtin tensor or, as the frontend imports it, a `!torch.vtensor`) and a discardable
// attribute dictionary. Dynamic weight shapes are rejected, see verify-weight-static-shape.mlir.

%w0 = accllm.weight "model.layers.0.self_attn.q_proj.weight" : tensor<32x32xf32>
%w1 = accllm.weight "model.norm.weight" : tensor<32xf32>
%w2 = accllm.weight "lm_head.weight" {note = "tied"} : tensor<64x32xf32>
%w3 = accllm.weight "scalar" : tensor<f32>
%w4 = accllm.weight "model.layers.0.mlp.up_proj.weight" : !torch.vtensor<[64,32],f32>
%w5 = accllm.weight "model.norm.weight" : !torch.vtensor<[32],bf16>

// CHECK:      builtin.module {
// CHECK-NEXT:   %w0 = accllm.weight "model.layers.0.self_attn.q_proj.weight" : tensor<32x32xf32>
// CHECK-NEXT:   %w1 = accllm.weight "model.norm.weight" : tensor<32xf32>
// CHECK-NEXT:   %w2 = accllm.weight "lm_head.weight" {note = "tied"} : tensor<64x32xf32>
// CHECK-NEXT:   %w3 = accllm.weight "scalar" : tensor<f32>
// CHECK-NEXT:   %w4 = accllm.weight "model.layers.0.mlp.up_proj.weight" : !torch.vtensor<[64,32],f32>
// CHECK-NEXT:   %w5 = accllm.weight "model.norm.weight" : !torch.vtensor<[32],bf16>
// CHECK-NEXT: }
