// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.load_weights (any HBM access): channels exist on the configured board (u280: 0..31).

builtin.module attributes {engine.config = #engine.config<board = u280, clock_mhz = 225, lanes = 8, kept_per_lane = 4, att_lanes = 32, sfu_lanes = 16, mm_token_block = 64, weight_channels = 2, kv_channels = 2, misc_channel = 31, port_bits = 512, weight_fifo_kib = 4096, max_tokens = 64, kv_slots = 1088>} {
  %w = engine.load_weights "w" format <bits = 2, group = 32, dense> channels array<i64: 31, 32> offsets array<i64: 0, 0> bytes array<i64: 64, 64> : !engine.weights<16x32>
}

// CHECK: Operation does not verify: engine.load_weights names HBM channel 32, but u280 has 32
