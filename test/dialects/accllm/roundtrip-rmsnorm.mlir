// RUN: accllm-opt %s | accllm-opt | filecheck %s

// accllm.rmsnorm with static and dynamic shapes; epsilon is printed as an f32 literal.

func.func @rmsnorm(%x: tensor<1x8x32xf32>, %dx: tensor<?x?x32xf32>, %dw: tensor<?x?x?xf32>) {
  %w = accllm.weight "model.norm.weight" : tensor<32xf32>
  %a = accllm.rmsnorm %x, %w eps 1.0e-06 : tensor<1x8x32xf32>, tensor<32xf32> -> tensor<1x8x32xf32>
  %b = accllm.rmsnorm %dx, %w eps 1.0e-05 : tensor<?x?x32xf32>, tensor<32xf32> -> tensor<?x?x32xf32>
  %c = accllm.rmsnorm %dw, %w eps 0.5 : tensor<?x?x?xf32>, tensor<32xf32> -> tensor<?x?x?xf32>
  %d = accllm.rmsnorm %x, %w eps 1.0e-06 {fused} : tensor<1x8x32xf32>, tensor<32xf32> -> tensor<1x?x32xf32>
  func.return
}

// CHECK-LABEL: func.func @rmsnorm(
// CHECK-NEXT:    %w = accllm.weight "model.norm.weight" : tensor<32xf32>
// CHECK-NEXT:    %a = accllm.rmsnorm %x, %w eps 1.000000e-06 : tensor<1x8x32xf32>, tensor<32xf32> -> tensor<1x8x32xf32>
// CHECK-NEXT:    %b = accllm.rmsnorm %dx, %w eps 1.000000e-05 : tensor<?x?x32xf32>, tensor<32xf32> -> tensor<?x?x32xf32>
// CHECK-NEXT:    %c = accllm.rmsnorm %dw, %w eps 5.000000e-01 : tensor<?x?x?xf32>, tensor<32xf32> -> tensor<?x?x?xf32>
// CHECK-NEXT:    %d = accllm.rmsnorm %x, %w eps 1.000000e-06 {fused} : tensor<1x8x32xf32>, tensor<32xf32> -> tensor<1x?x32xf32>
// CHECK-NEXT:    func.return
