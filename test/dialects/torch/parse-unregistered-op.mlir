// RUN: accllm-opt %s --allow-unregistered-dialect --print-op-generic | filecheck %s
// RUN: accllm-opt %s --allow-unregistered-dialect --print-op-generic | accllm-opt --allow-unregistered-dialect --print-op-generic | filecheck %s
// RUN: accllm-opt %s --parsing-diagnostics | filecheck %s --check-prefix=STRICT

// An op outside the typed subset parses as an unregistered op when unregistered ops are
// allowed, even though the `torch` dialect is registered; the torch types around it stay
// typed, and a torch type the dialect does not define is kept as written. Without the flag
// the op is an error.

%x = "test.op"() : () -> !torch.vtensor<[2,3],f32>
%0 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
%1 = "torch.aten.foo"(%x, %0) <{mode = "fast"}> : (!torch.vtensor<[2,3],f32>, !torch.int) -> !torch.vtensor<[3,2],f32>
%2 = "torch.aten.bar"(%1) : (!torch.vtensor<[3,2],f32>) -> !torch.tuple<int, vtensor<[2],f32>>

// CHECK:      %0 = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
// CHECK-NEXT: %1 = "torch.aten.foo"(%x, %0) <{mode = "fast"}> : (!torch.vtensor<[2,3],f32>, !torch.int) -> !torch.vtensor<[3,2],f32>
// CHECK-NEXT: %2 = "torch.aten.bar"(%1) : (!torch.vtensor<[3,2],f32>) -> !torch.tuple<int, vtensor<[2],f32>>

// STRICT: Operation torch.aten.foo is not registered
