// convert-accllm-to-engine maps the compressed 2-layer decoder onto two engine programs over
// the same weights: prefill (linears in mode mm) and decode (mode mv). RMSNorm, quantize,
// the key RoPE, SiLU x up and the residual adds go to the SFU; each attention becomes a
// kv_load / attention / kv_append sequence on its layer (the query is rotated inside the
// attention unit, so it has no engine.rope); the configuration sits on the module as
// #engine.config, and HBM offsets are left at 0 for engine-hbm-alloc.
// RUN: accllm-opt %S/Inputs/llama-2layer-torch.mlir -p 'accllm-raise,accllm-apply-compression{weight_group=32 window=16 sinks=2},convert-accllm-to-engine{lanes=8 kept_per_lane=4 weight_channels=4 kv_channels=2}' > %t
// RUN: filecheck %s < %t
// RUN: filecheck %s --check-prefix=MODES < %t

// CHECK:       builtin.module attributes {engine.config = #engine.config<board = u280, clock_mhz = 225, lanes = 8, kept_per_lane = 4, {{.*}}, weight_channels = 4, kv_channels = 2, {{.*}}>} {
// CHECK-NOT:   func.func
// CHECK-LABEL: engine.program "prefill" {
// CHECK-NEXT:  ^bb0(%[[T:.*]]: !engine.tokens):
// CHECK-NEXT:    %[[X:.*]] = engine.embed %[[T]] "model.embed_tokens.weight" rows 64 channels array<i64: 0, 1, 2, 3> offsets array<i64: 0, 0, 0, 0> : !engine.act<32>
// CHECK-NEXT:    %[[NW:.*]] = engine.load_vector "model.layers.0.input_layernorm.weight" at 0 : !engine.vector<32>
// CHECK-NEXT:    %[[N:.*]] = engine.rmsnorm %[[X]], %[[NW]] eps 1.000000e-06 : !engine.act<32>, !engine.vector<32> -> !engine.act<32>
// CHECK-NEXT:    %[[NQ:.*]] = engine.quantize %[[N]] bits 8 : !engine.act<32> -> !engine.qact<32>
// CHECK-NEXT:    %[[WQ:.*]] = engine.load_weights "model.layers.0.self_attn.q_proj.weight" format <bits = 2, group = 32, sparse 2:4, pair2> channels array<i64: 0, 1, 2, 3> offsets array<i64: 0, 0, 0, 0> bytes array<i64: 256, 256, 256, 256> : !engine.weights<32x32>
// CHECK-NEXT:    %[[Q:.*]] = engine.linear %[[NQ]], %[[WQ]] mode "mm" : !engine.qact<32>, !engine.weights<32x32> -> !engine.act<32>
// CHECK-NEXT:    %[[WK:.*]] = engine.load_weights "model.layers.0.self_attn.k_proj.weight" {{.*}} : !engine.weights<16x32>
// CHECK-NEXT:    %[[K:.*]] = engine.linear %[[NQ]], %[[WK]] mode "mm" : !engine.qact<32>, !engine.weights<16x32> -> !engine.act<16>
// CHECK-NEXT:    %[[WV:.*]] = engine.load_weights "model.layers.0.self_attn.v_proj.weight" {{.*}} : !engine.weights<16x32>
// CHECK-NEXT:    %[[V:.*]] = engine.linear %[[NQ]], %[[WV]] mode "mm" : !engine.qact<32>, !engine.weights<16x32> -> !engine.act<16>
// CHECK-NEXT:    %[[RK:.*]] = engine.rope %[[K]] heads 2 inv_freq array<f32: 1.000000e+00, 1.000000e-01, 1.000000e-02, 1.000000e-03> scaling 1.000000e+00 : !engine.act<16> -> !engine.act<16>
// CHECK-NEXT:    %[[KV:.*]] = engine.kv_load layer 0 channels array<i64: 30, 31> offsets array<i64: 0, 0> : !engine.kv<2x8>
// CHECK-NEXT:    %[[A:.*]] = engine.attention %[[Q]], %[[RK]], %[[V]], %[[KV]] heads 4 scale {{.*}} sinks 2 window 16 positions "cache" inv_freq array<f32: {{.*}}> : !engine.act<32>, !engine.act<16>, !engine.act<16>, !engine.kv<2x8> -> !engine.act<32>
// CHECK-NEXT:    engine.kv_append %[[RK]], %[[V]] after %[[A]] layer 0 bits 4 channels array<i64: 30, 31> offsets array<i64: 0, 0> : !engine.act<16>, !engine.act<16>, !engine.act<32>
// CHECK-NEXT:    %[[AQ:.*]] = engine.quantize %[[A]] bits 8
// CHECK-NEXT:    %[[WO:.*]] = engine.load_weights "model.layers.0.self_attn.o_proj.weight"
// CHECK-NEXT:    %[[O:.*]] = engine.linear %[[AQ]], %[[WO]] mode "mm"
// CHECK-NEXT:    %[[H:.*]] = engine.add %[[X]], %[[O]] : !engine.act<32>, !engine.act<32> -> !engine.act<32>
// CHECK-NEXT:    %[[PW:.*]] = engine.load_vector "model.layers.0.post_attention_layernorm.weight"
// CHECK-NEXT:    %[[P:.*]] = engine.rmsnorm %[[H]], %[[PW]]
// CHECK-NEXT:    %[[PQ:.*]] = engine.quantize %[[P]] bits 8
// CHECK-NEXT:    %[[WG:.*]] = engine.load_weights "model.layers.0.mlp.gate_proj.weight" {{.*}} : !engine.weights<64x32>
// CHECK-NEXT:    %[[G:.*]] = engine.linear %[[PQ]], %[[WG]] mode "mm"
// CHECK-NEXT:    %[[WU:.*]] = engine.load_weights "model.layers.0.mlp.up_proj.weight" {{.*}} : !engine.weights<64x32>
// CHECK-NEXT:    %[[U:.*]] = engine.linear %[[PQ]], %[[WU]] mode "mm"
// CHECK-NEXT:    %[[S:.*]] = engine.gated_mul silu %[[G]], %[[U]] : !engine.act<64>, !engine.act<64> -> !engine.act<64>
// CHECK-NEXT:    %[[SQ:.*]] = engine.quantize %[[S]] bits 8 : !engine.act<64> -> !engine.qact<64>
// CHECK-NEXT:    %[[WD:.*]] = engine.load_weights "model.layers.0.mlp.down_proj.weight" {{.*}} : !engine.weights<32x64>
// CHECK-NEXT:    %[[D:.*]] = engine.linear %[[SQ]], %[[WD]] mode "mm"
// CHECK-NEXT:    engine.add %[[H]], %[[D]]
// CHECK:         %[[KV1:.*]] = engine.kv_load layer 1
// CHECK-NEXT:    %[[A1:.*]] = engine.attention {{.*}}, %[[KV1]] heads 4
// CHECK-NEXT:    engine.kv_append {{.*}} after %[[A1]] layer 1 bits 4
// CHECK:         engine.load_vector "model.norm.weight"
// CHECK:         %[[WH:.*]] = engine.load_weights "lm_head.weight" format <bits = 8, group = 32, dense> {{.*}} : !engine.weights<64x32>
// CHECK-NEXT:    %[[L:.*]] = engine.lm_head %{{.*}}, %[[WH]] : !engine.qact<32>, !engine.weights<64x32> -> !engine.act<64>
// CHECK-NEXT:    engine.store_logits %[[L]] at 0 : !engine.act<64>
// CHECK-NEXT:    engine.end
// CHECK-NEXT:  }
// CHECK-LABEL: engine.program "decode" {
// CHECK:         engine.linear {{.*}} mode "mv" : !engine.qact<32>, !engine.weights<32x32> -> !engine.act<32>
// CHECK:         engine.kv_load layer 0
// CHECK-NEXT:    engine.attention
// CHECK-NEXT:    engine.kv_append {{.*}} layer 0 bits 4
// CHECK:         engine.kv_load layer 1
// CHECK-NEXT:    engine.attention
// CHECK-NEXT:    engine.kv_append {{.*}} layer 1 bits 4
// CHECK:         engine.lm_head
// CHECK-NEXT:    engine.store_logits
// CHECK-NEXT:    engine.end

// Every linear of the prefill program is mm, every linear of the decode program mv
// (7 per layer, 14 per program).
// MODES-LABEL: engine.program "prefill"
// MODES-NOT:   mode "mv"
// MODES-COUNT-14: mode "mm"
// MODES-NOT:   mode "mv"
// MODES:       engine.end
// MODES-LABEL: engine.program "decode"
// MODES-NOT:   mode "mm"
// MODES-COUNT-14: mode "mv"
// MODES-NOT:   mode "mm"
// MODES:       engine.end
