// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.load_weights: one positive byte count per channel.

%w = engine.load_weights "w" format <bits = 2, group = 32, dense> channels array<i64: 0, 1> offsets array<i64: 0, 0> bytes array<i64: 64, 0> : !engine.weights<16x32>

// CHECK: Operation does not verify: engine.load_weights needs a positive byte count per channel
