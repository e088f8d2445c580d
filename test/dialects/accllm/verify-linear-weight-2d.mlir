// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.linear: the weight is 2-D [out_features, in_features].

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<8xf32>)
%y = accllm.linear %x, %w : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x4xf32>

// CHECK: Operation does not verify: accllm.linear weight must be 2-D [out, in]

// -----

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<1x4x8xf32>)
%y = accllm.linear %x, %w : (tensor<2x8xf32>, tensor<1x4x8xf32>) -> tensor<2x4xf32>

// CHECK: Operation does not verify: accllm.linear weight must be 2-D [out, in]
