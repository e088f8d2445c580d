// engine-hbm-alloc places everything in HBM, 64-byte aligned, offsets advancing per channel:
// - the embedding (64 rows x 32 float16, spread over the 4 weight channels: 1024 bytes each)
//   at 0 on channels 0..3, then every weight matrix a slice of every weight channel, in
//   program order (chunk words, a beat per channel per tile of 2 lanes): q 1024 (+256),
//   k 1280 (+128), v 1408 (+128), o 1536 (+256), gate 1792 ...;
// - norm weights and logits on the misc channel 31: layer 0's input norm at 0 (64 bytes);
// - each layer's KV ring on the KV channels 30 and 31, one KV head each:
//   1088 slots x (2 x 8 dims x 4 bits / 8 + 16) = 26112 bytes; channel 31 already holds the
//   first norm, so layer 0 is at [0, 64], the next norm at 64 + 26112 = 26176, layer 1 at
//   [26112, 26304];
// - a name both programs load has one placement: decode reuses prefill's offsets.
// RUN: accllm-opt %S/Inputs/llama-2layer-torch.mlir -p 'accllm-raise,accllm-apply-compression{weight_group=32 window=16 sinks=2},convert-accllm-to-engine{lanes=8 kept_per_lane=4 weight_channels=4 kv_channels=2},engine-hbm-alloc' | filecheck %s

// CHECK-LABEL: engine.program "prefill"
// CHECK:       engine.embed %{{.*}} "model.embed_tokens.weight" rows 64 channels array<i64: 0, 1, 2, 3> offsets array<i64: 0, 0, 0, 0>
// CHECK-NEXT:  engine.load_vector "model.layers.0.input_layernorm.weight" at 0 :
// CHECK:       engine.load_weights "model.layers.0.self_attn.q_proj.weight" {{.*}} offsets array<i64: 1024, 1024, 1024, 1024> bytes array<i64: 256, 256, 256, 256>
// CHECK:       engine.load_weights "model.layers.0.self_attn.k_proj.weight" {{.*}} offsets array<i64: 1280, 1280, 1280, 1280> bytes array<i64: 128, 128, 128, 128>
// CHECK:       engine.load_weights "model.layers.0.self_attn.v_proj.weight" {{.*}} offsets array<i64: 1408, 1408, 1408, 1408> bytes array<i64: 128, 128, 128, 128>
// CHECK:       engine.kv_load layer 0 channels array<i64: 30, 31> offsets array<i64: 0, 64> : !engine.kv<2x8>
// CHECK:       engine.kv_append {{.*}} layer 0 bits 4 channels array<i64: 30, 31> offsets array<i64: 0, 64>
// CHECK:       engine.load_weights "model.layers.0.self_attn.o_proj.weight" {{.*}} offsets array<i64: 1536, 1536, 1536, 1536> bytes array<i64: 256, 256, 256, 256>
// CHECK:       engine.load_vector "model.layers.0.post_attention_layernorm.weight" at 69696 :
// CHECK:       engine.load_weights "model.layers.0.mlp.gate_proj.weight" {{.*}} offsets array<i64: 1792, 1792, 1792, 1792> bytes array<i64: 512, 512, 512, 512>
// CHECK:       engine.load_vector "model.layers.1.input_layernorm.weight" at 69760 :
// CHECK:       engine.kv_load layer 1 channels array<i64: 30, 31> offsets array<i64: 69632, 69824>
// CHECK:       engine.kv_append {{.*}} layer 1 bits 4 channels array<i64: 30, 31> offsets array<i64: 69632, 69824>
// CHECK:       engine.load_weights "lm_head.weight" {{.*}} offsets array<i64: 5632, 5632, 5632, 5632> bytes array<i64: 1536, 1536, 1536, 1536>
// CHECK:       engine.store_logits %{{.*}} at 139584 :
// CHECK-LABEL: engine.program "decode"
// CHECK:       engine.embed %{{.*}} offsets array<i64: 0, 0, 0, 0>
// CHECK-NEXT:  engine.load_vector "model.layers.0.input_layernorm.weight" at 0 :
// CHECK:       engine.load_weights "model.layers.0.self_attn.q_proj.weight" {{.*}} offsets array<i64: 1024, 1024, 1024, 1024>
// CHECK:       engine.kv_load layer 0 channels array<i64: 30, 31> offsets array<i64: 0, 64>
// CHECK:       engine.kv_load layer 1 channels array<i64: 30, 31> offsets array<i64: 69632, 69824>
// CHECK:       engine.load_weights "lm_head.weight" {{.*}} offsets array<i64: 5632, 5632, 5632, 5632>
// CHECK:       engine.store_logits %{{.*}} at 139584 :
