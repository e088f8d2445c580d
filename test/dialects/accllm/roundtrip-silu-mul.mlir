// RUN: accllm-opt %s | accllm-opt | filecheck %s

// accllm.silu_mul with static and dynamic shapes.

func.func @silu_mul(%g: tensor<1x8x64xf32>, %u: tensor<1x8x64xf32>, %dg: tensor<?x?x64xf32>, %du: tensor<1x?x?xf32>) {
  %a = accllm.silu_mul %g, %u : tensor<1x8x64xf32>, tensor<1x8x64xf32> -> tensor<1x8x64xf32>
  %b = accllm.silu_mul %dg, %du : tensor<?x?x64xf32>, tensor<1x?x?xf32> -> tensor<?x?x64xf32>
  %c = accllm.silu_mul %g, %du : tensor<1x8x64xf32>, tensor<1x?x?xf32> -> tensor<?x?x?xf32>
  func.return
}

// CHECK-LABEL: func.func @silu_mul(
// CHECK-NEXT:    %a = accllm.silu_mul %g, %u : tensor<1x8x64xf32>, tensor<1x8x64xf32> -> tensor<1x8x64xf32>
// CHECK-NEXT:    %b = accllm.silu_mul %dg, %du : tensor<?x?x64xf32>, tensor<1x?x?xf32> -> tensor<?x?x64xf32>
// CHECK-NEXT:    %c = accllm.silu_mul %g, %du : tensor<1x8x64xf32>, tensor<1x?x?xf32> -> tensor<?x?x?xf32>
// CHECK-NEXT:    func.return
