// RUN: accllm-opt %s --print-op-generic | filecheck %s
// RUN: accllm-opt %s --print-op-generic | accllm-opt --print-op-generic | filecheck %s

// The importer's constants (value as a property), list construction, dense tensor literals
// and the opaque `torch.operator` it emits for ATen ops torch-mlir has no definition for.
// Floats print in xDSL's spelling of the same value: torch-mlir's f64 `9.9999999999999995E-7`
// becomes `1.000000e-06`, its f32 `0.00999999977` becomes `1.000000e-02`.

%t = "test.op"() : () -> !torch.vtensor<[1,?],si64>
%0 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
%1 = "torch.constant.int"() <{value = 9223372036854775807 : i64}> : () -> !torch.int
%2 = "torch.constant.float"() <{value = 9.9999999999999995E-7 : f64}> : () -> !torch.float
%3 = "torch.constant.float"() <{value = 0.35355339059327379 : f64}> : () -> !torch.float
%4 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
%5 = "torch.constant.bool"() <{value = true}> : () -> !torch.bool
%6 = "torch.constant.none"() : () -> !torch.none
%7 = "torch.constant.str"() <{value = "tanh"}> : () -> !torch.str
%8 = "torch.constant.device"() <{value = "cpu"}> : () -> !torch.Device
%9 = "torch.prim.ListConstruct"(%0, %1) : (!torch.int, !torch.int) -> !torch.list<int>
%10 = "torch.prim.ListConstruct"() : () -> !torch.list<int>
%11 = "torch.prim.ListConstruct"(%t, %t) : (!torch.vtensor<[1,?],si64>, !torch.vtensor<[1,?],si64>) -> !torch.list<vtensor>
%12 = "torch.prim.ListConstruct"(%t) : (!torch.vtensor<[1,?],si64>) -> !torch.list<optional<vtensor>>
%13 = "torch.vtensor.literal"() <{value = dense<[1.000000e+00, 1.000000e-01, 0.00999999977, 1.000000e-03]> : tensor<4xf32>}> : () -> !torch.vtensor<[4],f32>
%14 = "torch.vtensor.literal"() <{value = dense<[[1, 2], [3, 4]]> : tensor<2x2xsi64>}> : () -> !torch.vtensor<[2,2],si64>
%15 = "torch.vtensor.literal"() <{value = dense<true> : tensor<2x2xi1>}> : () -> !torch.vtensor<[2,2],i1>
%16 = "torch.vtensor.literal"() <{value = dense<0.000000e+00> : tensor<f32>}> : () -> !torch.vtensor<[],f32>
%17 = "torch.operator"(%t, %0, %0, %t, %6) <{name = "torch.aten.diff"}> : (!torch.vtensor<[1,?],si64>, !torch.int, !torch.int, !torch.vtensor<[1,?],si64>, !torch.none) -> !torch.vtensor<[1,?],si64>

// CHECK:      %0 = "torch.constant.int"() <{value = -1 : i64}> : () -> !torch.int
// CHECK-NEXT: %1 = "torch.constant.int"() <{value = 9223372036854775807 : i64}> : () -> !torch.int
// CHECK-NEXT: %2 = "torch.constant.float"() <{value = 1.000000e-06 : f64}> : () -> !torch.float
// CHECK-NEXT: %3 = "torch.constant.float"() <{value = 0.35355339059327379 : f64}> : () -> !torch.float
// CHECK-NEXT: %4 = "torch.constant.bool"() <{value = false}> : () -> !torch.bool
// CHECK-NEXT: %5 = "torch.constant.bool"() <{value = true}> : () -> !torch.bool
// CHECK-NEXT: %6 = "torch.constant.none"() : () -> !torch.none
// CHECK-NEXT: %7 = "torch.constant.str"() <{value = "tanh"}> : () -> !torch.str
// CHECK-NEXT: %8 = "torch.constant.device"() <{value = "cpu"}> : () -> !torch.Device
// CHECK-NEXT: %9 = "torch.prim.ListConstruct"(%0, %1) : (!torch.int, !torch.int) -> !torch.list<int>
// CHECK-NEXT: %10 = "torch.prim.ListConstruct"() : () -> !torch.list<int>
// CHECK-NEXT: %11 = "torch.prim.ListConstruct"(%t, %t) : (!torch.vtensor<[1,?],si64>, !torch.vtensor<[1,?],si64>) -> !torch.list<vtensor>
// CHECK-NEXT: %12 = "torch.prim.ListConstruct"(%t) : (!torch.vtensor<[1,?],si64>) -> !torch.list<optional<vtensor>>
// CHECK-NEXT: %13 = "torch.vtensor.literal"() <{value = dense<[1.000000e+00, 1.000000e-01, 1.000000e-02, 1.000000e-03]> : tensor<4xf32>}> : () -> !torch.vtensor<[4],f32>
// CHECK-NEXT: %14 = "torch.vtensor.literal"() <{value = dense<[[1, 2], [3, 4]]> : tensor<2x2xsi64>}> : () -> !torch.vtensor<[2,2],si64>
// CHECK-NEXT: %15 = "torch.vtensor.literal"() <{value = dense<true> : tensor<2x2xi1>}> : () -> !torch.vtensor<[2,2],i1>
// CHECK-NEXT: %16 = "torch.vtensor.literal"() <{value = dense<0.000000e+00> : tensor<f32>}> : () -> !torch.vtensor<[],f32>
// CHECK-NEXT: %17 = "torch.operator"(%t, %0, %0, %t, %6) <{name = "torch.aten.diff"}> : (!torch.vtensor<[1,?],si64>, !torch.int, !torch.int, !torch.vtensor<[1,?],si64>, !torch.none) -> !torch.vtensor<[1,?],si64>
