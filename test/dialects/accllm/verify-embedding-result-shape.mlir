// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.embedding: the result is ids' shape followed by the hidden size.

%t, %ids = "test.op"() : () -> (tensor<64x32xf32>, tensor<1x8xi64>)
%e = accllm.embedding %t[%ids] : tensor<64x32xf32>, tensor<1x8xi64> -> tensor<1x8x16xf32>

// CHECK: Operation does not verify: embedding result must have shape [1, 8, 32], got [1, 8, 16]

// -----

%t, %ids = "test.op"() : () -> (tensor<64x32xf32>, tensor<1x?xi64>)
%e = accllm.embedding %t[%ids] : tensor<64x32xf32>, tensor<1x?xi64> -> tensor<1x?xf32>

// CHECK: Operation does not verify: embedding result must have shape [1, ?, 32], got [1, ?]
