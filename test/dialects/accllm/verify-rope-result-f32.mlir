// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.rope: the result must have f32 elements.

%x, %f = "test.op"() : () -> (tensor<2x8xf32>, tensor<2xf32>)
%r = accllm.rope %x, %f heads 2 : tensor<2x8xf32>, tensor<2xf32> -> tensor<2x8xi32>

// CHECK: Operation does not verify: rope result must have f32 elements, got i32
