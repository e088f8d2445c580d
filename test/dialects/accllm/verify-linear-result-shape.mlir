// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.linear: the result is the input's leading dims followed by out_features.

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<4x8xf32>)
%y = accllm.linear %x, %w : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x8xf32>

// CHECK: Operation does not verify: accllm.linear result must have shape [2, 4], got [2, 8]

// -----

%x, %w = "test.op"() : () -> (tensor<1x?x8xf32>, tensor<4x8xf32>)
%y = accllm.linear %x, %w : (tensor<1x?x8xf32>, tensor<4x8xf32>) -> tensor<?x4xf32>

// CHECK: Operation does not verify: accllm.linear result must have shape [1, ?, 4], got [?, 4]
