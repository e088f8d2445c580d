// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// A derived accllm.weight must be named after its derivation, so that two weights with one
// name always hold one value.

%w = accllm.weight "o.weight" from "o.weight" scale 0.5 : tensor<4x8xf32>

// CHECK: Operation does not verify: a derived weight must be named 'o.weight*0.5', got 'o.weight'
