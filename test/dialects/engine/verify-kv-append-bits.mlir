// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.kv_append: the KV cache is stored in 4 or 8 bits.

%k, %v, %a = "test.op"() : () -> (!engine.act<16>, !engine.act<16>, !engine.act<32>)
engine.kv_append %k, %v after %a layer 0 bits 2 channels array<i64: 30, 31> offsets array<i64: 0, 64> : !engine.act<16>, !engine.act<16>, !engine.act<32>

// CHECK: Operation does not verify: the engine stores the KV cache in 4 or 8 bits, got 2
