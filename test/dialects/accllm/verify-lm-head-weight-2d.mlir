// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.lm_head: the weight is 2-D [vocab, hidden].

%x, %w = "test.op"() : () -> (tensor<2x8xf32>, tensor<64xf32>)
%y = accllm.lm_head %x, %w : (tensor<2x8xf32>, tensor<64xf32>) -> tensor<2x64xf32>

// CHECK: Operation does not verify: accllm.lm_head weight must be 2-D [out, in]
