// RUN: accllm-opt %s --parsing-diagnostics | filecheck %s

// #engine.wformat: an N:M pattern needs 0 < N <= M.
// Attribute and type verifiers run while parsing, so the error is a parse error:
// --verify-diagnostics does not catch it, --parsing-diagnostics does.

%w = engine.load_weights "w" format <bits = 2, group = 32, sparse 4:2, pair2> channels array<i64: 0> offsets array<i64: 0> bytes array<i64: 64> : !engine.weights<16x32>

// CHECK: sparsity needs 0 < N <= M, got 4:2
