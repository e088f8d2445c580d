// RUN: accllm-opt %s | accllm-opt | filecheck %s

// accllm.add with static and dynamic shapes.

func.func @add(%a: tensor<1x8x32xf32>, %b: tensor<1x8x32xf32>, %da: tensor<?x?x32xf32>, %db: tensor<1x?x?xf32>) {
  %s = accllm.add %a, %b : tensor<1x8x32xf32>, tensor<1x8x32xf32> -> tensor<1x8x32xf32>
  %d = accllm.add %da, %db : tensor<?x?x32xf32>, tensor<1x?x?xf32> -> tensor<?x?x32xf32>
  %m = accllm.add %a, %da : tensor<1x8x32xf32>, tensor<?x?x32xf32> -> tensor<1x?x32xf32>
  func.return
}

// CHECK-LABEL: func.func @add(
// CHECK-NEXT:    %s = accllm.add %a, %b : tensor<1x8x32xf32>, tensor<1x8x32xf32> -> tensor<1x8x32xf32>
// CHECK-NEXT:    %d = accllm.add %da, %db : tensor<?x?x32xf32>, tensor<1x?x?xf32> -> tensor<?x?x32xf32>
// CHECK-NEXT:    %m = accllm.add %a, %da : tensor<1x8x32xf32>, tensor<?x?x32xf32> -> tensor<1x?x32xf32>
// CHECK-NEXT:    func.return
