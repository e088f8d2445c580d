// A scaling by the constant 1 (Granite's multipliers at 1) is an identity; by another
// constant it is folded into the weight of the op that produced the scaled value (here the
// embedding table), so the engine never scales activations.
// RUN: accllm-opt %s -p convert-torch-to-accllm | filecheck %s
// RUN: sed 's/value = 1.0 : f64/value = 12.0 : f64/' %s | accllm-opt -p convert-torch-to-accllm | filecheck %s --check-prefix=SCALED

// CHECK:      %[[T:.*]] = accllm.weight "embed" : tensor<16x8xf32>
// CHECK:      %[[X:.*]] = accllm.embedding %[[T]]
// CHECK-NEXT: %[[Y:.*]] = accllm.lm_head %[[X]]

// SCALED:      %[[T:.*]] = accllm.weight "embed*12.0" from "embed" scale 1.200000e+01 : tensor<16x8xf32>
// SCALED-NEXT: %[[X:.*]] = accllm.embedding %[[T]]
// SCALED-NEXT: %[[Y:.*]] = accllm.lm_head %[[X]]

func.func @forward(%ids: !torch.vtensor<[1,?],si64>) -> !torch.vtensor<[1,?,16],f32> {
  %none = "torch.constant.none"() : () -> !torch.none
  %m1 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
  %false = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
  %scale = "torch.constant.float"() <{value = 1.0 : f64}> : () -> !torch.float
  %table = accllm.weight "embed" : !torch.vtensor<[16,8],f32>
  %w = accllm.weight "head" : !torch.vtensor<[16,8],f32>
  %x = "torch.aten.embedding"(%table, %ids, %m1, %false, %false) : (!torch.vtensor<[16,8],f32>, !torch.vtensor<[1,?],si64>, !torch.int, !torch.bool, !torch.bool) -> !torch.vtensor<[1,?,8],f32>
  %s = "torch.aten.mul.Scalar"(%x, %scale) : (!torch.vtensor<[1,?,8],f32>, !torch.float) -> !torch.vtensor<[1,?,8],f32> loc("model.py":6:0)
  %y = "torch.aten.linear"(%s, %w, %none) : (!torch.vtensor<[1,?,8],f32>, !torch.vtensor<[16,8],f32>, !torch.none) -> !torch.vtensor<[1,?,16],f32>
  "func.return"(%y) : (!torch.vtensor<[1,?,16],f32>) -> ()
}
