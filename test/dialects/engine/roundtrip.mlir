// RUN: accllm-opt %s | accllm-opt | filecheck %s
// RUN: accllm-opt %s --print-op-generic | accllm-opt | filecheck %s

// Every engine op, type and attribute round-trips in its pretty form, and through the generic
// form back to the same pretty form: both programs (prefill: linears in mm mode, decode: mv),
// a linear with and without bias, every weight format (2:4 pair2 and code3, dense 4-bit,
// int8 rows, float16), attention with a Λ window ("cache" positions) and dense causal
// ("original"), KV4 and KV8 appends, and #engine.config on the module (misc_channel = 0 is
// allowed).

builtin.module attributes {engine.config = #engine.config<board = u280, clock_mhz = 225, lanes = 8, kept_per_lane = 4, att_lanes = 32, sfu_lanes = 16, mm_token_block = 64, weight_channels = 2, kv_channels = 2, misc_channel = 0, port_bits = 512, weight_fifo_kib = 4096, max_tokens = 64, kv_slots = 1088>} {
  engine.program "prefill" {
  ^bb0(%tok: !engine.tokens):
    %x = engine.embed %tok "embed" rows 64 channels array<i64: 0, 1> offsets array<i64: 0, 0> : !engine.act<32>
    %nw = engine.load_vector "norm" at 64 : !engine.vector<32>
    %n = engine.rmsnorm %x, %nw eps 1.000000e-06 : !engine.act<32>, !engine.vector<32> -> !engine.act<32>
    %q = engine.quantize %n bits 8 : !engine.act<32> -> !engine.qact<32>
    %wq = engine.load_weights "wq" format <bits = 2, group = 32, sparse 2:4, pair2> channels array<i64: 0, 1> offsets array<i64: 1024, 1024> bytes array<i64: 128, 128> : !engine.weights<32x32>
    %yq = engine.linear %q, %wq mode "mm" : !engine.qact<32>, !engine.weights<32x32> -> !engine.act<32>
    %wk = engine.load_weights "wk" format <bits = 4, group = 16, sparse 2:4, code3> channels array<i64: 0, 1> offsets array<i64: 1152, 1152> bytes array<i64: 64, 64> : !engine.weights<16x32>
    %bk = engine.load_vector "bk" at 128 : !engine.vector<16>
    %yk = engine.linear %q, %wk bias %bk mode "mm" : !engine.qact<32>, !engine.weights<16x32>, !engine.vector<16> -> !engine.act<16>
    %rk = engine.rope %yk heads 2 inv_freq array<f32: 1.000000e+00, 1.000000e-01, 1.000000e-02, 1.000000e-03> scaling 1.000000e+00 : !engine.act<16> -> !engine.act<16>
    %kv = engine.kv_load layer 0 channels array<i64: 30, 31> offsets array<i64: 0, 64> : !engine.kv<2x8>
    %a = engine.attention %yq, %rk, %yk, %kv heads 4 scale 2.500000e-01 sinks 2 window 16 positions "cache" inv_freq array<f32: 1.000000e+00, 1.000000e-01, 1.000000e-02, 1.000000e-03> : !engine.act<32>, !engine.act<16>, !engine.act<16>, !engine.kv<2x8> -> !engine.act<32>
    engine.kv_append %rk, %yk after %a layer 0 bits 4 channels array<i64: 30, 31> offsets array<i64: 0, 64> : !engine.act<16>, !engine.act<16>, !engine.act<32>
    %s = engine.gated_mul silu %a, %yq : !engine.act<32>, !engine.act<32> -> !engine.act<32>
    %r = engine.add %x, %s : !engine.act<32>, !engine.act<32> -> !engine.act<32>
    %rq = engine.quantize %r bits 8 : !engine.act<32> -> !engine.qact<32>
    %wh = engine.load_weights "lm_head" format <bits = 8, group = 32, dense> channels array<i64: 0, 1> offsets array<i64: 1216, 1216> bytes array<i64: 576, 576> : !engine.weights<64x32>
    %l = engine.lm_head %rq, %wh : !engine.qact<32>, !engine.weights<64x32> -> !engine.act<64>
    engine.store_logits %l at 192 : !engine.act<64>
    engine.end
  }
  engine.program "decode" {
  ^bb0(%dtok: !engine.tokens):
    %dx = engine.embed %dtok "embed" rows 64 channels array<i64: 0, 1> offsets array<i64: 0, 0> : !engine.act<32>
    %dq = engine.quantize %dx bits 8 : !engine.act<32> -> !engine.qact<32>
    %dw = engine.load_weights "wf16" format <bits = 16, group = 32, dense> channels array<i64: 0, 1> offsets array<i64: 1792, 1792> bytes array<i64: 1024, 1024> : !engine.weights<32x32>
    %dy = engine.linear %dq, %dw mode "mv" : !engine.qact<32>, !engine.weights<32x32> -> !engine.act<32>
    %dkv = engine.kv_load layer 0 channels array<i64: 30, 31> offsets array<i64: 0, 64> : !engine.kv<2x8>
    %dk = engine.load_weights "wk4" format <bits = 4, group = 32, dense> channels array<i64: 0, 1> offsets array<i64: 2816, 2816> bytes array<i64: 192, 192> : !engine.weights<16x32>
    %dyk = engine.linear %dq, %dk mode "mv" : !engine.qact<32>, !engine.weights<16x32> -> !engine.act<16>
    %da = engine.attention %dy, %dyk, %dyk, %dkv heads 4 scale 2.500000e-01 sinks 0 window 0 positions "original" inv_freq array<f32: 1.000000e+00, 1.000000e-01, 1.000000e-02, 1.000000e-03> : !engine.act<32>, !engine.act<16>, !engine.act<16>, !engine.kv<2x8> -> !engine.act<32>
    engine.kv_append %dyk, %dyk after %da layer 0 bits 8 channels array<i64: 30, 31> offsets array<i64: 0, 64> : !engine.act<16>, !engine.act<16>, !engine.act<32>
    engine.end
  }
}

// CHECK:      builtin.module attributes {engine.config = #engine.config<board = u280, clock_mhz = 225, lanes = 8, kept_per_lane = 4, att_lanes = 32, sfu_lanes = 16, mm_token_block = 64, weight_channels = 2, kv_channels = 2, misc_channel = 0, port_bits = 512, weight_fifo_kib = 4096, max_tokens = 64, kv_slots = 1088>} {
// CHECK-NEXT:   engine.program "prefill" {
// CHECK-NEXT:   ^bb0(%tok: !engine.tokens):
// CHECK-NEXT:     %x = engine.embed %tok "embed" rows 64 channels array<i64: 0, 1> offsets array<i64: 0, 0> : !engine.act<32>
// CHECK-NEXT:     %nw = engine.load_vector "norm" at 64 : !engine.vector<32>
// CHECK-NEXT:     %n = engine.rmsnorm %x, %nw eps 1.000000e-06 : !engine.act<32>, !engine.vector<32> -> !engine.act<32>
// CHECK-NEXT:     %q = engine.quantize %n bits 8 : !engine.act<32> -> !engine.qact<32>
// CHECK-NEXT:     %wq = engine.load_weights "wq" format <bits = 2, group = 32, sparse 2:4, pair2> channels array<i64: 0, 1> offsets array<i64: 1024, 1024> bytes array<i64: 128, 128> : !engine.weights<32x32>
// CHECK-NEXT:     %yq = engine.linear %q, %wq mode "mm" : !engine.qact<32>, !engine.weights<32x32> -> !engine.act<32>
// CHECK-NEXT:     %wk = engine.load_weights "wk" format <bits = 4, group = 16, sparse 2:4, code3> channels array<i64: 0, 1> offsets array<i64: 1152, 1152> bytes array<i64: 64, 64> : !engine.weights<16x32>
// CHECK-NEXT:     %bk = engine.load_vector "bk" at 128 : !engine.vector<16>
// CHECK-NEXT:     %yk = engine.linear %q, %wk bias %bk mode "mm" : !engine.qact<32>, !engine.weights<16x32>, !engine.vector<16> -> !engine.act<16>
// CHECK-NEXT:     %rk = engine.rope %yk heads 2 inv_freq array<f32: 1.000000e+00, 1.000000e-01, 1.000000e-02, 1.000000e-03> scaling 1.000000e+00 : !engine.act<16> -> !engine.act<16>
// CHECK-NEXT:     %kv = engine.kv_load layer 0 channels array<i64: 30, 31> offsets array<i64: 0, 64> : !engine.kv<2x8>
// CHECK-NEXT:     %a = engine.attention %yq, %rk, %yk, %kv heads 4 scale 2.500000e-01 sinks 2 window 16 positions "cache" inv_freq array<f32: 1.000000e+00, 1.000000e-01, 1.000000e-02, 1.000000e-03> : !engine.act<32>, !engine.act<16>, !engine.act<16>, !engine.kv<2x8> -> !engine.act<32>
// CHECK-NEXT:     engine.kv_append %rk, %yk after %a layer 0 bits 4 channels array<i64: 30, 31> offsets array<i64: 0, 64> : !engine.act<16>, !engine.act<16>, !engine.act<32>
// CHECK-NEXT:     %s = engine.gated_mul silu %a, %yq : !engine.act<32>, !engine.act<32> -> !engine.act<32>
// CHECK-NEXT:     %r = engine.add %x, %s : !engine.act<32>, !engine.act<32> -> !engine.act<32>
// CHECK-NEXT:     %rq = engine.quantize %r bits 8 : !engine.act<32> -> !engine.qact<32>
// CHECK-NEXT:     %wh = engine.load_weights "lm_head" format <bits = 8, group = 32, dense> channels array<i64: 0, 1> offsets array<i64: 1216, 1216> bytes array<i64: 576, 576> : !engine.weights<64x32>
// CHECK-NEXT:     %l = engine.lm_head %rq, %wh : !engine.qact<32>, !engine.weights<64x32> -> !engine.act<64>
// CHECK-NEXT:     engine.store_logits %l at 192 : !engine.act<64>
// CHECK-NEXT:     engine.end
// CHECK-NEXT:   }
// CHECK-NEXT:   engine.program "decode" {
// CHECK-NEXT:   ^bb0(%dtok: !engine.tokens):
// CHECK-NEXT:     %dx = engine.embed %dtok "embed" rows 64 channels array<i64: 0, 1> offsets array<i64: 0, 0> : !engine.act<32>
// CHECK-NEXT:     %dq = engine.quantize %dx bits 8 : !engine.act<32> -> !engine.qact<32>
// CHECK-NEXT:     %dw = engine.load_weights "wf16" format <bits = 16, group = 32, dense> channels array<i64: 0, 1> offsets array<i64: 1792, 1792> bytes array<i64: 1024, 1024> : !engine.weights<32x32>
// CHECK-NEXT:     %dy = engine.linear %dq, %dw mode "mv" : !engine.qact<32>, !engine.weights<32x32> -> !engine.act<32>
// CHECK-NEXT:     %dkv = engine.kv_load layer 0 channels array<i64: 30, 31> offsets array<i64: 0, 64> : !engine.kv<2x8>
// CHECK-NEXT:     %dk = engine.load_weights "wk4" format <bits = 4, group = 32, dense> channels array<i64: 0, 1> offsets array<i64: 2816, 2816> bytes array<i64: 192, 192> : !engine.weights<16x32>
// CHECK-NEXT:     %dyk = engine.linear %dq, %dk mode "mv" : !engine.qact<32>, !engine.weights<16x32> -> !engine.act<16>
// CHECK-NEXT:     %da = engine.attention %dy, %dyk, %dyk, %dkv heads 4 scale 2.500000e-01 sinks 0 window 0 positions "original" inv_freq array<f32: 1.000000e+00, 1.000000e-01, 1.000000e-02, 1.000000e-03> : !engine.act<32>, !engine.act<16>, !engine.act<16>, !engine.kv<2x8> -> !engine.act<32>
// CHECK-NEXT:     engine.kv_append %dyk, %dyk after %da layer 0 bits 8 channels array<i64: 30, 31> offsets array<i64: 0, 64> : !engine.act<16>, !engine.act<16>, !engine.act<32>
// CHECK-NEXT:     engine.end
// CHECK-NEXT:   }
// CHECK-NEXT: }
