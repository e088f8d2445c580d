// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.quantize: the result holds the dequantized values, so it is f32 too.

%x = "test.op"() : () -> tensor<2x8xf32>
%q = accllm.quantize %x bits 8 : tensor<2x8xf32> -> tensor<2x8xi8>

// CHECK: Operation does not verify: quantize result must have f32 elements, got i8
