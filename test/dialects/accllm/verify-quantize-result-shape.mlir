// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.quantize: input and result have the same shape.

%x = "test.op"() : () -> tensor<2x8xf32>
%q = accllm.quantize %x bits 8 : tensor<2x8xf32> -> tensor<16xf32>

// CHECK: Operation does not verify: quantize input and result: shapes [2, 8] and [16] differ
