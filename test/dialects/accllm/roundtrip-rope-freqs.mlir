// RUN: accllm-opt %s | accllm-opt | filecheck %s

// accllm.rope_freqs: the inverse frequencies are a dense f32 array, the result is
// tensor<N x f32> with N their number; `scaling` is an f32 literal.

%f1 = accllm.rope_freqs array<f32: 1.0> scaling 1.0 : tensor<1xf32>
%f4 = accllm.rope_freqs array<f32: 1.0, 0.1, 0.01, 0.001> scaling 1.0 : tensor<4xf32>
%fs = accllm.rope_freqs array<f32: 1.0, 0.5> scaling 0.75 : tensor<2xf32>

// CHECK:      builtin.module {
// CHECK-NEXT:   %f1 = accllm.rope_freqs array<f32: 1.000000e+00> scaling 1.000000e+00 : tensor<1xf32>
// CHECK-NEXT:   %f4 = accllm.rope_freqs array<f32: 1.000000e+00, 1.000000e-01, 1.000000e-02, 1.000000e-03> scaling 1.000000e+00 : tensor<4xf32>
// CHECK-NEXT:   %fs = accllm.rope_freqs array<f32: 1.000000e+00, 5.000000e-01> scaling 7.500000e-01 : tensor<2xf32>
// CHECK-NEXT: }
