// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.rope_freqs: the result is tensor<N x f32>, N the number of frequencies.

%f = accllm.rope_freqs array<f32: 1.0, 0.5> scaling 1.0 : tensor<4xf32>

// CHECK: Operation does not verify: rope_freqs result must be tensor<2xf32>, got [4]

// -----

%f = accllm.rope_freqs array<f32: 1.0, 0.5> scaling 1.0 : tensor<1x2xf32>

// CHECK: Operation does not verify: rope_freqs result must be tensor<2xf32>, got [1, 2]

// -----

%f = accllm.rope_freqs array<f32: 1.0, 0.5> scaling 1.0 : tensor<?xf32>

// CHECK: Operation does not verify: rope_freqs result must be tensor<2xf32>, got [?]
