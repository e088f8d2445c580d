// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.embedding: token ids must have integer elements.

%t, %ids = "test.op"() : () -> (tensor<64x32xf32>, tensor<1x8xf32>)
%e = accllm.embedding %t[%ids] : tensor<64x32xf32>, tensor<1x8xf32> -> tensor<1x8x32xf32>

// CHECK: Operation does not verify: token ids must be integers, got f32
