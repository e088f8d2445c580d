// RUN: accllm-opt %s --verify-diagnostics | filecheck %s

// engine.program: the last instruction is engine.end (every queue drains).

engine.program "decode" {
^bb0(%t: !engine.tokens):
  %v = engine.load_vector "norm" at 0 : !engine.vector<32>
}

// CHECK: Operation does not verify: engine.program must end with engine.end
