// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.attention: inv_freq is an array<f32: ...>.

%x, %k, %v = "test.op"() : () -> (!engine.act<32>, !engine.act<16>, !engine.act<16>)
%kv = engine.kv_load layer 0 channels array<i64: 30, 31> offsets array<i64: 0, 64> : !engine.kv<2x8>
%a = engine.attention %x, %k, %v, %kv heads 4 scale 0.25 sinks 2 window 16 positions "cache" inv_freq array<i64: 1, 2, 3, 4> : !engine.act<32>, !engine.act<16>, !engine.act<16>, !engine.kv<2x8> -> !engine.act<32>

// CHECK: Operation does not verify: inv_freq must be an array<f32: ...>
