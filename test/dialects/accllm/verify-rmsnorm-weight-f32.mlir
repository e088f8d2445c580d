// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.rmsnorm: the weight must have f32 elements.

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<8xbf16>)
%n = accllm.rmsnorm %x, %w eps 1.0e-05 : tensor<2x8xf32>, tensor<8xbf16> -> tensor<2x8xf32>

// CHECK: Operation does not verify: rmsnorm weight must have f32 elements, got bf16
