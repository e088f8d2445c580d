// Unit test harness of include/accllm_hbm.h, the HBM side on its own (driven by
// test/python/test_hls_units.py), with its own small configuration (HbmConfig below: two
// read ports on channels 0 and 5 with 4-beat FIFOs, one write port on channel 7), compiled
// with the C simulation's headers and a generated accllm_isa.h:
//
//   hbm_harness INPUT OUTPUT
//   hbm_harness config OUTPUT        the configuration's constants, a NAME=VALUE line each
//
// Both files are flat little-endian arrays of 32-bit words:
//
//   in:  int32 beats (of each channel's memory), then channel 0's and channel 5's memory
//        (16 words a beat); int32 reads, per read int32 channel, byte offset, bytes;
//        int32 writes, per write int32 byte offset (a beat boundary), bytes, then its bytes
//        (padded to whole words)
//   out: per read its bytes (padded to whole words); channel 7's memory; int32 bytes counted
//        by each read port and by the write port; int32 cycles of the run
//
// The run is the kernel's HBM path as a DATAFLOW region: LD's commands (issue_read), a
// burst reader per read port, EX's byte view (receive_bytes) and its stores (send_bytes),
// ST (store_unit) and the burst writer, joined by the configuration's bounded FIFOs.
#include <cstdint>
#include <vector>

#include "unit_harness.h"

struct HbmConfig : accllm::engine_config {
  static constexpr int NUM_PORTS = 2;
  static constexpr int PORT_CHANNELS[NUM_PORTS] = {0, 5};
  static constexpr int NUM_WRITE_PORTS = 1;
  static constexpr int WRITE_PORT_CHANNELS[NUM_WRITE_PORTS] = {7};
  static constexpr int WEIGHT_FIFO_DEPTH = 4;
  static constexpr int PORT_CMD_DEPTH = 2;
  static constexpr int MAX_STORE_BEATS = 64;
};

#include "accllm_isa.h"
#include "accllm_hbm.h"

const char* const unit_harness::kName = "hbm_harness";

namespace {

typedef HbmConfig Cfg;
using namespace unit_harness;  // fail, Reader, read_words, set_field, write_words

struct Access {
  uint32_t channel;
  uint32_t offset;
  uint32_t bytes;
  std::vector<uint8_t> data;  // a write's bytes; a read's, once received
};

std::vector<accllm::Beat> read_beats(Reader& in, uint32_t beats) {
  std::vector<accllm::Beat> mem(beats);
  for (accllm::Beat& beat : mem) {
    for (int k = 0; k < accllm::kBeatBytes; k += 4) {
      const uint32_t w = in.u32();
      for (int b = 0; b < 4; ++b) beat.b[k + b] = static_cast<uint8_t>(w >> (8 * b));
    }
  }
  return mem;
}

void put_bytes(std::vector<uint32_t>& out, const uint8_t* bytes, uint32_t n) {
  for (uint32_t i = 0; i < n; i += 4) {
    uint32_t w = 0;
    for (uint32_t b = 0; b < 4 && i + b < n; ++b) w |= static_cast<uint32_t>(bytes[i + b]) << (8 * b);
    out.push_back(w);
  }
}

// LD: every read's burst command, then the end of each read port.
void load(const std::vector<Access>& reads, accllm::CmdFifo<Cfg> (&cmds)[Cfg::NUM_PORTS]) {
  for (const Access& r : reads) accllm::issue_read<Cfg>(cmds, r.channel, r.offset, r.bytes);
  for (int p = 0; p < Cfg::NUM_PORTS; ++p) cmds[p].write(accllm::PortCmd{0, 0, 0, true});
}

// EX: every read's bytes in program order, then the stores.
void execute(std::vector<Access>& reads, const std::vector<Access>& writes,
             accllm::BeatFifo<Cfg> (&beats)[Cfg::NUM_PORTS], accllm::StoreHeadFifo& heads,
             accllm::StoreDataFifo& data) {
  for (Access& r : reads) {
    r.data.resize(r.bytes);
    accllm::receive_bytes<Cfg>(beats, r.channel, r.offset, r.data.data(), r.bytes);
  }
  for (const Access& w : writes)
    accllm::send_bytes<Cfg>(heads, data, Cfg::WRITE_PORT_CHANNELS[0], w.offset, w.data.data(), w.bytes);
  heads.write(accllm::StoreHead{0, 0, 0, true});
}

}  // namespace

int main(int argc, char** argv) {
  if (unit_harness::start<Cfg>(argc, argv)) return 0;
  if (argc != 3) fail("usage: hbm_harness INPUT OUTPUT");
  Reader in{read_words(argv[1])};
  const uint32_t beats = in.u32();
  std::vector<accllm::Beat> mem[Cfg::NUM_PORTS];
  for (int p = 0; p < Cfg::NUM_PORTS; ++p) mem[p] = read_beats(in, beats);
  std::vector<accllm::Beat> written(beats);
  std::vector<Access> reads(in.u32());
  for (Access& r : reads) {
    r.channel = in.u32();
    r.offset = in.u32();
    r.bytes = in.u32();
    if ((r.channel != 0 && r.channel != 5) || r.bytes == 0 || r.bytes > 2u * Cfg::MAX_WIDTH ||
        accllm::covering_beats(r.offset, r.bytes) + r.offset / accllm::kBeatBytes > beats)
      fail("a read outside the memory or the configuration's range");
  }
  std::vector<Access> writes(in.u32());
  for (Access& w : writes) {
    w.channel = Cfg::WRITE_PORT_CHANNELS[0];
    w.offset = in.u32();
    w.bytes = in.u32();
    if (w.offset % accllm::kBeatBytes != 0 || w.bytes == 0 ||
        w.bytes > static_cast<uint32_t>(Cfg::MAX_STORE_BEATS * accllm::kBeatBytes) ||
        accllm::covering_beats(w.offset, w.bytes) + w.offset / accllm::kBeatBytes > beats)
      fail("a write outside the memory, not on a beat, or longer than a store");
    w.data.resize(w.bytes);
    for (uint32_t i = 0; i < w.bytes; i += 4) {
      const uint32_t word = in.u32();
      for (uint32_t b = 0; b < 4 && i + b < w.bytes; ++b) w.data[i + b] = static_cast<uint8_t>(word >> (8 * b));
    }
  }
  const double start = accllm_sim::now();
  uint64_t read_bytes[Cfg::NUM_PORTS] = {0, 0};
  uint64_t written_bytes = 0;
  {
    accllm::CmdFifo<Cfg> cmds[Cfg::NUM_PORTS];
    accllm::BeatFifo<Cfg> port_beats[Cfg::NUM_PORTS];
    accllm::CmdFifo<Cfg> write_cmds[Cfg::NUM_WRITE_PORTS];
    accllm::WriteFifo write_beats[Cfg::NUM_WRITE_PORTS];
    accllm::StoreHeadFifo heads;
    accllm::StoreDataFifo data;
    ACCLLM_PROCESS(load(reads, cmds));
    ACCLLM_PROCESS(accllm::read_port<Cfg>(mem[0].data(), 0, cmds[0], port_beats[0], read_bytes[0]));
    ACCLLM_PROCESS(accllm::read_port<Cfg>(mem[1].data(), 5, cmds[1], port_beats[1], read_bytes[1]));
    ACCLLM_PROCESS(execute(reads, writes, port_beats, heads, data));
    ACCLLM_PROCESS(accllm::store_unit<Cfg>(heads, data, write_cmds, write_beats));
    ACCLLM_PROCESS(accllm::write_port<Cfg>(written.data(), 7, write_cmds[0], write_beats[0], written_bytes));
    ACCLLM_DATAFLOW_JOIN();
  }
  const double cycles = accllm_sim::now() - start;
  std::vector<uint32_t> out;
  for (const Access& r : reads) put_bytes(out, r.data.data(), r.bytes);
  for (const accllm::Beat& beat : written) put_bytes(out, beat.b, accllm::kBeatBytes);
  out.push_back(static_cast<uint32_t>(read_bytes[0]));
  out.push_back(static_cast<uint32_t>(read_bytes[1]));
  out.push_back(static_cast<uint32_t>(written_bytes));
  out.push_back(static_cast<uint32_t>(cycles));
  unit_harness::write_words(argv[2], out);
  return 0;
}
