// RUN: not accllm-opt %s 2>&1 | filecheck %s
// RUN: not accllm-opt %s 2>&1 | wc -l | filecheck %s --check-prefix=LINES

// A failing op verifier, outside diagnostics mode: exit status 1 and a single
// `file:line:col: error: '<op>' op <message>` line pointing at the op, no module dump.

func.func @attention(%q: tensor<1x8x32xf32>, %k: tensor<1x8x16xf32>) -> tensor<1x8x32xf32> {
  %a = accllm.attention %q, %k, %k heads 4 kv_heads 3 scale 0.25 mask #accllm.causal : (tensor<1x8x32xf32>, tensor<1x8x16xf32>, tensor<1x8x16xf32>) -> tensor<1x8x32xf32>
  func.return %a : tensor<1x8x32xf32>
}

// CHECK-NOT: Traceback
// CHECK:     {{^.*}}/errors/verifier-failure.mlir:8:3: error: 'accllm.attention' op heads (4) must be a multiple of kv_heads (3){{$}}
// CHECK-NOT: Traceback
// LINES:     {{^ *1$}}
