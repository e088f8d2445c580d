// RUN: accllm-opt %s --parsing-diagnostics | filecheck %s

// #engine.wformat: the 2:4 index encoding is pair2 or code3.
// Attribute and type verifiers run while parsing, so the error is a parse error:
// --verify-diagnostics does not catch it, --parsing-diagnostics does.

%w = engine.load_weights "w" format <bits = 2, group = 32, sparse 2:4, pair3> channels array<i64: 0> offsets array<i64: 0> bytes array<i64: 64> : !engine.weights<16x32>

// CHECK: index encoding must be pair2 or code3, got pair3
