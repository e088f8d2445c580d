// accllm-apply-compression writes W2 g32 + 2:4, A8 quantize ops, KV4 and a Λ mask into the
// raised decoder; each linear input is quantized once even when several linears read it.
// RUN: accllm-opt %S/Inputs/llama-2layer-torch.mlir -p 'accllm-raise,accllm-apply-compression{weight_group=32 window=16 sinks=2}' | filecheck %s

// CHECK:      %[[N:.*]] = accllm.rmsnorm
// CHECK-NEXT: %[[NQ:.*]] = accllm.quantize %[[N]] bits 8
// CHECK:      accllm.linear %[[NQ]], %{{.*}} quant <bits = 2, group = 32, asym> sparsity <2, 4>
// CHECK:      accllm.linear %[[NQ]], %{{.*}} quant <bits = 2, group = 32, asym> sparsity <2, 4>
// CHECK:      accllm.attention {{.*}} mask #accllm.lambda<sinks = 2, window = 16> kv_cache <bits = 4, keys = per_token>
// CHECK:      accllm.lm_head %{{.*}}, %{{.*}} quant <bits = 8, group = 32, sym>
