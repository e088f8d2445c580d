// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.program: the entry point is prefill or decode.

engine.program "main" {
^bb0(%t: !engine.tokens):
  engine.end
}

// CHECK: Operation does not verify: engine.program entry must be prefill or decode, got main
