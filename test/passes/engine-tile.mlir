// engine-tile recomputes every weight load's channels and bytes per channel for the module's
// #engine.config (lanes = 8, kept_per_lane = 4, weight_channels = 4): row r streams from
// channel (r mod 8) mod 4 as chunk words, each tile's words on a channel padded to a whole
// 64-byte beat; a channel without rows still takes one beat. Offsets are reset to 0 when the
// channel count changes and kept otherwise.
// 32x32 W2 g32 2:4 pair2: a chunk is 4 kept codes and 4 indices (16 bits, the group's zero
// and scale in the spare bits), 4 words a row; 4 tiles of 2 rows a channel, 8 words = one
// beat each: 256 bytes;
// 6x32 int8 rows: 4 codes a chunk, 8 chunks and a meta word (the scale) a row; one tile,
// channels 0 and 1 hold two rows (18 words -> 3 beats), channels 2 and 3 one (9 -> 2);
// 2x32 float16 rows (64 bytes a row, back to back): channels 2 and 3 hold no row and stream
// one beat.
// RUN: accllm-opt %s -p engine-tile | filecheck %s

// CHECK:      %{{.*}} = engine.load_weights "w2" format <bits = 2, group = 32, sparse 2:4, pair2> channels array<i64: 0, 1, 2, 3> offsets array<i64: 0, 0, 0, 0> bytes array<i64: 256, 256, 256, 256> : !engine.weights<32x32>
// CHECK-NEXT: engine.linear
// CHECK-NEXT: %{{.*}} = engine.load_weights "int8" format <bits = 8, group = 32, dense> channels array<i64: 0, 1, 2, 3> offsets array<i64: 64, 128, 192, 256> bytes array<i64: 192, 192, 128, 128> : !engine.weights<6x32>
// CHECK-NEXT: engine.lm_head
// CHECK-NEXT: %{{.*}} = engine.load_weights "f16" format <bits = 16, group = 32, dense> channels array<i64: 0, 1, 2, 3> offsets array<i64: 0, 0, 0, 0> bytes array<i64: 64, 64, 64, 64> : !engine.weights<2x32>

builtin.module attributes {engine.config = #engine.config<board = u280, clock_mhz = 225, lanes = 8, kept_per_lane = 4, att_lanes = 32, sfu_lanes = 16, mm_token_block = 64, weight_channels = 4, kv_channels = 2, misc_channel = 31, port_bits = 512, weight_fifo_kib = 4096, max_tokens = 64, kv_slots = 1088>} {
  engine.program "decode" {
  ^bb0(%t: !engine.tokens):
    %x = engine.embed %t "embed" rows 64 channels array<i64: 0, 1, 2, 3> offsets array<i64: 0, 0, 0, 0> : !engine.act<32>
    %q = engine.quantize %x bits 8 : !engine.act<32> -> !engine.qact<32>
    %w2 = engine.load_weights "w2" format <bits = 2, group = 32, sparse 2:4, pair2> channels array<i64: 5> offsets array<i64: 640> bytes array<i64: 64> : !engine.weights<32x32>
    %y = engine.linear %q, %w2 mode "mv" : !engine.qact<32>, !engine.weights<32x32> -> !engine.act<32>
    %w8 = engine.load_weights "int8" format <bits = 8, group = 32, dense> channels array<i64: 0, 1, 2, 3> offsets array<i64: 64, 128, 192, 256> bytes array<i64: 64, 64, 64, 64> : !engine.weights<6x32>
    %l = engine.lm_head %q, %w8 : !engine.qact<32>, !engine.weights<6x32> -> !engine.act<6>
    %w16 = engine.load_weights "f16" format <bits = 16, group = 32, dense> channels array<i64: 0, 1> offsets array<i64: 64, 64> bytes array<i64: 64, 64> : !engine.weights<2x32>
    engine.end
  }
}
