// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.program: the block takes exactly one !engine.tokens argument (the call's token ids).

engine.program "decode" {
^bb0(%t: !engine.act<32>):
  engine.end
}

// CHECK: Operation does not verify: engine.program block takes exactly one !engine.tokens argument
