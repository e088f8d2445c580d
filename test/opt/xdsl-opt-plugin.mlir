// The accllm universe is an `xdsl.universe` plugin: plain xdsl-opt knows its dialects.
// RUN: xdsl-opt %s | filecheck %s
// CHECK: accllm.rmsnorm %x, %w eps 1.000000e-05 : tensor<1x?x8xf32>, tensor<8xf32> -> tensor<1x?x8xf32>
func.func @f(%x: tensor<1x?x8xf32>) -> tensor<1x?x8xf32> {
  %w = accllm.weight "norm" : tensor<8xf32>
  %y = accllm.rmsnorm %x, %w eps 1.0e-05 : tensor<1x?x8xf32>, tensor<8xf32> -> tensor<1x?x8xf32>
  func.return %y : tensor<1x?x8xf32>
}
