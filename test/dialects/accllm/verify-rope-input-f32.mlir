// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.rope: the input must have f32 elements.

%x, %f = "test.op"() : () -> (tensor<2x8xf16>, tensor<2xf32>)
%r = accllm.rope %x, %f heads 2 : tensor<2x8xf16>, tensor<2xf32> -> tensor<2x8xf16>

// CHECK: Operation does not verify: rope input must have f32 elements, got f16
