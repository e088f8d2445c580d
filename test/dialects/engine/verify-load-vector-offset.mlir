// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.load_vector: the offset is a non-negative multiple of 64.

%v = engine.load_vector "norm" at 100 : !engine.vector<32>

// CHECK: Operation does not verify: engine.load_vector offset must be a non-negative multiple of 64
