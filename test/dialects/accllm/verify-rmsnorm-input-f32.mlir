// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.rmsnorm: the input must have f32 elements.

%x, %w = "test.op"() : () -> (tensor<2x8xf16>, tensor<8xf32>)
%n = accllm.rmsnorm %x, %w eps 1.0e-05 : tensor<2x8xf16>, tensor<8xf32> -> tensor<2x8xf16>

// CHECK: Operation does not verify: rmsnorm input must have f32 elements, got f16
