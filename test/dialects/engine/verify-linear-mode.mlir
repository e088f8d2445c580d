// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.linear: mode is mv (decode) or mm (prefill).

%q, %w, %b = "test.op"() : () -> (!engine.qact<32>, !engine.weights<16x32>, !engine.vector<16>)
%y = engine.linear %q, %w mode "mx" : !engine.qact<32>, !engine.weights<16x32> -> !engine.act<16>

// CHECK: Operation does not verify: engine.linear mode must be mv or mm, got mx
