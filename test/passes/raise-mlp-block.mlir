// SwiGLU and residual structure raise independently of value names and operand order:
// `up * silu(gate)` (silu on the right) still becomes gated_mul(gate, up).
// RUN: accllm-opt %s -p convert-torch-to-accllm | filecheck %s

// CHECK:      %[[X:.*]] = accllm.embedding
// CHECK:      %[[G:.*]] = accllm.linear %[[X]], %{{.*}} : (tensor<1x?x8xf32>, tensor<16x8xf32>) -> tensor<1x?x16xf32>
// CHECK:      %[[U:.*]] = accllm.linear %[[X]], %{{.*}} : (tensor<1x?x8xf32>, tensor<16x8xf32>) -> tensor<1x?x16xf32>
// CHECK-NEXT: %[[S:.*]] = accllm.gated_mul silu %[[G]], %[[U]]
// CHECK:      %[[D:.*]] = accllm.linear %[[S]]
// CHECK-NEXT: %[[R:.*]] = accllm.add %[[X]], %[[D]]
// CHECK:      accllm.lm_head %[[R]]

func.func @forward(%ids: !torch.vtensor<[1,?],si64>) -> !torch.vtensor<[1,?,32],f32> {
  %none = "torch.constant.none"() : () -> !torch.none
  %one = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
  %m1 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
  %false = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
  %table = accllm.weight "e" : !torch.vtensor<[32,8],f32>
  %wg = accllm.weight "a" : !torch.vtensor<[16,8],f32>
  %wu = accllm.weight "b" : !torch.vtensor<[16,8],f32>
  %wd = accllm.weight "c" : !torch.vtensor<[8,16],f32>
  %x = "torch.aten.embedding"(%table, %ids, %m1, %false, %false) : (!torch.vtensor<[32,8],f32>, !torch.vtensor<[1,?],si64>, !torch.int, !torch.bool, !torch.bool) -> !torch.vtensor<[1,?,8],f32>
  %g = "torch.aten.linear"(%x, %wg, %none) : (!torch.vtensor<[1,?,8],f32>, !torch.vtensor<[16,8],f32>, !torch.none) -> !torch.vtensor<[1,?,16],f32>
  %u = "torch.aten.linear"(%x, %wu, %none) : (!torch.vtensor<[1,?,8],f32>, !torch.vtensor<[16,8],f32>, !torch.none) -> !torch.vtensor<[1,?,16],f32>
  %s = "torch.aten.silu"(%g) : (!torch.vtensor<[1,?,16],f32>) -> !torch.vtensor<[1,?,16],f32>
  %m = "torch.aten.mul.Tensor"(%u, %s) : (!torch.vtensor<[1,?,16],f32>, !torch.vtensor<[1,?,16],f32>) -> !torch.vtensor<[1,?,16],f32>
  %d = "torch.aten.linear"(%m, %wd, %none) : (!torch.vtensor<[1,?,16],f32>, !torch.vtensor<[8,16],f32>, !torch.none) -> !torch.vtensor<[1,?,8],f32>
  %r = "torch.aten.add.Tensor"(%x, %d, %one) : (!torch.vtensor<[1,?,8],f32>, !torch.vtensor<[1,?,8],f32>, !torch.int) -> !torch.vtensor<[1,?,8],f32>
  %l = "torch.aten.linear"(%r, %table, %none) : (!torch.vtensor<[1,?,8],f32>, !torch.vtensor<[32,8],f32>, !torch.none) -> !torch.vtensor<[1,?,32],f32>
  "func.return"(%l) : (!torch.vtensor<[1,?,32],f32>) -> ()
}
