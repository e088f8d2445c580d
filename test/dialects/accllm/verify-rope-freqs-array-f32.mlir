// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.rope_freqs: inv_freq must be a dense f32 array.

%f = accllm.rope_freqs array<i32: 1, 2> scaling 1.0 : tensor<2xf32>

// CHECK: Operation does not verify: inv_freq must be an array<f32: ...>

// -----

%f = accllm.rope_freqs array<f64: 1.0, 0.5> scaling 1.0 : tensor<2xf32>

// CHECK: Operation does not verify: inv_freq must be an array<f32: ...>

// -----

%f = "accllm.rope_freqs"() <{inv_freq = dense<[1.0, 0.5]> : tensor<2xf32>, scaling = 1.0 : f32}> : () -> tensor<2xf32>

// CHECK: Operation does not verify: inv_freq must be an array<f32: ...>
