// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.quantize: the codes have the input's width.

%x = "test.op"() : () -> !engine.act<32>
%q = engine.quantize %x bits 8 : !engine.act<32> -> !engine.qact<16>

// CHECK: Operation does not verify: quantize result has width 16, expected 32
