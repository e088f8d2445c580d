// Malformed imported IR is reported at its line and column.
// RUN: not accllm-opt %s 2>&1 | filecheck %s
// CHECK: malformed-torch-ir.mlir:7:{{[0-9]+}}: error:
// CHECK-NOT: Traceback
func.func @forward(%ids: !torch.vtensor<[1,?],si64>) -> !torch.vtensor<[1,?],si64> {
  %one = "torch.constant.int"() <{value = 1 : i64}> : () -> !torch.int
  %y = "torch.aten.add.Scalar"(%ids, %one, %one) : (!torch.vtensor<[1,?],si64>, !torch.int, !torch.int -> !torch.vtensor<[1,?],si64>
  "func.return"(%y) : (!torch.vtensor<[1,?],si64>) -> ()
}
