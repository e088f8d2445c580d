// RUN: not accllm-opt %s 2>&1 | filecheck %s
// RUN: not accllm-opt %s 2>&1 | wc -l | filecheck %s --check-prefix=LINES

// Every failing op is reported, each on its own located line, in input order.

%x = "test.op"() : () -> tensor<1x8x32xf32>
  %q = accllm.quantize %x bits 1 : tensor<1x8x32xf32> -> tensor<1x8x32xf32>
%s = accllm.add %x, %x : tensor<1x8x32xf32>, tensor<1x8x32xf32> -> tensor<1x8x16xf32>

// CHECK-NOT: Traceback
// CHECK:      {{^.*}}/errors/verifier-two-failures.mlir:7:3: error: 'accllm.quantize' op activation bits must be in [2, 16], got 1{{$}}
// CHECK-NEXT: {{^.*}}/errors/verifier-two-failures.mlir:8:1: error: 'accllm.add' op add lhs and result: shapes [1, 8, 32] and [1, 8, 16] differ{{$}}
// CHECK-NOT: Traceback
// LINES:      {{^ *2$}}
