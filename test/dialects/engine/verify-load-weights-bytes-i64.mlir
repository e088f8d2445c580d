// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.load_weights: the byte counts are an array<i64: ...>.

%w = engine.load_weights "w" format <bits = 2, group = 32, dense> channels array<i64: 0> offsets array<i64: 0> bytes array<f32: 64.0> : !engine.weights<16x32>

// CHECK: Operation does not verify: bytes per channel must be an array<i64: ...>
