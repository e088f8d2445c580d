// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.embedding: token ids must be a tensor (IRDL operand constraint).

%t, %ids = "test.op"() : () -> (tensor<64x32xf32>, i64)
%e = "accllm.embedding"(%t, %ids) : (tensor<64x32xf32>, i64) -> tensor<32xf32>

// CHECK: Operation does not verify: operand 'ids' at position 1 does not verify:
// CHECK-NEXT: i64 should be of base attribute tensor
