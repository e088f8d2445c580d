// RUN: accllm-opt %s | accllm-opt | filecheck %s

// accllm.linear with every combination of its optional parts (bias operand, `quant` and
// `sparsity` properties), which print in a fixed order after the weight; static and dynamic
// shapes. Inside the op the properties print without their `#accllm.wq` / `#accllm.nm` prefix.

func.func @linear(%x: tensor<1x8x32xf32>, %dx: tensor<?x?x32xf32>, %dw: tensor<?x?xf32>, %db: tensor<?xf32>) {
  %w = accllm.weight "w" : tensor<16x32xf32>
  %b = accllm.weight "b" : tensor<16xf32>
  %plain = accllm.linear %x, %w : (tensor<1x8x32xf32>, tensor<16x32xf32>) -> tensor<1x8x16xf32>
  %bias = accllm.linear %x, %w bias %b : (tensor<1x8x32xf32>, tensor<16x32xf32>, tensor<16xf32>) -> tensor<1x8x16xf32>
  %qsym = accllm.linear %x, %w quant <bits = 4, group = 32, sym> : (tensor<1x8x32xf32>, tensor<16x32xf32>) -> tensor<1x8x16xf32>
  %qasym = accllm.linear %x, %w quant <bits = 2, group = 16, asym> : (tensor<1x8x32xf32>, tensor<16x32xf32>) -> tensor<1x8x16xf32>
  %sp = accllm.linear %x, %w sparsity <2, 4> : (tensor<1x8x32xf32>, tensor<16x32xf32>) -> tensor<1x8x16xf32>
  %qsp = accllm.linear %x, %w quant <bits = 8, group = 1, sym> sparsity <1, 8> : (tensor<1x8x32xf32>, tensor<16x32xf32>) -> tensor<1x8x16xf32>
  %bq = accllm.linear %x, %w bias %b quant <bits = 1, group = 32, asym> : (tensor<1x8x32xf32>, tensor<16x32xf32>, tensor<16xf32>) -> tensor<1x8x16xf32>
  %bsp = accllm.linear %x, %w bias %b sparsity <2, 4> : (tensor<1x8x32xf32>, tensor<16x32xf32>, tensor<16xf32>) -> tensor<1x8x16xf32>
  %all = accllm.linear %dx, %w bias %b quant <bits = 3, group = 8, asym> sparsity <2, 4> : (tensor<?x?x32xf32>, tensor<16x32xf32>, tensor<16xf32>) -> tensor<?x?x16xf32>
  %dyn = accllm.linear %dx, %w : (tensor<?x?x32xf32>, tensor<16x32xf32>) -> tensor<?x?x16xf32>
  %dynw = accllm.linear %x, %dw bias %db quant <bits = 4, group = 32, sym> sparsity <2, 4> : (tensor<1x8x32xf32>, tensor<?x?xf32>, tensor<?xf32>) -> tensor<1x8x?xf32>
  func.return
}

// CHECK-LABEL: func.func @linear(
// CHECK-NEXT:    %w = accllm.weight "w" : tensor<16x32xf32>
// CHECK-NEXT:    %b = accllm.weight "b" : tensor<16xf32>
// CHECK-NEXT:    %plain = accllm.linear %x, %w : (tensor<1x8x32xf32>, tensor<16x32xf32>) -> tensor<1x8x16xf32>
// CHECK-NEXT:    %bias = accllm.linear %x, %w bias %b : (tensor<1x8x32xf32>, tensor<16x32xf32>, tensor<16xf32>) -> tensor<1x8x16xf32>
// CHECK-NEXT:    %qsym = accllm.linear %x, %w quant <bits = 4, group = 32, sym> : (tensor<1x8x32xf32>, tensor<16x32xf32>) -> tensor<1x8x16xf32>
// CHECK-NEXT:    %qasym = accllm.linear %x, %w quant <bits = 2, group = 16, asym> : (tensor<1x8x32xf32>, tensor<16x32xf32>) -> tensor<1x8x16xf32>
// CHECK-NEXT:    %sp = accllm.linear %x, %w sparsity <2, 4> : (tensor<1x8x32xf32>, tensor<16x32xf32>) -> tensor<1x8x16xf32>
// CHECK-NEXT:    %qsp = accllm.linear %x, %w quant <bits = 8, group = 1, sym> sparsity <1, 8> : (tensor<1x8x32xf32>, tensor<16x32xf32>) -> tensor<1x8x16xf32>
// CHECK-NEXT:    %bq = accllm.linear %x, %w bias %b quant <bits = 1, group = 32, asym> : (tensor<1x8x32xf32>, tensor<16x32xf32>, tensor<16xf32>) -> tensor<1x8x16xf32>
// CHECK-NEXT:    %bsp = accllm.linear %x, %w bias %b sparsity <2, 4> : (tensor<1x8x32xf32>, tensor<16x32xf32>, tensor<16xf32>) -> tensor<1x8x16xf32>
// CHECK-NEXT:    %all = accllm.linear %dx, %w bias %b quant <bits = 3, group = 8, asym> sparsity <2, 4> : (tensor<?x?x32xf32>, tensor<16x32xf32>, tensor<16xf32>) -> tensor<?x?x16xf32>
// CHECK-NEXT:    %dyn = accllm.linear %dx, %w : (tensor<?x?x32xf32>, tensor<16x32xf32>) -> tensor<?x?x16xf32>
// CHECK-NEXT:    %dynw = accllm.linear %x, %dw bias %db quant <bits = 4, group = 32, sym> sparsity <2, 4> : (tensor<1x8x32xf32>, tensor<?x?xf32>, tensor<?xf32>) -> tensor<1x8x?xf32>
// CHECK-NEXT:    func.return
