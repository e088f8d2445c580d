// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// A literal's result has exactly its value's sizes and dtype (signedness included).

%0 = "torch.vtensor.literal"() <{value = dense<[1, 2]> : tensor<2xsi64>}> : () -> !torch.vtensor<[2],si32>

// CHECK: literal of type tensor<2xsi64> must produce !torch.vtensor<[2],si64>, got !torch.vtensor<[2],si32>
