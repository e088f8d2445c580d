// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.lm_head: the result is the input's leading dims followed by the vocabulary size.

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<64x8xf32>)
%y = accllm.lm_head %x, %w : (tensor<2x8xf32>, tensor<64x8xf32>) -> tensor<2x32xf32>

// CHECK: Operation does not verify: accllm.lm_head result must have shape [2, 64], got [2, 32]
