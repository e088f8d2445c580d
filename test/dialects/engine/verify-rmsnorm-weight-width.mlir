// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.rmsnorm: the norm weight has the input's width.

%x, %w = "test.op"() : () -> (!engine.act<32>, !engine.vector<16>)
%n = engine.rmsnorm %x, %w eps 1.0e-06 : !engine.act<32>, !engine.vector<16> -> !engine.act<32>

// CHECK: Operation does not verify: rmsnorm weight has width 16, expected 32
