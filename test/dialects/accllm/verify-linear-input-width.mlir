// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.linear: the input width equals the weight's in_features.

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<4x16xf32>)
%y = accllm.linear %x, %w : (tensor<2x8xf32>, tensor<4x16xf32>) -> tensor<2x4xf32>

// CHECK: Operation does not verify: accllm.linear input width 8 != weight in_features 16
