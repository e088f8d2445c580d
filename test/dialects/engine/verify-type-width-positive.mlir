// RUN: accllm-opt %s --parsing-diagnostics | filecheck %s

// !engine.act / !engine.qact / !engine.vector: the feature width must be >= 1.
// Attribute and type verifiers run while parsing, so the error is a parse error:
// --verify-diagnostics does not catch it, --parsing-diagnostics does.

%x = "test.op"() : () -> !engine.act<0>

// CHECK: engine.act width must be positive
