// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.rope: inv_freq is an array<f32: ...>.

%k = "test.op"() : () -> !engine.act<16>
%r = engine.rope %k heads 2 inv_freq array<i64: 1, 2, 3, 4> scaling 1.0 : !engine.act<16> -> !engine.act<16>

// CHECK: Operation does not verify: inv_freq must be an array<f32: ...>
