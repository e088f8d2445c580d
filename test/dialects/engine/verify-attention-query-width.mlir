// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.attention: the query width is heads x head_dim.

%x, %k, %v = "test.op"() : () -> (!engine.act<40>, !engine.act<16>, !engine.act<16>)
%kv = engine.kv_load layer 0 channels array<i64: 30, 31> offsets array<i64: 0, 64> : !engine.kv<2x8>
%a = engine.attention %x, %k, %v, %kv heads 4 scale 0.25 sinks 2 window 16 positions "cache" inv_freq array<f32: 1.0, 0.1, 0.01, 0.001> : !engine.act<40>, !engine.act<16>, !engine.act<16>, !engine.kv<2x8> -> !engine.act<40>

// CHECK: Operation does not verify: engine.attention query has width 40, expected 32
