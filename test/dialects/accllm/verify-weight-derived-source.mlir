// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// An accllm.weight with a derivation must name the checkpoint tensor it is derived from.

%w = accllm.weight "o.weight" scale 0.5 : tensor<4x8xf32>

// CHECK: Operation does not verify: a derived weight (rows, offset or scale) must name its source
