// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.lm_head: the input width equals the weight's in_features.

%x, %w = "test.op"() : () -> (tensor<2x16xf32>, tensor<64x8xf32>)
%y = accllm.lm_head %x, %w : (tensor<2x16xf32>, tensor<64x8xf32>) -> tensor<2x64xf32>

// CHECK: Operation does not verify: accllm.lm_head input width 16 != weight in_features 8
