// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.load_weights: in_features is a whole number of N:M slices (30 % 4 != 0).

%w = engine.load_weights "w" format <bits = 2, group = 10, sparse 2:4, pair2> channels array<i64: 0> offsets array<i64: 0> bytes array<i64: 64> : !engine.weights<16x30>

// CHECK: Operation does not verify: in_features 30 is not a multiple of the 2:4 slice
