// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.linear: the bias has one entry per output row.

%q, %w, %b = "test.op"() : () -> (!engine.qact<32>, !engine.weights<16x32>, !engine.vector<32>)
%y = engine.linear %q, %w bias %b mode "mv" : !engine.qact<32>, !engine.weights<16x32>, !engine.vector<32> -> !engine.act<16>

// CHECK: Operation does not verify: engine.linear bias has width 32, expected 16
