// accllm_engine.h -- the reconfigurable engine of docs/engine.md as HLS C++ (header library).
//
// Every unit is a set of templates on one configuration struct, `template <class C>` (as
// hls4ml's nnet_utils take CONFIG_T): C::LANES, C::MAX_WIDTH ... size every on-chip array
// and bound every loop. accllm_defaults.h declares the constants with defaults
// (`engine_config`); a generated project's `accllm_config.h` derives `Config` with its
// build's values and the top instantiates each unit with it; a unit's C++ test derives its
// own small configuration (backend_hls/tests/). One struct serves every unit because they
// share EX's state and the HBM ports.
//
// The generated project includes, in this order, its `accllm_config.h`, its `accllm_isa.h`
// (opcodes and field positions of the 128-bit instruction words, written from
// backend_hls/program_binary.py so the two cannot disagree) and this header, which includes
// one header per unit in dependency order:
//
//   accllm_defaults.h   the configuration struct and its defaults
//   accllm_words.h      memory words, status codes, bit fields, the instruction word
//   accllm_state.h      the streams between the processes, EX's on-chip state
//   accllm_program.h    the program window: words, constants, the SSA value table
//   accllm_hbm.h        the HBM read / write ports, LD's burst commands, EX's byte view, ST
//   accllm_array.h      the linear array (LIN / LM_HEAD): window feed, slices, row writer
//   accllm_sfu.h        RMSNorm, A8 quantize, RoPE
//   accllm_attention.h  the KV ring and the attention unit
//   accllm_run.h        the call: open_call, LD, EX, close_call
//
// The generated top function (`accllm_top.cpp`) owns the HBM ports and wires the units
// into one DATAFLOW region per call.
//
// The machine (docs/engine.md §2, docs/hls.md "The kernel's processes"):
//
//   open_call     bursts the program image into two on-chip windows (one for LD, one for
//                 EX: each process owns its memory), checks the program against this build
//                 and the call's arguments: a program that would fault never starts;
//   load_unit     (LD) walks the program and turns every LOAD_* into burst commands, one
//                 stream per HBM read port;
//   read_port     one per HBM channel read: a plain sequential burst loop, one 512-bit beat
//                 per cycle, into that port's beat FIFO (depth: the weight FIFO);
//   execute       (EX) walks the same program: receives loaded data from the beat FIFOs in
//                 program order, runs LIN / LM_HEAD / ATT / SFU, and hands KV records and
//                 logits to ST;
//   store_unit    (ST) bursts EX's beats (whole beats: aligned regions) to the write ports;
//   write_port    one per HBM channel written (KV channels, misc): a burst write loop.
//
// The processes are joined only by bounded streams and the graph is acyclic (LD -> ports
// -> EX -> ST -> ports), so it runs as Vitis runs DATAFLOW and in the bounded, concurrent C
// simulation (include/sim/). LD runs ahead of EX by as much as the beat FIFOs hold, which
// is the prefetch distance the cost model (passes/cost_model.py) assumes.
//
// Units and the golden model they reproduce bit for bit (frontend/golden.py; numerics in
// accllm_math.h): LIN (`array_slice<K>`: W2 x A8 integer group sums with the 2:4 operand select,
// the group epilogue f32(acc) * scale, the adder tree over groups, * sx, + bias; MM mode
// packs two tokens per DSP48E2, AMD WP486), ATT (Λ-attention: KV4 x A8 scores, float32
// softmax, A8 weights x KV4 values), SFU (RMSNorm, RoPE, SiLU x up, residual add, the A8 /
// KV4 quantizers).
//
// Synthesizable subset: fixed-size arrays sized from the configuration, bounded loops
// (LOOP_TRIPCOUNT where bounds are run-time), no dynamic allocation, recursion, virtual
// calls or STL containers (checked by backend_hls/lint.py).
#ifndef ACCLLM_ENGINE_H
#define ACCLLM_ENGINE_H

#include "accllm_words.h"
#include "accllm_state.h"
#include "accllm_program.h"
#include "accllm_hbm.h"
#include "accllm_array.h"
#include "accllm_sfu.h"
#include "accllm_attention.h"
#include "accllm_run.h"

#endif  // ACCLLM_ENGINE_H
