// RUN: accllm-opt %s --parsing-diagnostics | filecheck %s

// #engine.wformat: bits in [1, 8] (integer codes) or 16 (float16); 12 is neither.
// Attribute and type verifiers run while parsing, so the error is a parse error:
// --verify-diagnostics does not catch it, --parsing-diagnostics does.

%w = engine.load_weights "w" format <bits = 12, group = 32, dense> channels array<i64: 0> offsets array<i64: 0> bytes array<i64: 64> : !engine.weights<16x32>

// CHECK: weight bits must be in [1, 8] (integer codes) or 16 (float16), got 12
