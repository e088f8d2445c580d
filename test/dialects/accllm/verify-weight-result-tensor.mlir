// RUN: accllm-opt %s --verify-diagnostics --split-input-file | filecheck %s

// accllm.weight: the result must be a builtin tensor or a `!torch.vtensor` (IRDL result
// constraint).

%w = "accllm.weight"() <{name = "w"}> : () -> f32

// CHECK: Operation does not verify: result 'result' at position 0 does not verify:
// CHECK-NEXT: Unexpected attribute f32

// -----

%w = "accllm.weight"() <{name = "w"}> : () -> memref<4x8xf32>

// CHECK: Operation does not verify: result 'result' at position 0 does not verify:
// CHECK-NEXT: Unexpected attribute memref<4x8xf32>
