// RUN: not accllm-opt %s 2>&1 | filecheck %s
// RUN: not accllm-opt %s 2>&1 | wc -l | filecheck %s --check-prefix=LINES

// A syntax error (missing comma between the operands): one located parse error, exit status 1.

func.func @add(%x: tensor<1x8x32xf32>) -> tensor<1x8x32xf32> {
  %y = accllm.add %x %x : tensor<1x8x32xf32>, tensor<1x8x32xf32> -> tensor<1x8x32xf32>
  func.return %y : tensor<1x8x32xf32>
}

// CHECK-NOT: Traceback
// CHECK:     {{^.*}}/errors/malformed.mlir:7:22: error: Expected ','{{$}}
// CHECK-NOT: Traceback
// LINES:     {{^ *1$}}
