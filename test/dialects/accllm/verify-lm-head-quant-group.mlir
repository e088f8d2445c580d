// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.lm_head: in_features is a multiple of the quantization group.

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<64x8xf32>)
%y = accllm.lm_head %x, %w quant <bits = 4, group = 5, sym> : (tensor<2x8xf32>, tensor<64x8xf32>) -> tensor<2x64xf32>

// CHECK: Operation does not verify: accllm.lm_head in_features 8 is not a multiple of the quantization group 5
