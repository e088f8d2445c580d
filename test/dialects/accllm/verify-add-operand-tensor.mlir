// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.add: operands must be tensors (IRDL operand constraint).

%a = "test.op"() : () -> f32
%r = "accllm.add"(%a, %a) : (f32, f32) -> f32

// CHECK: Operation does not verify: operand 'lhs' at position 0 does not verify:
// CHECK-NEXT: f32 should be of base attribute tensor
