// RUN: not accllm-opt %s 2>&1 | filecheck %s
// RUN: not accllm-opt %s 2>&1 | wc -l | filecheck %s --check-prefix=LINES

// An op the accllm dialect does not define: one located parse error, exit status 1.
// (xDSL reports the position just after the op name, hence the unpinned column.)

func.func @matmul(%x: tensor<1x8x32xf32>) {
  %y = accllm.matmul %x, %x : tensor<1x8x32xf32>
  func.return
}

// CHECK-NOT: Traceback
// CHECK:     {{^.*}}/errors/malformed-unknown-op.mlir:8:{{[0-9]+}}: error: Operation accllm.matmul is not registered{{$}}
// CHECK-NOT: Traceback
// LINES:     {{^ *1$}}
