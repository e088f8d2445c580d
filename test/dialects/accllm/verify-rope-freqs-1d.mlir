// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.rope: the frequencies are 1-D.

%x, %f = "test.op"() : () -> (tensor<2x8xf32>, tensor<1x2xf32>)
%r = accllm.rope %x, %f heads 2 : tensor<2x8xf32>, tensor<1x2xf32> -> tensor<2x8xf32>

// CHECK: Operation does not verify: rope freqs must be 1-D
