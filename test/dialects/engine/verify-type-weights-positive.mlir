// RUN: accllm-opt %s --parsing-diagnostics | filecheck %s

// !engine.weights: both dimensions of the matrix are positive.

%x = "test.op"() : () -> !engine.weights<0 x 32>

// CHECK: engine.weights dimensions must be positive
