// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.quantize: activations are quantized to 8 bits (A8).

%x = "test.op"() : () -> !engine.act<32>
%q = engine.quantize %x bits 4 : !engine.act<32> -> !engine.qact<32>

// CHECK: Operation does not verify: the engine quantizes activations to 8 bits, got 4
