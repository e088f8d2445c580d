// RUN: not accllm-opt %s 2>&1 | filecheck %s
// RUN: not accllm-opt %s 2>&1 | wc -l | filecheck %s --check-prefix=LINES

// A failing IRDL constraint (a property of the wrong type), outside diagnostics mode: one
// located line, exit status 1.

%x, %f = "test.op"() : () -> (tensor<2x8xf32>, tensor<2xf32>)
%r = "accllm.rope"(%x, %f) <{num_heads = 2 : i32}> : (tensor<2x8xf32>, tensor<2xf32>) -> tensor<2x8xf32>

// CHECK-NOT: Traceback
// CHECK:     {{^.*}}/errors/verifier-constraint.mlir:8:1: error: 'accllm.rope' op Expected attribute i64 but got i32{{$}}
// CHECK-NOT: Traceback
// LINES:     {{^ *1$}}
