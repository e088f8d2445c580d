// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.linear: `quant` must be an #accllm.wq (IRDL property constraint).

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<4x8xf32>)
%y = "accllm.linear"(%x, %w) <{quant = #accllm.nm<2, 4>}> : (tensor<2x8xf32>, tensor<4x8xf32>) -> tensor<2x4xf32>

// CHECK: Operation does not verify: #accllm.nm<2, 4> should be of base attribute accllm.wq
