// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.rope: the number of heads must be positive.

%x, %f = "test.op"() : () -> (tensor<2x8xf32>, tensor<2xf32>)
%r = accllm.rope %x, %f heads 0 : tensor<2x8xf32>, tensor<2xf32> -> tensor<2x8xf32>

// CHECK: Operation does not verify: rope heads must be positive, got 0

// -----

%x, %f = "test.op"() : () -> (tensor<2x8xf32>, tensor<2xf32>)
%r = accllm.rope %x, %f heads -2 : tensor<2x8xf32>, tensor<2xf32> -> tensor<2x8xf32>

// CHECK: Operation does not verify: rope heads must be positive, got -2
