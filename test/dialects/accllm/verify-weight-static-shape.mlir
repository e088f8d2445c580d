// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.weight: a weight's shape must be static.

%w = accllm.weight "w" : tensor<?x8xf32>

// CHECK: Operation does not verify: weight shape must be static
