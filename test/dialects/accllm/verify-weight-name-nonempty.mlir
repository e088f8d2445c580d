// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.weight: the checkpoint name must not be empty.

%w = accllm.weight "" : tensor<4x8xf32>

// CHECK: Operation does not verify: weight name must not be empty
