// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.embedding: the table must have f32 elements.

%t, %ids = "test.op"() : () -> (tensor<64x32xi32>, tensor<1x8xi64>)
%e = accllm.embedding %t[%ids] : tensor<64x32xi32>, tensor<1x8xi64> -> tensor<1x8x32xf32>

// CHECK: Operation does not verify: embedding table must have f32 elements, got i32
