// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.weight: a weight's shape must be static, for a builtin tensor and for a
// `!torch.vtensor` (a dynamic size, or an unknown rank).

%w = accllm.weight "w" : tensor<?x8xf32>

// CHECK: Operation does not verify: weight shape must be static

// -----

%w = accllm.weight "w" : !torch.vtensor<[4,?],f32>

// CHECK: Operation does not verify: weight shape must be static

// -----

%w = accllm.weight "w" : !torch.vtensor<*,f32>

// CHECK: Operation does not verify: weight shape must be static
