// The accllm-to-engine pipeline (accllm-apply-compression, convert-accllm-to-engine,
// engine-tile, engine-buffer-alloc, engine-hbm-alloc) forwards its options and gives exactly
// what the five passes give when run one by one.
// RUN: accllm-opt %S/Inputs/llama-2layer-torch.mlir -p 'accllm-raise,accllm-to-engine{weight_group=32 window=16 sinks=2 sparsity="2:4" kv_bits=8 lanes=8 kept_per_lane=4 weight_channels=4 kv_channels=2 board=u55c index_encoding=code3}' > %t
// RUN: accllm-opt %S/Inputs/llama-2layer-torch.mlir -p 'accllm-raise,accllm-apply-compression{weight_group=32 window=16 sinks=2 sparsity="2:4" kv_bits=8},convert-accllm-to-engine{lanes=8 kept_per_lane=4 weight_channels=4 kv_channels=2 board=u55c index_encoding=code3},engine-tile,engine-buffer-alloc,engine-hbm-alloc' > %t.ref
// RUN: diff %t %t.ref
// RUN: filecheck %s < %t
// Defaults: without sparsity the weights are dense, window 0 is dense causal attention, KV4.
// RUN: accllm-opt %S/Inputs/llama-2layer-torch.mlir -p 'accllm-raise,accllm-to-engine{weight_group=32 sparsity=none lanes=8 kept_per_lane=4 weight_channels=4 kv_channels=2}' | filecheck %s --check-prefix=DENSE

// CHECK:       builtin.module attributes {engine.config = #engine.config<board = u55c, clock_mhz = 225, lanes = 8, kept_per_lane = 4, {{.*}}, weight_channels = 4, kv_channels = 2, {{.*}}>, engine.act_row_bytes = {{[0-9]+}} : i64} {
// CHECK-LABEL: engine.program "prefill"
// CHECK:       engine.load_weights "model.layers.0.self_attn.q_proj.weight" format <bits = 2, group = 32, sparse 2:4, code3> channels array<i64: 0, 1, 2, 3> offsets array<i64: 1024, 1024, 1024, 1024> bytes array<i64: 256, 256, 256, 256> : !engine.weights<32x32>
// CHECK:       engine.kv_load layer 0 channels array<i64: 30, 31> offsets array<i64: 0, 64>
// CHECK-NEXT:  engine.attention {{.*}} sinks 2 window 16 positions "cache"
// CHECK-NEXT:  engine.kv_append {{.*}} layer 0 bits 8 channels array<i64: 30, 31> offsets array<i64: 0, 64>
// KV8: 1088 slots x (2 x 8 bytes + 16) = 34816 bytes a layer and KV channel.
// CHECK:       engine.kv_load layer 1 channels array<i64: 30, 31> offsets array<i64: 69632, 69824>
// CHECK-LABEL: engine.program "decode"
// CHECK:       engine.linear {{.*}} mode "mv"

// DENSE:       engine.config = #engine.config<board = u280,
// DENSE:       engine.load_weights "model.layers.0.self_attn.q_proj.weight" format <bits = 2, group = 32, dense> channels array<i64: 0, 1, 2, 3>
// DENSE:       engine.attention {{.*}} sinks 0 window 0 positions "cache"
// DENSE:       engine.kv_append {{.*}} layer 0 bits 4
