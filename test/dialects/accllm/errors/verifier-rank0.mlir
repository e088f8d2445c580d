// RUN: not accllm-opt %s 2>&1 | filecheck %s
// RUN: not accllm-opt %s 2>&1 | wc -l | filecheck %s --check-prefix=LINES

// A 0-D input to an op that works on the last dimension is reported as a verifier error,
// not an IndexError ("tuple index out of range") escaping from the verifier.

func.func @rope(%x: tensor<f32>, %f: tensor<4xf32>) -> tensor<f32> {
  %r = accllm.rope %x, %f heads 4 : tensor<f32>, tensor<4xf32> -> tensor<f32>
  func.return %r : tensor<f32>
}

// CHECK-NOT: Traceback
// CHECK:     {{^.*}}/errors/verifier-rank0.mlir:8:3: error: 'accllm.rope' op rope input must have at least one dimension{{$}}
// CHECK-NOT: Traceback
// LINES:     {{^ *1$}}
