// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.rope: the frequencies must have f32 elements.

%x, %f = "test.op"() : () -> (tensor<2x8xf32>, tensor<2xf64>)
%r = accllm.rope %x, %f heads 2 : tensor<2x8xf32>, tensor<2xf64> -> tensor<2x8xf32>

// CHECK: Operation does not verify: rope freqs must have f32 elements, got f64
