// RUN: not accllm-opt %s 2>&1 | filecheck %s
// RUN: not accllm-opt %s 2>&1 | wc -l | filecheck %s --check-prefix=LINES

// A misspelt attribute parameter (an unknown KV key granularity): one parse error located at
// the offending keyword, exit status 1.

%q = "test.op"() : () -> tensor<1x8x32xf32>
%a = accllm.attention %q, %q, %q heads 4 kv_heads 4 scale 0.25 mask #accllm.causal kv_cache <bits = 4, keys = per_head> : (tensor<1x8x32xf32>, tensor<1x8x32xf32>, tensor<1x8x32xf32>) -> tensor<1x8x32xf32>

// CHECK-NOT: Traceback
// CHECK:     {{^.*}}/errors/bad-attribute-syntax.mlir:8:111: error: expected one of: per_token, per_channel{{$}}
// CHECK-NOT: Traceback
// LINES:     {{^ *1$}}
