// RUN: accllm-opt %s | accllm-opt | filecheck %s

// accllm.lm_head with and without weight quantization, static and dynamic shapes.

func.func @lm_head(%x: tensor<1x8x32xf32>, %dx: tensor<?x?x32xf32>) {
  %t = accllm.weight "model.embed_tokens.weight" : tensor<64x32xf32>
  %a = accllm.lm_head %x, %t : (tensor<1x8x32xf32>, tensor<64x32xf32>) -> tensor<1x8x64xf32>
  %b = accllm.lm_head %x, %t quant <bits = 4, group = 16, sym> : (tensor<1x8x32xf32>, tensor<64x32xf32>) -> tensor<1x8x64xf32>
  %c = accllm.lm_head %dx, %t : (tensor<?x?x32xf32>, tensor<64x32xf32>) -> tensor<?x?x64xf32>
  %d = accllm.lm_head %dx, %t quant <bits = 8, group = 32, asym> : (tensor<?x?x32xf32>, tensor<64x32xf32>) -> tensor<?x?x64xf32>
  func.return
}

// CHECK-LABEL: func.func @lm_head(
// CHECK-NEXT:    %t = accllm.weight "model.embed_tokens.weight" : tensor<64x32xf32>
// CHECK-NEXT:    %a = accllm.lm_head %x, %t : (tensor<1x8x32xf32>, tensor<64x32xf32>) -> tensor<1x8x64xf32>
// CHECK-NEXT:    %b = accllm.lm_head %x, %t quant <bits = 4, group = 16, sym> : (tensor<1x8x32xf32>, tensor<64x32xf32>) -> tensor<1x8x64xf32>
// CHECK-NEXT:    %c = accllm.lm_head %dx, %t : (tensor<?x?x32xf32>, tensor<64x32xf32>) -> tensor<?x?x64xf32>
// CHECK-NEXT:    %d = accllm.lm_head %dx, %t quant <bits = 8, group = 32, asym> : (tensor<?x?x32xf32>, tensor<64x32xf32>) -> tensor<?x?x64xf32>
// CHECK-NEXT:    func.return
