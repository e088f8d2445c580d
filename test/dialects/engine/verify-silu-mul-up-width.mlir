// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.silu_mul: gate and up have the same width.

%g, %u = "test.op"() : () -> (!engine.act<64>, !engine.act<32>)
%s = engine.silu_mul %g, %u : !engine.act<64>, !engine.act<32> -> !engine.act<64>

// CHECK: Operation does not verify: silu_mul up has width 32, expected 64
