// engine-hbm-alloc: a channel filled beyond the board's pseudo-channel capacity (u280: 256 MiB)
// is a one-line error. A small model cannot fill one, so the load's byte count is written by
// hand: two 200 MiB matrices on the single weight channel 0.
// RUN: not accllm-opt %s -p engine-hbm-alloc 2>&1 | filecheck %s
// RUN: not accllm-opt %s -p engine-hbm-alloc 2>&1 | wc -l | filecheck %s --check-prefix=LINES

// CHECK:     {{^}}engine-hbm-alloc: HBM channel 0 needs 400.0 MiB, u280 channels hold 256 MiB{{$}}
// CHECK-NOT: Traceback
// LINES:     {{^ *1$}}

builtin.module attributes {engine.config = #engine.config<board = u280, clock_mhz = 225, lanes = 8, kept_per_lane = 4, att_lanes = 32, sfu_lanes = 16, mm_token_block = 64, weight_channels = 1, kv_channels = 2, misc_channel = 31, port_bits = 512, weight_fifo_kib = 4096, max_tokens = 64, kv_slots = 1088>} {
  engine.program "decode" {
  ^bb0(%t: !engine.tokens):
    %a = engine.load_weights "a" format <bits = 2, group = 32, dense> channels array<i64: 0> offsets array<i64: 0> bytes array<i64: 209715200> : !engine.weights<16x32>
    %b = engine.load_weights "b" format <bits = 2, group = 32, dense> channels array<i64: 0> offsets array<i64: 0> bytes array<i64: 209715200> : !engine.weights<16x32>
    engine.end
  }
}
