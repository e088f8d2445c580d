// RUN: accllm-opt %s --parsing-diagnostics | filecheck %s

// !engine.kv: at least one KV head and an even head dimension (RoPE rotates pairs).

%x = "test.op"() : () -> !engine.kv<0 x 8>

// CHECK: engine.kv needs at least one KV head and an even head dimension
