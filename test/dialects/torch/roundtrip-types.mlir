// RUN: accllm-opt %s --print-op-generic | filecheck %s
// RUN: accllm-opt %s --print-op-generic | accllm-opt --print-op-generic | filecheck %s

// Every torch type spelling reads and prints exactly as torch-mlir prints it: `?` sizes,
// rank 0, unknown rank (`*`), unknown dtype (`unk`), neither known (bare), every dtype a
// LLaMA import uses, and container types whose contents drop the `!torch.` prefix.

"test.op"() : () -> (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[64,32],f32>, !torch.vtensor<[],si64>)
"test.op"() : () -> (!torch.vtensor<*,f32>, !torch.vtensor<[2,?],unk>, !torch.vtensor)
"test.op"() : () -> (!torch.tensor<[2,3],bf16>, !torch.tensor<*,f16>, !torch.tensor)
"test.op"() : () -> (!torch.vtensor<[2],f16>, !torch.vtensor<[2],bf16>, !torch.vtensor<[2],f64>)
"test.op"() : () -> (!torch.vtensor<[2],si32>, !torch.vtensor<[2],si8>, !torch.vtensor<[2],ui8>, !torch.vtensor<[2],i1>)
"test.op"() : () -> (!torch.int, !torch.float, !torch.bool, !torch.none, !torch.str, !torch.Device, !torch.number)
"test.op"() : () -> (!torch.list<int>, !torch.list<vtensor>, !torch.list<optional<vtensor>>)
"test.op"() : () -> (!torch.list<optional<vtensor<[1,?],si64>>>, !torch.optional<int>, !torch.list<list<int>>)

// CHECK:      "test.op"() : () -> (!torch.vtensor<[1,?,32],f32>, !torch.vtensor<[64,32],f32>, !torch.vtensor<[],si64>)
// CHECK-NEXT: "test.op"() : () -> (!torch.vtensor<*,f32>, !torch.vtensor<[2,?],unk>, !torch.vtensor)
// CHECK-NEXT: "test.op"() : () -> (!torch.tensor<[2,3],bf16>, !torch.tensor<*,f16>, !torch.tensor)
// CHECK-NEXT: "test.op"() : () -> (!torch.vtensor<[2],f16>, !torch.vtensor<[2],bf16>, !torch.vtensor<[2],f64>)
// CHECK-NEXT: "test.op"() : () -> (!torch.vtensor<[2],si32>, !torch.vtensor<[2],si8>, !torch.vtensor<[2],ui8>, !torch.vtensor<[2],i1>)
// CHECK-NEXT: "test.op"() : () -> (!torch.int, !torch.float, !torch.bool, !torch.none, !torch.str, !torch.Device, !torch.number)
// CHECK-NEXT: "test.op"() : () -> (!torch.list<int>, !torch.list<vtensor>, !torch.list<optional<vtensor>>)
// CHECK-NEXT: "test.op"() : () -> (!torch.list<optional<vtensor<[1,?],si64>>>, !torch.optional<int>, !torch.list<list<int>>)
