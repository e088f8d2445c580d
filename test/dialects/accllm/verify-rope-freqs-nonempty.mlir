// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.rope_freqs: there must be at least one frequency.

%f = accllm.rope_freqs array<f32> scaling 1.0 : tensor<0xf32>

// CHECK: Operation does not verify: inv_freq must not be empty
