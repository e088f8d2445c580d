// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.rope: the input needs a last (feature) dimension.

%x, %f = "test.op"() : () -> (tensor<f32>, tensor<2xf32>)
%r = accllm.rope %x, %f heads 2 : tensor<f32>, tensor<2xf32> -> tensor<f32>

// CHECK: Operation does not verify: rope input must have at least one dimension
