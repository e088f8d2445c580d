// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.linear: the input width equals the weights' in_features.

%q, %w = "test.op"() : () -> (!engine.qact<64>, !engine.weights<16x32>)
%y = engine.linear %q, %w mode "mv" : !engine.qact<64>, !engine.weights<16x32> -> !engine.act<16>

// CHECK: Operation does not verify: engine.linear input has width 64, expected 32
