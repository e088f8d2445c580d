// RUN: accllm-opt %s --parsing-diagnostics | filecheck %s

// #engine.wformat: the quantization group must be positive.
// Attribute and type verifiers run while parsing, so the error is a parse error:
// --verify-diagnostics does not catch it, --parsing-diagnostics does.

%w = engine.load_weights "w" format <bits = 2, group = 0, dense> channels array<i64: 0> offsets array<i64: 0> bytes array<i64: 64> : !engine.weights<16x32>

// CHECK: weight group must be positive, got 0
