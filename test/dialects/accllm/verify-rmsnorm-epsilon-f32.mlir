// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.rmsnorm: epsilon is an f32 attribute (IRDL property constraint).

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<8xf32>)
%n = "accllm.rmsnorm"(%x, %w) <{epsilon = 1.0e-05 : f64}> : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>

// CHECK: Operation does not verify: f64 should be of base attribute f32
