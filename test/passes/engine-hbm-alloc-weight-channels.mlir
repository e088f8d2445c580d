// engine-hbm-alloc: a configuration asking for more weight channels (64) than the board has
// (u280: 32) is a one-line error. (convert-accllm-to-engine with weight_channels=64 already
// yields loads the engine.load_weights verifier rejects, so the module is written by hand.)
// RUN: not accllm-opt %s -p engine-hbm-alloc 2>&1 | filecheck %s
// RUN: not accllm-opt %s -p engine-hbm-alloc 2>&1 | wc -l | filecheck %s --check-prefix=LINES

// CHECK:     {{^}}engine-hbm-alloc: 64 weight channels requested, u280 has 32{{$}}
// CHECK-NOT: Traceback
// LINES:     {{^ *1$}}

builtin.module attributes {engine.config = #engine.config<board = u280, clock_mhz = 225, lanes = 8, kept_per_lane = 4, att_lanes = 32, sfu_lanes = 16, mm_token_block = 64, weight_channels = 64, kv_channels = 2, misc_channel = 31, port_bits = 512, weight_fifo_kib = 4096, max_tokens = 64, kv_slots = 1088>} {
  engine.program "decode" {
  ^bb0(%t: !engine.tokens):
    %v = engine.load_vector "norm" at 0 : !engine.vector<32>
    engine.end
  }
}
