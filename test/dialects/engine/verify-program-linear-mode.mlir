// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.program: the prefill program's linears run in mode mm (decode: mv).

engine.program "prefill" {
^bb0(%t: !engine.tokens):
  %x = engine.embed %t "embed" rows 64 channels array<i64: 0> offsets array<i64: 0> : !engine.act<32>
  %q = engine.quantize %x bits 8 : !engine.act<32> -> !engine.qact<32>
  %w = engine.load_weights "w" format <bits = 2, group = 32, dense> channels array<i64: 0> offsets array<i64: 0> bytes array<i64: 192> : !engine.weights<16x32>
  %y = engine.linear %q, %w mode "mv" : !engine.qact<32>, !engine.weights<16x32> -> !engine.act<16>
  engine.end
}

// CHECK: Operation does not verify: engine.linear in the prefill program must use mode mm, got mv
