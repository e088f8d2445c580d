// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// ATen operands are constrained by their schema type: `aten::view(Tensor(a) self,
// SymInt[] size)` takes its sizes as a `!torch.list<int>`.

%x, %l = "test.op"() : () -> (!torch.vtensor<[2],f32>, !torch.list<vtensor>)
%0 = "torch.aten.view"(%x, %l) : (!torch.vtensor<[2],f32>, !torch.list<vtensor>) -> !torch.vtensor<[2],f32>

// CHECK: operand 'size' at position 1 does not verify
// CHECK: !torch.vtensor should be of base attribute torch.int
