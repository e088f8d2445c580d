// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.kv_load (any HBM access): one offset per channel.

%kv = engine.kv_load layer 0 channels array<i64: 30, 31> offsets array<i64: 0> : !engine.kv<2x8>

// CHECK: Operation does not verify: engine.kv_load needs one offset per channel (2), got 1
