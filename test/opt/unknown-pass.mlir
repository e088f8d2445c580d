// An unknown pass name is a one-line error, exit code 1.
// RUN: not accllm-opt %s -p no-such-pass 2>&1 | filecheck %s
// CHECK: error: invalid pass pipeline: Unrecognized passes: ['no-such-pass']
// CHECK-NOT: Traceback
func.func @f() {
  func.return
}
