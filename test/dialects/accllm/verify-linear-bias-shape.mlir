// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.linear: the bias is 1-D of size out_features.

%x, %w, %b = "test.op"() : () -> (tensor<2x8xf32>, tensor<4x8xf32>, tensor<8xf32>)
%y = accllm.linear %x, %w bias %b : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<8xf32>) -> tensor<2x4xf32>

// CHECK: Operation does not verify: accllm.linear bias must be 1-D of size 4

// -----

%x, %w, %b = "test.op"() : () -> (tensor<2x8xf32>, tensor<4x8xf32>, tensor<1x4xf32>)
%y = accllm.linear %x, %w bias %b : (tensor<2x8xf32>, tensor<4x8xf32>, tensor<1x4xf32>) -> tensor<2x4xf32>

// CHECK: Operation does not verify: accllm.linear bias must be 1-D of size 4
