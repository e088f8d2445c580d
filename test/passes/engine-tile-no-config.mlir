// engine-tile needs the module's #engine.config (set by convert-accllm-to-engine): without it,
// a one-line error.
// RUN: not accllm-opt %s -p engine-tile 2>&1 | filecheck %s

// CHECK:     engine-tile: the module has no engine.config (run convert-accllm-to-engine first)
// CHECK-NOT: Traceback

engine.program "decode" {
^bb0(%t: !engine.tokens):
  %w = engine.load_weights "w" format <bits = 2, group = 32, dense> channels array<i64: 0> offsets array<i64: 0> bytes array<i64: 64> : !engine.weights<16x32>
  engine.end
}
