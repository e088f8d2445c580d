// RUN: accllm-opt %s --parsing-diagnostics | filecheck %s

// #engine.wformat: code3 (one 3-bit pattern per slice) exists for 2:4 only, not 1:4.
// Attribute and type verifiers run while parsing, so the error is a parse error:
// --verify-diagnostics does not catch it, --parsing-diagnostics does.

%w = engine.load_weights "w" format <bits = 2, group = 32, sparse 1:4, code3> channels array<i64: 0> offsets array<i64: 0> bytes array<i64: 64> : !engine.weights<16x32>

// CHECK: index encoding code3 is defined for 2:4 sparsity only
