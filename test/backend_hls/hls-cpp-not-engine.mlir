// A module that is not an allocated engine program: one line, non-zero exit.
// RUN: not accllm-opt %s -t hls-cpp 2>&1 | filecheck %s

// CHECK: hls-cpp: error: the module is not an allocated engine program (run the accllm-to-engine pipeline first)
builtin.module {}
