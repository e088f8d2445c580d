// RUN: not accllm-opt %s 2>&1 | filecheck %s
// RUN: not accllm-opt %s 2>&1 | wc -l | filecheck %s --check-prefix=LINES

// An attribute whose verifier fails, in the generic form (a negative number of sink tokens):
// one located line at the op, exit status 1.

%q = "test.op"() : () -> tensor<1x8x32xf32>
%a = "accllm.attention"(%q, %q, %q) <{num_heads = 4 : i64, num_kv_heads = 4 : i64, scale = 0.25 : f32, mask = #accllm.lambda<sinks = -1, window = 16>}> : (tensor<1x8x32xf32>, tensor<1x8x32xf32>, tensor<1x8x32xf32>) -> tensor<1x8x32xf32>

// CHECK-NOT: Traceback
// CHECK:     {{^.*}}/errors/bad-attribute-generic.mlir:8:1: error: lambda mask needs sinks >= 0, got -1{{$}}
// CHECK-NOT: Traceback
// LINES:     {{^ *1$}}
