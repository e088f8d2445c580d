// RUN: accllm-opt %s | accllm-opt | filecheck %s

// accllm.quantize at the extremes and middle of its bit range, static and dynamic shapes.

func.func @quantize(%x: tensor<1x8x32xf32>, %dx: tensor<?x?x?xf32>) {
  %a = accllm.quantize %x bits 2 : tensor<1x8x32xf32> -> tensor<1x8x32xf32>
  %b = accllm.quantize %x bits 8 : tensor<1x8x32xf32> -> tensor<1x?x32xf32>
  %c = accllm.quantize %dx bits 16 : tensor<?x?x?xf32> -> tensor<?x?x?xf32>
  func.return
}

// CHECK-LABEL: func.func @quantize(
// CHECK-NEXT:    %a = accllm.quantize %x bits 2 : tensor<1x8x32xf32> -> tensor<1x8x32xf32>
// CHECK-NEXT:    %b = accllm.quantize %x bits 8 : tensor<1x8x32xf32> -> tensor<1x?x32xf32>
// CHECK-NEXT:    %c = accllm.quantize %dx bits 16 : tensor<?x?x?xf32> -> tensor<?x?x?xf32>
// CHECK-NEXT:    func.return
