// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.gated_mul: gate and up have the same width.

%g, %u = "test.op"() : () -> (!engine.act<64>, !engine.act<32>)
%s = engine.gated_mul silu %g, %u : !engine.act<64>, !engine.act<32> -> !engine.act<64>

// CHECK: Operation does not verify: gated_mul up has width 32, expected 64
