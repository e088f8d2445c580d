// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.rope: width = heads x head_dim (head_dim = 2 x len(inv_freq)); 2 x 8 != 32.

%k = "test.op"() : () -> !engine.act<32>
%r = engine.rope %k heads 2 inv_freq array<f32: 1.0, 0.1, 0.01, 0.001> scaling 1.0 : !engine.act<32> -> !engine.act<32>

// CHECK: Operation does not verify: engine.rope width 32 != heads (2) x head_dim (8)
