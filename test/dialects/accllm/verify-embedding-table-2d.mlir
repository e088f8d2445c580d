// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// accllm.embedding: the table must be 2-D [vocab, hidden].

%t, %ids = "test.op"() : () -> (tensor<64xf32>, tensor<1x8xi64>)
%e = accllm.embedding %t[%ids] : tensor<64xf32>, tensor<1x8xi64> -> tensor<1x8xf32>

// CHECK: Operation does not verify: embedding table must be 2-D [vocab, hidden]
