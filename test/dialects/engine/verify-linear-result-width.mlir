// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.linear: the result width equals the weights' out_features.

%q, %w, %b = "test.op"() : () -> (!engine.qact<32>, !engine.weights<16x32>, !engine.vector<16>)
%y = engine.linear %q, %w mode "mv" : !engine.qact<32>, !engine.weights<16x32> -> !engine.act<32>

// CHECK: Operation does not verify: engine.linear result has width 32, expected 16
