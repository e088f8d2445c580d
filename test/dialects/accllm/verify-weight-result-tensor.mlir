// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.weight: the result must be a tensor (IRDL result constraint).

%w = "accllm.weight"() <{name = "w"}> : () -> f32

// CHECK: Operation does not verify: result 'result' at position 0 does not verify:
// CHECK-NEXT: f32 should be of base attribute tensor
