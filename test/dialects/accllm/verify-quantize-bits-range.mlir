// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.quantize: activation bits must be in [2, 16].

%x = "test.op"() : () -> tensor<2x8xf32>
%q = accllm.quantize %x bits 1 : tensor<2x8xf32> -> tensor<2x8xf32>

// CHECK: Operation does not verify: activation bits must be in [2, 16], got 1

// -----

%x = "test.op"() : () -> tensor<2x8xf32>
%q = accllm.quantize %x bits 17 : tensor<2x8xf32> -> tensor<2x8xf32>

// CHECK: Operation does not verify: activation bits must be in [2, 16], got 17
