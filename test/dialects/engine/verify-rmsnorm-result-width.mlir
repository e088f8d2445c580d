// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.rmsnorm: the result has the input's width.

%x, %w = "test.op"() : () -> (!engine.act<32>, !engine.vector<32>)
%n = engine.rmsnorm %x, %w eps 1.0e-06 : !engine.act<32>, !engine.vector<32> -> !engine.act<16>

// CHECK: Operation does not verify: rmsnorm result has width 16, expected 32
