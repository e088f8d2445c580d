// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.rope: num_heads is an i64 attribute (IRDL property constraint).

%x, %f = "test.op"() : () -> (tensor<2x8xf32>, tensor<2xf32>)
%r = "accllm.rope"(%x, %f) <{num_heads = 2 : i32}> : (tensor<2x8xf32>, tensor<2xf32>) -> tensor<2x8xf32>

// CHECK: Operation does not verify: Expected attribute i64 but got i32
