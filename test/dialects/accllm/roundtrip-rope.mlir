// RUN: accllm-opt %s | accllm-opt | filecheck %s

// accllm.rope with static and dynamic shapes. A dynamic input width, or dynamic frequencies,
// cannot be checked against heads x head_dim and is accepted.

func.func @rope(%x: tensor<1x8x32xf32>, %dx: tensor<?x?x32xf32>, %dw: tensor<1x?x?xf32>, %df: tensor<?xf32>) {
  %f = accllm.rope_freqs array<f32: 1.0, 0.1, 0.01, 0.001> scaling 1.0 : tensor<4xf32>
  %a = accllm.rope %x, %f heads 4 : tensor<1x8x32xf32>, tensor<4xf32> -> tensor<1x8x32xf32>
  %b = accllm.rope %dx, %f heads 4 : tensor<?x?x32xf32>, tensor<4xf32> -> tensor<?x?x32xf32>
  %c = accllm.rope %dw, %f heads 2 : tensor<1x?x?xf32>, tensor<4xf32> -> tensor<1x?x?xf32>
  %d = accllm.rope %x, %df heads 4 : tensor<1x8x32xf32>, tensor<?xf32> -> tensor<1x8x32xf32>
  %e = accllm.rope %x, %f heads 4 : tensor<1x8x32xf32>, tensor<4xf32> -> tensor<1x?x32xf32>
  func.return
}

// CHECK-LABEL: func.func @rope(
// CHECK-NEXT:    %f = accllm.rope_freqs array<f32: 1.000000e+00, 1.000000e-01, 1.000000e-02, 1.000000e-03> scaling 1.000000e+00 : tensor<4xf32>
// CHECK-NEXT:    %a = accllm.rope %x, %f heads 4 : tensor<1x8x32xf32>, tensor<4xf32> -> tensor<1x8x32xf32>
// CHECK-NEXT:    %b = accllm.rope %dx, %f heads 4 : tensor<?x?x32xf32>, tensor<4xf32> -> tensor<?x?x32xf32>
// CHECK-NEXT:    %c = accllm.rope %dw, %f heads 2 : tensor<1x?x?xf32>, tensor<4xf32> -> tensor<1x?x?xf32>
// CHECK-NEXT:    %d = accllm.rope %x, %df heads 4 : tensor<1x8x32xf32>, tensor<?xf32> -> tensor<1x8x32xf32>
// CHECK-NEXT:    %e = accllm.rope %x, %f heads 4 : tensor<1x8x32xf32>, tensor<4xf32> -> tensor<1x?x32xf32>
// CHECK-NEXT:    func.return
