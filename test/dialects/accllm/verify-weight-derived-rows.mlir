// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// A derived accllm.weight's rows must be a non-empty range as long as its result's first
// dimension.

%w = accllm.weight "qkv.weight[0:3]" from "qkv.weight" rows array<i64: 0, 3> : tensor<4x8xf32>

// CHECK: Operation does not verify: rows [0, 3) must be a non-empty range of 4 rows
