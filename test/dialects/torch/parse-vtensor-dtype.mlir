// RUN: accllm-opt %s --parsing-diagnostics | filecheck %s

// A torch dtype is a float, a signed or unsigned integer, or i1: `si64`, never `i64`, as
// torch-mlir requires. Type verifiers run while the type is parsed, so this is a parse error.

%x = "test.op"() : () -> !torch.vtensor<[2],i64>

// CHECK: i64 is not a torch dtype
