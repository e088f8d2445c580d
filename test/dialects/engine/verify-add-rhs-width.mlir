// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.add: both operands have the same width.

%a, %b = "test.op"() : () -> (!engine.act<32>, !engine.act<16>)
%s = engine.add %a, %b : !engine.act<32>, !engine.act<16> -> !engine.act<32>

// CHECK: Operation does not verify: add rhs has width 16, expected 32
