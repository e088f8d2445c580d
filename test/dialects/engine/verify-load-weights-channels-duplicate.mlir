// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.load_weights (any HBM access): a channel appears once in the list.

%w = engine.load_weights "w" format <bits = 2, group = 32, dense> channels array<i64: 0, 1, 0> offsets array<i64: 0, 0, 0> bytes array<i64: 64, 64, 64> : !engine.weights<16x32>

// CHECK: Operation does not verify: engine.load_weights names an HBM channel twice
