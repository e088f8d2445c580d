// The named pipeline raises a whole imported decoder: no torch op is left, and each layer
// becomes rmsnorm -> q/k/v linear -> rope -> attention -> o linear -> add -> rmsnorm ->
// gate/up linear -> gated_mul -> down linear -> add, with one shared rope_freqs table.
// RUN: accllm-opt %S/Inputs/llama-2layer-torch.mlir -p accllm-raise | filecheck %s
// RUN: accllm-opt %S/Inputs/llama-2layer-torch.mlir -p accllm-raise | filecheck %s --check-prefix=NOTORCH

// NOTORCH-NOT: torch.

// CHECK:      func.func @forward(%[[IDS:.*]]: tensor<1x?xi64>) -> tensor<1x?x64xf32> {
// CHECK-NEXT:   %[[FREQS:.*]] = accllm.rope_freqs array<f32: 1.000000e+00, 1.000000e-01, 1.000000e-02, 1.000000e-03> scaling 1.000000e+00 : tensor<4xf32>
// CHECK-NEXT:   %[[TABLE:.*]] = accllm.weight "model.embed_tokens.weight" : tensor<64x32xf32>
// CHECK-NEXT:   %[[X:.*]] = accllm.embedding %[[TABLE]][%[[IDS]]]
// CHECK-NEXT:   %[[NW:.*]] = accllm.weight "model.layers.0.input_layernorm.weight"
// CHECK-NEXT:   %[[N:.*]] = accllm.rmsnorm %[[X]], %[[NW]] eps 1.000000e-06
// CHECK-NEXT:   %[[WQ:.*]] = accllm.weight "model.layers.0.self_attn.q_proj.weight" : tensor<32x32xf32>
// CHECK-NEXT:   %[[Q:.*]] = accllm.linear %[[N]], %[[WQ]]
// CHECK-NEXT:   %[[WK:.*]] = accllm.weight "model.layers.0.self_attn.k_proj.weight" : tensor<16x32xf32>
// CHECK-NEXT:   %[[K:.*]] = accllm.linear %[[N]], %[[WK]] : {{.*}} -> tensor<1x?x16xf32>
// CHECK-NEXT:   %[[WV:.*]] = accllm.weight "model.layers.0.self_attn.v_proj.weight"
// CHECK-NEXT:   %[[V:.*]] = accllm.linear %[[N]], %[[WV]]
// CHECK-NEXT:   %[[QR:.*]] = accllm.rope %[[Q]], %[[FREQS]] heads 4
// CHECK-NEXT:   %[[KR:.*]] = accllm.rope %[[K]], %[[FREQS]] heads 2
// CHECK-NEXT:   %[[A:.*]] = accllm.attention %[[QR]], %[[KR]], %[[V]] heads 4 kv_heads 2 scale 0.353553385 mask #accllm.causal
// CHECK-NEXT:   %[[WO:.*]] = accllm.weight "model.layers.0.self_attn.o_proj.weight"
// CHECK-NEXT:   %[[O:.*]] = accllm.linear %[[A]], %[[WO]]
// CHECK-NEXT:   %[[R1:.*]] = accllm.add %[[X]], %[[O]]
// CHECK-NEXT:   %[[PW:.*]] = accllm.weight "model.layers.0.post_attention_layernorm.weight"
// CHECK-NEXT:   %[[P:.*]] = accllm.rmsnorm %[[R1]], %[[PW]]
// CHECK-NEXT:   %[[WG:.*]] = accllm.weight "model.layers.0.mlp.gate_proj.weight" : tensor<64x32xf32>
// CHECK-NEXT:   %[[G:.*]] = accllm.linear %[[P]], %[[WG]]
// CHECK-NEXT:   %[[WU:.*]] = accllm.weight "model.layers.0.mlp.up_proj.weight"
// CHECK-NEXT:   %[[U:.*]] = accllm.linear %[[P]], %[[WU]]
// CHECK-NEXT:   %[[S:.*]] = accllm.gated_mul silu %[[G]], %[[U]]
// CHECK-NEXT:   %[[WD:.*]] = accllm.weight "model.layers.0.mlp.down_proj.weight" : tensor<32x64xf32>
// CHECK-NEXT:   %[[D:.*]] = accllm.linear %[[S]], %[[WD]]
// CHECK-NEXT:   %[[R2:.*]] = accllm.add %[[R1]], %[[D]]
// CHECK:        accllm.attention {{.*}} heads 4 kv_heads 2 scale 0.353553385 mask #accllm.causal
// CHECK:        %[[FW:.*]] = accllm.weight "model.norm.weight"
// CHECK-NEXT:   %[[FN:.*]] = accllm.rmsnorm %{{.*}}, %[[FW]] eps
// CHECK-NEXT:   %[[WL:.*]] = accllm.weight "lm_head.weight" : tensor<64x32xf32>
// CHECK-NEXT:   %[[L:.*]] = accllm.lm_head %[[FN]], %[[WL]] : (tensor<1x?x32xf32>, tensor<64x32xf32>) -> tensor<1x?x64xf32>
// CHECK-NEXT:   func.return %[[L]] : tensor<1x?x64xf32>
