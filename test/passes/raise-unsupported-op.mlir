// An op kind no raising pattern knows is reported once, with its count and first location,
// and accllm-opt fails without a traceback.
// RUN: not accllm-opt %s -p convert-torch-to-accllm 2>&1 | filecheck %s

// CHECK: model.py:7:0: error: unsupported op 'torch.aten.sigmoid' (2 ops)
// CHECK-NOT: Traceback

func.func @forward(%ids: !torch.vtensor<[1,?],si64>) -> !torch.vtensor<[1,?,8],f32> {
  %none = "torch.constant.none"() : () -> !torch.none
  %m1 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
  %false = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
  %table = accllm.weight "embed" : !torch.vtensor<[16,8],f32>
  %w = accllm.weight "w" : !torch.vtensor<[8,8],f32>
  %x = "torch.aten.embedding"(%table, %ids, %m1, %false, %false) : (!torch.vtensor<[16,8],f32>, !torch.vtensor<[1,?],si64>, !torch.int, !torch.bool, !torch.bool) -> !torch.vtensor<[1,?,8],f32>
  %g = "torch.aten.sigmoid"(%x) : (!torch.vtensor<[1,?,8],f32>) -> !torch.vtensor<[1,?,8],f32> loc("model.py":7:0)
  %g2 = "torch.aten.sigmoid"(%g) : (!torch.vtensor<[1,?,8],f32>) -> !torch.vtensor<[1,?,8],f32> loc("model.py":8:0)
  %y = "torch.aten.linear"(%g2, %w, %none) : (!torch.vtensor<[1,?,8],f32>, !torch.vtensor<[8,8],f32>, !torch.none) -> !torch.vtensor<[1,?,8],f32>
  "func.return"(%y) : (!torch.vtensor<[1,?,8],f32>) -> ()
}
