// RUN: accllm-opt %s --parsing-diagnostics | filecheck %s

// #engine.config: every integer field but misc_channel must be >= 1 (here lanes = 0).
// Attribute and type verifiers run while parsing, so the error is a parse error:
// --verify-diagnostics does not catch it, --parsing-diagnostics does.

builtin.module attributes {engine.config = #engine.config<board = u280, clock_mhz = 225, lanes = 0, kept_per_lane = 4, att_lanes = 32, sfu_lanes = 16, mm_token_block = 64, weight_channels = 2, kv_channels = 2, misc_channel = 31, port_bits = 512, weight_fifo_kib = 4096, max_tokens = 64, kv_slots = 1088>} {

}

// CHECK: engine lanes must be a positive integer, got 0
