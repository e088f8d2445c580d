// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.kv_load (any HBM access): channels and offsets are array<i64: ...>.

%kv = engine.kv_load layer 0 channels array<i32: 30> offsets array<i64: 0> : !engine.kv<2x8>

// CHECK: Operation does not verify: channel list must be an array<i64: ...>
