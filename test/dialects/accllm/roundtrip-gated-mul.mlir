// RUN: accllm-opt %s | accllm-opt | filecheck %s

// accllm.gated_mul with static and dynamic shapes and each activation (SwiGLU's SiLU,
// GeGLU's tanh and erf GELU).

func.func @gated_mul(%g: tensor<1x8x64xf32>, %u: tensor<1x8x64xf32>, %dg: tensor<?x?x64xf32>, %du: tensor<1x?x?xf32>) {
  %a = accllm.gated_mul silu %g, %u : tensor<1x8x64xf32>, tensor<1x8x64xf32> -> tensor<1x8x64xf32>
  %b = accllm.gated_mul silu %dg, %du : tensor<?x?x64xf32>, tensor<1x?x?xf32> -> tensor<?x?x64xf32>
  %c = accllm.gated_mul silu %g, %du : tensor<1x8x64xf32>, tensor<1x?x?xf32> -> tensor<?x?x?xf32>
  %d = accllm.gated_mul gelu_tanh %g, %u : tensor<1x8x64xf32>, tensor<1x8x64xf32> -> tensor<1x8x64xf32>
  %e = accllm.gated_mul gelu_erf %g, %u : tensor<1x8x64xf32>, tensor<1x8x64xf32> -> tensor<1x8x64xf32>
  func.return
}

// CHECK-LABEL: func.func @gated_mul(
// CHECK-NEXT:    %a = accllm.gated_mul silu %g, %u : tensor<1x8x64xf32>, tensor<1x8x64xf32> -> tensor<1x8x64xf32>
// CHECK-NEXT:    %b = accllm.gated_mul silu %dg, %du : tensor<?x?x64xf32>, tensor<1x?x?xf32> -> tensor<?x?x64xf32>
// CHECK-NEXT:    %c = accllm.gated_mul silu %g, %du : tensor<1x8x64xf32>, tensor<1x?x?xf32> -> tensor<?x?x?xf32>
// CHECK-NEXT:    %d = accllm.gated_mul gelu_tanh %g, %u : tensor<1x8x64xf32>, tensor<1x8x64xf32> -> tensor<1x8x64xf32>
// CHECK-NEXT:    %e = accllm.gated_mul gelu_erf %g, %u : tensor<1x8x64xf32>, tensor<1x8x64xf32> -> tensor<1x8x64xf32>
// CHECK-NEXT:    func.return
