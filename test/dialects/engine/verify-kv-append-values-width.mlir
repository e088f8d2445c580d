// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.kv_append: keys and values have the same width.

%k, %v, %a = "test.op"() : () -> (!engine.act<16>, !engine.act<8>, !engine.act<32>)
engine.kv_append %k, %v after %a layer 0 bits 4 channels array<i64: 30, 31> offsets array<i64: 0, 64> : !engine.act<16>, !engine.act<8>, !engine.act<32>

// CHECK: Operation does not verify: kv_append values has width 8, expected 16
