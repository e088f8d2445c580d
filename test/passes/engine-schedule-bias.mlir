// A linear whose weights and bias both come from LD waits once, for the later of the two
// loads (LD runs in order); only that load signals EX, so the LD -> EX tokens balance.
// RUN: accllm-opt %s -p engine-schedule | filecheck %s

builtin.module {
  engine.program "decode" {
  ^bb0(%0: !engine.tokens):
    %1 = engine.embed %0 "embed" rows 16 channels array<i64: 0> offsets array<i64: 0> : !engine.act<16>
    %2 = engine.quantize %1 bits 8 : !engine.act<16> -> !engine.qact<16>
    %3 = engine.load_weights "w" format <bits = 2, group = 16, dense> channels array<i64: 0> offsets array<i64: 512> bytes array<i64: 64> : !engine.weights<16x16>
    %4 = engine.load_vector "b" at 0 : !engine.vector<16>
    %5 = engine.linear %2, %3 bias %4 mode "mv" : !engine.qact<16>, !engine.weights<16x16>, !engine.vector<16> -> !engine.act<16>
    engine.store_logits %5 at 64 : !engine.act<16>
    engine.end
  }
}

// CHECK:      engine.embed {{.*}} {wait = 0 : i64, signal = 2 : i64}
// CHECK-NEXT: engine.quantize {{.*}} {wait = 1 : i64, signal = 0 : i64}
// CHECK-NEXT: engine.load_weights {{.*}} {wait = 0 : i64, signal = 0 : i64}
// CHECK-NEXT: engine.load_vector {{.*}} {wait = 0 : i64, signal = 2 : i64}
// CHECK-NEXT: engine.linear {{.*}} {wait = 1 : i64, signal = 4 : i64}
// CHECK-NEXT: engine.store_logits {{.*}} {wait = 2 : i64, signal = 0 : i64}
// CHECK-NEXT: engine.end {wait = 0 : i64, signal = 0 : i64}
