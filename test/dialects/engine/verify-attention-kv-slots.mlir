// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.attention: the KV ring holds the sinks, the window and one prefill block
// (2 + 16 + mm_token_block 64 = 82 > kv_slots 80).

builtin.module attributes {engine.config = #engine.config<board = u280, clock_mhz = 225, lanes = 8, kept_per_lane = 4, att_lanes = 32, sfu_lanes = 16, mm_token_block = 64, weight_channels = 2, kv_channels = 2, misc_channel = 31, port_bits = 512, weight_fifo_kib = 4096, max_tokens = 64, kv_slots = 80>} {
  %x, %k, %v = "test.op"() : () -> (!engine.act<32>, !engine.act<16>, !engine.act<16>)
  %kv = engine.kv_load layer 0 channels array<i64: 30, 31> offsets array<i64: 0, 64> : !engine.kv<2x8>
  %a = engine.attention %x, %k, %v, %kv heads 4 scale 0.25 sinks 2 window 16 positions "cache" inv_freq array<f32: 1.0, 0.1, 0.01, 0.001> : !engine.act<32>, !engine.act<16>, !engine.act<16>, !engine.kv<2x8> -> !engine.act<32>
}

// CHECK: Operation does not verify: Λ window needs 82 KV slots (sinks + window + one prefill block), the engine has 80
