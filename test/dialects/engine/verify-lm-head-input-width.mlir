// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.lm_head: the input width equals the weights' in_features.

%q, %w = "test.op"() : () -> (!engine.qact<16>, !engine.weights<64x32>)
%l = engine.lm_head %q, %w : !engine.qact<16>, !engine.weights<64x32> -> !engine.act<64>

// CHECK: Operation does not verify: engine.lm_head input has width 16, expected 32
