// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.linear: the input needs a last (feature) dimension.

%x, %w = "test.op"() : () -> (tensor<f32>, tensor<4x8xf32>)
%y = accllm.linear %x, %w : (tensor<f32>, tensor<4x8xf32>) -> tensor<4xf32>

// CHECK: Operation does not verify: accllm.linear input must have at least one dimension
