// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.quantize: the input must have f32 elements.

%x = "test.op"() : () -> tensor<2x8xi8>
%q = accllm.quantize %x bits 8 : tensor<2x8xi8> -> tensor<2x8xf32>

// CHECK: Operation does not verify: quantize input must have f32 elements, got i8
