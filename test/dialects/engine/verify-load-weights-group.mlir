// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.load_weights: in_features is a whole number of quantization groups.

%w = engine.load_weights "w" format <bits = 2, group = 64, dense> channels array<i64: 0> offsets array<i64: 0> bytes array<i64: 64> : !engine.weights<16x96>

// CHECK: Operation does not verify: in_features 96 is not a multiple of the quantization group 64
