// A quantization group that does not divide a linear's input width is a located error.
// RUN: not accllm-opt %S/Inputs/llama-2layer-torch.mlir -p 'accllm-raise,accllm-apply-compression{weight_group=48}' 2>&1 | filecheck %s
// CHECK: error: 'accllm.linear' op accllm.linear in_features 32 is not a multiple of the quantization group 48
// CHECK-NOT: Traceback
