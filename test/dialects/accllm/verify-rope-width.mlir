// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.rope: the input width is heads x head_dim, head_dim twice the number of frequencies.

%x, %f = "test.op"() : () -> (tensor<2x8xf32>, tensor<2xf32>)
%r = accllm.rope %x, %f heads 4 : tensor<2x8xf32>, tensor<2xf32> -> tensor<2x8xf32>

// CHECK: Operation does not verify: rope input width 8 != heads (4) x head_dim (4)

// -----

%x, %f = "test.op"() : () -> (tensor<1x?x16xf32>, tensor<4xf32>)
%r = accllm.rope %x, %f heads 4 : tensor<1x?x16xf32>, tensor<4xf32> -> tensor<1x?x16xf32>

// CHECK: Operation does not verify: rope input width 16 != heads (4) x head_dim (8)
