// RUN: not accllm-opt %s 2>&1 | filecheck %s
// RUN: not accllm-opt %s 2>&1 | wc -l | filecheck %s --check-prefix=LINES

// An attribute whose verifier fails (weight bits out of range, pretty form): attributes are
// verified while parsing, so this is a parse error located at the op that holds the attribute.

func.func @linear(%x: tensor<1x8x32xf32>) -> tensor<1x8x16xf32> {
  %w = accllm.weight "w" : tensor<16x32xf32>
  %y = accllm.linear %x, %w quant <bits = 9, group = 16, sym> : (tensor<1x8x32xf32>, tensor<16x32xf32>) -> tensor<1x8x16xf32>
  func.return %y : tensor<1x8x16xf32>
}

// CHECK-NOT: Traceback
// CHECK:     {{^.*}}/errors/bad-attribute.mlir:9:3: error: weight bits must be in [1, 8], got 9{{$}}
// CHECK-NOT: Traceback
// LINES:     {{^ *1$}}
