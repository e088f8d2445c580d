// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.kv_append (any HBM access): offsets are non-negative multiples of the 64-byte beat.

%k, %a = "test.op"() : () -> (!engine.act<16>, !engine.act<32>)
engine.kv_append %k, %k after %a layer 0 bits 4 channels array<i64: 30, 31> offsets array<i64: 0, 96> : !engine.act<16>, !engine.act<16>, !engine.act<32>

// CHECK: Operation does not verify: engine.kv_append offsets must be non-negative multiples of the 64-byte beat
