// accllm_hbm.h -- HBM: one burst reader per read port, one burst writer per written channel, LD's commands, EX's byte view of a port's beats, ST.
// Part of the header library (accllm_engine.h includes the units in dependency order;
// accllm_isa.h comes first). Templated on the configuration struct C (accllm_defaults.h).
#ifndef ACCLLM_HBM_H
#define ACCLLM_HBM_H

#include "accllm_program.h"

namespace accllm {

// ---------------------------------------------------------------------------------------
// HBM ports
// ---------------------------------------------------------------------------------------

// A read port: every command is one sequential burst into the port's beat FIFO.
template <class C>
inline void read_port(const Beat* mem, int channel, CmdFifo<C>& cmds, BeatFifo<C>& out, uint64_t& bytes) {
  uint64_t total = 0;
  for (;;) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_PORT_COMMANDS)
    const PortCmd c = cmds.read();
    if (c.end) break;
    for (uint32_t b = 0; b < c.beats; ++b) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_CHANNEL_BEATS)
      ACCLLM_HBM(channel, c.beat + b, true);
      out.write(mem[c.beat + b]);
    }
    total += c.payload;
  }
  bytes = total;
}

// A write port: every command is one sequential burst of ST's whole beats (AXI byte strobes
// are not reachable from HLS C++ on a 512-bit port, so what ST writes is beat-aligned).
template <class C>
inline void write_port(Beat* mem, int channel, CmdFifo<C>& cmds, WriteFifo& in, uint64_t& bytes) {
  uint64_t total = 0;
  for (;;) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_PORT_COMMANDS)
    const PortCmd c = cmds.read();
    if (c.end) break;
    for (uint32_t b = 0; b < c.beats; ++b) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_CHANNEL_BEATS)
      ACCLLM_HBM_WRITE(channel, c.beat + b, true);
      mem[c.beat + b] = in.read();
    }
    total += c.payload;
  }
  bytes = total;
}

// LD's command for `bytes` bytes at byte `offset` of `channel`: the beats that cover them.
template <class C>
inline void issue_read(CmdFifo<C> (&cmds)[C::NUM_PORTS], uint32_t channel, uint64_t offset, uint32_t bytes) {
  const uint32_t lead = static_cast<uint32_t>(offset % kBeatBytes);
  const PortCmd c = {static_cast<uint32_t>(offset / kBeatBytes), (lead + bytes + kBeatBytes - 1) / kBeatBytes, bytes,
                     false};
  cmds[read_port_of<C>(channel)].write(c);
}

inline uint32_t covering_beats(uint64_t offset, uint32_t bytes) {
  return (static_cast<uint32_t>(offset % kBeatBytes) + bytes + kBeatBytes - 1) / kBeatBytes;
}

// EX's side of a read: position the reader at byte `offset % 64` of the first beat.
inline void reader_start(ByteReader& r) {
  r.pos = kBeatBytes;
  r.taken = 0;
}
template <class C>
inline void reader_seek(BeatFifo<C>& fifo, ByteReader& r, uint64_t offset) {
  r.beat = fifo.read();
  r.pos = static_cast<int>(offset % kBeatBytes);
  r.taken = 1;
}

// The next `n` bytes, up to a beat per iteration (wide slicing, no byte loop).
template <class C>
inline void reader_take(BeatFifo<C>& fifo, ByteReader& r, uint8_t* dst, uint32_t n) {
  for (uint32_t i = 0; i < n;) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = 2 * C::MAX_WIDTH / kBeatBytes + 1)
    if (r.pos == kBeatBytes) {
      r.beat = fifo.read();
      r.pos = 0;
      ++r.taken;
    }
    const uint32_t avail = static_cast<uint32_t>(kBeatBytes - r.pos);
    const uint32_t take = n - i < avail ? n - i : avail;
    for (uint32_t k = 0; k < static_cast<uint32_t>(kBeatBytes); ++k) {
      ACCLLM_HLS(HLS UNROLL)
      if (k < take) dst[i + k] = r.beat.b[r.pos + static_cast<int>(k)];
    }
    r.pos += static_cast<int>(take);
    i += take;
  }
}

// After a command's bytes: pop the beats of it not yet popped (padding, a last partial beat).
template <class C>
inline void reader_finish(BeatFifo<C>& fifo, ByteReader& r, uint32_t beats) {
  for (uint32_t b = r.taken; b < beats; ++b) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 0 max = 1)
    (void)fifo.read();
  }
  reader_start(r);
}

// EX's receive of one LD read: `bytes` bytes at byte `offset` of `channel`.
template <class C>
inline void receive_bytes(BeatFifo<C> (&beats)[C::NUM_PORTS], uint32_t channel, uint64_t offset, uint8_t* dst,
                          uint32_t bytes) {
  BeatFifo<C>& fifo = beats[read_port_of<C>(channel)];
  ByteReader r;
  ACCLLM_HLS(HLS ARRAY_PARTITION variable = r.beat.b type = complete)
  reader_seek<C>(fifo, r, offset);
  reader_take<C>(fifo, r, dst, bytes);
  reader_finish<C>(fifo, r, covering_beats(offset, bytes));
}

// EX's send of `bytes` bytes for `channel` at byte `offset` to ST.
template <class C>
inline void send_bytes(StoreHeadFifo& heads, StoreDataFifo& data, uint32_t channel, uint64_t offset,
                       const uint8_t* src, uint32_t bytes) {
  const StoreHead h = {channel, offset, bytes, false};
  heads.write(h);
  for (uint32_t i = 0; i < bytes; i += kBeatBytes) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_STORE_BEATS)
    Beat chunk;
    ACCLLM_HLS(HLS ARRAY_PARTITION variable = chunk.b type = complete)
    for (int k = 0; k < kBeatBytes; ++k) {
      ACCLLM_HLS(HLS UNROLL)
      chunk.b[k] = i + static_cast<uint32_t>(k) < bytes ? src[i + static_cast<uint32_t>(k)] : 0;
    }
    data.write(chunk);
  }
}

// EX's send of the `n` logits as float32 to byte `offset` of the misc channel.
template <class C>
inline void send_logits(const State<C>& s, uint32_t n, uint32_t offset, StoreHeadFifo& heads, StoreDataFifo& data) {
  const StoreHead h = {C::MISC_CHANNEL, offset, 4 * n, false};
  heads.write(h);
  for (uint32_t k = 0; k < n; k += 16) {
    ACCLLM_HLS(HLS PIPELINE II = 1)
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_VOCAB / 16)
    Beat chunk;
    ACCLLM_HLS(HLS ARRAY_PARTITION variable = chunk.b type = complete)
    for (uint32_t j = 0; j < 16; ++j) {
      ACCLLM_HLS(HLS UNROLL)
      put_f32(chunk.b + 4 * j, k + j < n ? s.logits[k + j] : 0.0f);
    }
    data.write(chunk);
  }
}

// ST: EX's beats burst to their port (a store starts on a beat: its region and records are
// beat-aligned).
template <class C>
inline void store_unit(StoreHeadFifo& heads, StoreDataFifo& data, CmdFifo<C> (&cmds)[C::NUM_WRITE_PORTS],
                       WriteFifo (&out)[C::NUM_WRITE_PORTS]) {
  for (;;) {
    ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_PORT_COMMANDS)
    const StoreHead h = heads.read();
    if (h.end) break;
    const int port = write_port_of<C>(h.channel);
    const uint32_t beats = (h.bytes + kBeatBytes - 1) / kBeatBytes;
    const PortCmd c = {static_cast<uint32_t>(h.offset / kBeatBytes), beats, h.bytes, false};
    cmds[port].write(c);
    for (uint32_t b = 0; b < beats; ++b) {
      ACCLLM_HLS(HLS PIPELINE II = 1)
      ACCLLM_HLS(HLS LOOP_TRIPCOUNT min = 1 max = C::MAX_STORE_BEATS)
      out[port].write(data.read());
    }
  }
  for (int p = 0; p < C::NUM_WRITE_PORTS; ++p) {
    ACCLLM_HLS(HLS UNROLL)
    const PortCmd end = {0, 0, 0, true};
    cmds[p].write(end);
  }
}

// The weight channel (index into the placement) that streams row r: lane tiles of `lanes`
// rows, lane l on channel l mod C (docs/engine.md §4).
template <class C>
inline uint32_t row_channel(uint32_t r, uint32_t channels) { return (r % C::LANES) % channels; }

}  // namespace accllm

#endif  // ACCLLM_HBM_H
