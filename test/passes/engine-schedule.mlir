// engine-schedule writes the wait/signal masks (LD = 1, EX = 2, ST = 4) of every instruction:
// a consumer waits for the latest producer of its operands on each other queue, once.
// RUN: accllm-opt %S/Inputs/llama-2layer-torch.mlir -p 'accllm-raise,accllm-apply-compression{weight_group=32 window=16 sinks=2},convert-accllm-to-engine{lanes=8 kept_per_lane=4 weight_channels=4 kv_channels=2},engine-hbm-alloc,engine-schedule' | filecheck %s

// CHECK:      engine.program "prefill"
// The embedding row is read for the rmsnorm, whose wait on the later norm-weight load covers it.
// CHECK:      %[[EMB:.*]] = engine.embed {{.*}} {wait = 0 : i64, signal = 0 : i64}
// CHECK-NEXT: engine.load_vector {{.*}} {wait = 0 : i64, signal = 2 : i64}
// CHECK-NEXT: engine.rmsnorm {{.*}} {wait = 1 : i64, signal = 0 : i64}
// CHECK-NEXT: engine.quantize {{.*}} {wait = 0 : i64, signal = 0 : i64}
// CHECK-NEXT: engine.load_weights {{.*}} {wait = 0 : i64, signal = 2 : i64}
// CHECK-NEXT: engine.linear {{.*}} mode "mm" {wait = 1 : i64, signal = 0 : i64}
// Attention waits for its KV read and signals the store queue, whose KV write waits for it.
// CHECK:      engine.kv_load {{.*}} {wait = 0 : i64, signal = 2 : i64}
// CHECK-NEXT: engine.attention {{.*}} {wait = 1 : i64, signal = 4 : i64}
// CHECK-NEXT: engine.kv_append {{.*}} {wait = 2 : i64, signal = 0 : i64}
// The residual add reads the embedding again without a second token.
// CHECK:      engine.add %[[EMB]], {{.*}} {wait = 0 : i64, signal = 0 : i64}
// CHECK:      engine.lm_head {{.*}} {wait = 1 : i64, signal = 4 : i64}
// CHECK-NEXT: engine.store_logits {{.*}} {wait = 2 : i64, signal = 0 : i64}
// CHECK-NEXT: engine.end {wait = 0 : i64, signal = 0 : i64}
// CHECK:      engine.program "decode"
// CHECK:      engine.linear {{.*}} mode "mv" {wait = 1 : i64, signal = 0 : i64}
