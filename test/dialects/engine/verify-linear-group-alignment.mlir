// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.linear: a quantization group's kept weights (group 12 at 2:4: 6) divide, or are a multiple
// of, the kept weights per lane per cycle (kept_per_lane = 4), so a group ends on a cycle.

builtin.module attributes {engine.config = #engine.config<board = u280, clock_mhz = 225, lanes = 8, kept_per_lane = 4, att_lanes = 32, sfu_lanes = 16, mm_token_block = 64, weight_channels = 2, kv_channels = 2, misc_channel = 31, port_bits = 512, weight_fifo_kib = 4096, max_tokens = 64, kv_slots = 1088>} {
  %q = "test.op"() : () -> !engine.qact<24>
  %w = engine.load_weights "w" format <bits = 2, group = 12, sparse 2:4, pair2> channels array<i64: 0, 1> offsets array<i64: 0, 0> bytes array<i64: 64, 64> : !engine.weights<16x24>
  %y = engine.linear %q, %w mode "mv" : !engine.qact<24>, !engine.weights<16x24> -> !engine.act<16>
}

// CHECK: Operation does not verify: quantization group of 6 kept weights does not align with 4 kept weights per lane per cycle
