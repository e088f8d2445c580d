// A known op kind that no pattern raises is the cause reported; an op that was raised but is
// kept alive by that unraised user (here the embedding) is not.
// RUN: not accllm-opt %s -p convert-torch-to-accllm 2>&1 | filecheck %s

// CHECK: model.py:7:0: error: cannot raise 'torch.aten.pow.Tensor_Scalar' (1 op): no accllm pattern matches it
// CHECK-NOT: torch.aten.embedding
// CHECK-NOT: Traceback

func.func @forward(%ids: !torch.vtensor<[1,?],si64>) -> !torch.vtensor<[1,?,8],f32> {
  %none = "torch.constant.none"() : () -> !torch.none
  %m1 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
  %two = "torch.constant.int"() <{value = 2 : i64}> : () -> !torch.int
  %false = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
  %table = accllm.weight "embed" : !torch.vtensor<[16,8],f32>
  %w = accllm.weight "w" : !torch.vtensor<[8,8],f32>
  %x = "torch.aten.embedding"(%table, %ids, %m1, %false, %false) : (!torch.vtensor<[16,8],f32>, !torch.vtensor<[1,?],si64>, !torch.int, !torch.bool, !torch.bool) -> !torch.vtensor<[1,?,8],f32> loc("model.py":5:0)
  %p = "torch.aten.pow.Tensor_Scalar"(%x, %two) : (!torch.vtensor<[1,?,8],f32>, !torch.int) -> !torch.vtensor<[1,?,8],f32> loc("model.py":7:0)
  %y = "torch.aten.linear"(%p, %w, %none) : (!torch.vtensor<[1,?,8],f32>, !torch.vtensor<[8,8],f32>, !torch.none) -> !torch.vtensor<[1,?,8],f32>
  "func.return"(%y) : (!torch.vtensor<[1,?,8],f32>) -> ()
}
