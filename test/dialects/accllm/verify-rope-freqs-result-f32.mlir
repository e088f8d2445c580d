// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.rope_freqs: the result must have f32 elements.

%f = accllm.rope_freqs array<f32: 1.0, 0.5> scaling 1.0 : tensor<2xf16>

// CHECK: Operation does not verify: rope_freqs result must have f32 elements, got f16
