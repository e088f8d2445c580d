// RUN: accllm-opt %s | accllm-opt | filecheck %s

// accllm.embedding with static and dynamic (`?`) ids, result and table shapes, i64 and i32 ids.

func.func @embedding(%ids: tensor<1x8xi64>, %dids: tensor<?x?xi32>, %dt: tensor<?x32xf32>) {
  %t = accllm.weight "model.embed_tokens.weight" : tensor<64x32xf32>
  %a = accllm.embedding %t[%ids] : tensor<64x32xf32>, tensor<1x8xi64> -> tensor<1x8x32xf32>
  %b = accllm.embedding %t[%dids] : tensor<64x32xf32>, tensor<?x?xi32> -> tensor<?x?x32xf32>
  %c = accllm.embedding %dt[%ids] : tensor<?x32xf32>, tensor<1x8xi64> -> tensor<1x8x32xf32>
  %d = accllm.embedding %t[%ids] : tensor<64x32xf32>, tensor<1x8xi64> -> tensor<1x?x?xf32>
  func.return
}

// CHECK-LABEL: func.func @embedding(%ids: tensor<1x8xi64>, %dids: tensor<?x?xi32>, %dt: tensor<?x32xf32>) {
// CHECK-NEXT:    %t = accllm.weight "model.embed_tokens.weight" : tensor<64x32xf32>
// CHECK-NEXT:    %a = accllm.embedding %t[%ids] : tensor<64x32xf32>, tensor<1x8xi64> -> tensor<1x8x32xf32>
// CHECK-NEXT:    %b = accllm.embedding %t[%dids] : tensor<64x32xf32>, tensor<?x?xi32> -> tensor<?x?x32xf32>
// CHECK-NEXT:    %c = accllm.embedding %dt[%ids] : tensor<?x32xf32>, tensor<1x8xi64> -> tensor<1x8x32xf32>
// CHECK-NEXT:    %d = accllm.embedding %t[%ids] : tensor<64x32xf32>, tensor<1x8xi64> -> tensor<1x?x?xf32>
// CHECK-NEXT:    func.return
