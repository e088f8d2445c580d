// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.linear: in_features is a multiple of the quantization group.

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<4x8xf32>)
%y = accllm.linear %x, %w quant <bits = 4, group = 3, sym> : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>

// CHECK: Operation does not verify: accllm.linear in_features 8 is not a multiple of the quantization group 3

// -----

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<4x8xf32>)
%y = accllm.linear %x, %w quant <bits = 4, group = 16, asym> : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>

// CHECK: Operation does not verify: accllm.linear in_features 8 is not a multiple of the quantization group 16
