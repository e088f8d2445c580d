// sim_harness.cpp -- scenarios for the C simulation's hardware model (include/sim/), run by
// test/python/test_hls_sim.py: `sim_harness SCENARIO` prints `cycles <top clock>` (and, for
// some, a second figure), or ends in a deadlock report (exit status 3).
//
// Compiled with -DACCLLM_SIM -Iinclude/sim -Iinclude, as the generated project's C simulation.
#include <cstdio>
#include <cstring>

#include "accllm_math.h"
#include "hls_stream.h"

namespace {

struct Constant {
  const char* name;
  double value;
};
const Constant kConstants[] = {
    {"PIPELINE_DEPTH", 8}, {"HBM_LATENCY", 100}, {"HBM_BEATS_PER_CYCLE", 0.5}, {"FACTOR", 4},
};
[[maybe_unused]] const bool kRegistered = accllm_sim::register_constants(kConstants, 4);

volatile int sink = 0;

// 100 iterations at II = 2: depth + 200.
void pipeline() {
  for (int i = 0; i < 100; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 2)
    sink = sink + i;
  }
}

// 100 iterations at II = 1, unrolled by FACTOR (4): depth + 25.
void unroll() {
  for (int i = 0; i < 100; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS UNROLL factor = FACTOR)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = 100)
    sink = sink + i;
  }
}

// A sequential loop of 10 iterations around a pipelined loop of 5: 10 x (1 + depth + 5).
void sequential() {
  for (int i = 0; i < 10; ++i) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = 10)
    for (int j = 0; j < 5; ++j) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      sink = sink + j;
    }
  }
}

// A pipelined loop's inner loops are unrolled into its iteration: depth + 10.
void nested() {
  for (int i = 0; i < 10; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    for (int j = 0; j < 8; ++j) {
      ACCLLM_HLS(HLS UNROLL)
      for (int k = 0; k < 2; ++k) {
        ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 2 max = 2)
        sink = sink + j + k;
      }
    }
  }
}

template <int DEPTH>
void produce(hls::stream<int, DEPTH>& s, int n, double& done) {
  for (int i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    s.write(i);
  }
  done = accllm_sim::now();
}

template <int DEPTH>
void consume(hls::stream<int, DEPTH>& s, int n) {
  for (int i = 0; i < n; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 3)
    sink = sink + s.read();
  }
}

// A producer at II = 1 into a consumer at II = 3: the FIFO's depth decides whether the
// producer stalls. Prints the producer's finishing cycle too.
template <int DEPTH>
void fifo() {
  double produced = 0;
  {
    ACCLLM_HLS(HLS DATAFLOW)
    hls::stream<int, DEPTH> s("s");
    ACCLLM_PROCESS(produce<DEPTH>(s, 50, produced));
    ACCLLM_PROCESS(consume<DEPTH>(s, 50));
    ACCLLM_DATAFLOW_JOIN();
  }
  std::printf("producer %.1f\n", produced);
}

// Ten single-beat reads: each waits the latency.
void hbm_single() {
  for (int i = 0; i < 10; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HBM(0, static_cast<uint64_t>(i), false);
  }
}

// A 100-beat burst: one latency, then the channel's rate (2 cycles a beat).
void hbm_burst() {
  for (int i = 0; i < 100; ++i) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HBM(1, static_cast<uint64_t>(i), true);
  }
}

void ab(hls::stream<int>& in, hls::stream<int>& out) { out.write(in.read()); }

// Two processes each waiting for the other's output.
void cycle_deadlock() {
  ACCLLM_HLS(HLS DATAFLOW)
  hls::stream<int> x("x");
  hls::stream<int> y("y");
  ACCLLM_PROCESS(ab(x, y));
  ACCLLM_PROCESS(ab(y, x));
  ACCLLM_DATAFLOW_JOIN();
}

// One process writing past a full FIFO nobody reads.
void full_deadlock() {
  hls::stream<int, 2> s("lonely");
  for (int i = 0; i < 3; ++i) s.write(i);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const char* which = argv[1];
  if (!std::strcmp(which, "pipeline")) pipeline();
  else if (!std::strcmp(which, "unroll")) unroll();
  else if (!std::strcmp(which, "sequential")) sequential();
  else if (!std::strcmp(which, "nested")) nested();
  else if (!std::strcmp(which, "fifo2")) fifo<2>();
  else if (!std::strcmp(which, "fifo64")) fifo<64>();
  else if (!std::strcmp(which, "hbm_single")) hbm_single();
  else if (!std::strcmp(which, "hbm_burst")) hbm_burst();
  else if (!std::strcmp(which, "cycle_deadlock")) cycle_deadlock();
  else if (!std::strcmp(which, "full_deadlock")) full_deadlock();
  else return 2;
  std::printf("cycles %.1f\n", accllm_sim::now());
  return 0;
}
