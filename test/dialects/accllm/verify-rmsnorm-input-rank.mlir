// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.rmsnorm: the input needs a last (feature) dimension.

%x, %w = "test.op"() : () -> (tensor<f32>, tensor<1xf32>)
%n = accllm.rmsnorm %x, %w eps 1.0e-05 : tensor<f32>, tensor<1xf32> -> tensor<f32>

// CHECK: Operation does not verify: rmsnorm input must have at least one dimension
