// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.linear: in_features is a multiple of the N:M sparsity block M.

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<4x8xf32>)
%y = accllm.linear %x, %w sparsity <2, 3> : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>

// CHECK: Operation does not verify: accllm.linear in_features 8 is not a multiple of the sparsity block 3
