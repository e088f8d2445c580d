// hls_stream.h -- hls::stream for accllm's C simulation: bounded, blocking, timed
// (include/sim/ comes first on the C simulation's include path; Vitis HLS compiles the
// kernel against its own hls_stream.h).
//
// Same interface as Vitis HLS's class (UG1399, "HLS Stream Library"): hls::stream<T> and
// hls::stream<T, DEPTH>, an optional name, blocking read/write, the non-blocking forms,
// empty/full/size and the << >> operators. Unlike Vitis's C model, whose streams are
// unbounded queues, a stream here holds at most DEPTH elements (2, the depth Vitis gives an
// internal stream, when the type does not say), so a process that writes more than its
// consumer has read blocks as the hardware FIFO would, and a run in which no process can
// move ends as a deadlock naming the streams (accllm_sim.h). The capacity is the template
// argument: the kernel states the depth in the type and in its STREAM directive, from one
// constant.
#ifndef ACCLLM_SIM_HLS_STREAM_H
#define ACCLLM_SIM_HLS_STREAM_H

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "accllm_sim.h"

namespace hls {

template <typename T, int DEPTH = 0>
class stream {
 public:
  static constexpr int kCapacity = DEPTH > 0 ? DEPTH : 2;

  stream() : name_("stream") {}
  explicit stream(const char* name) : name_(name) {}
  explicit stream(const std::string& name) : name_(name) {}
  stream(const stream&) = delete;
  stream& operator=(const stream&) = delete;

  // Name used in deadlock reports (simulation only).
  void set_name(const std::string& name) { name_ = name; }
  const std::string& name() const { return name_; }

  // One producer and one consumer (as in hardware): a ring whose fill count is the only
  // shared word, so a read or write that need not wait takes no lock. A process that must
  // wait registers itself, then looks at the count again: the other side either sees it
  // registered (and wakes it under the runtime's lock) or has already moved the count.
  void write(const T& value) {
    accllm_sim::Process* p = accllm_sim::self();
    accllm_sim::event(p);
    if (count_.load() >= static_cast<uint64_t>(kCapacity)) wait_for(writer_, p, "writing", [this] {
      return count_.load() < static_cast<uint64_t>(kCapacity);
    });
    // The slot this element takes was freed by read number `writes_ - capacity`.
    if (writes_ >= static_cast<uint64_t>(kCapacity)) {
      const accllm_sim::Cycle freed = freed_[writes_ % kCapacity] + 1;
      if (freed > p->clock) p->clock = freed;
    }
    items_[writes_ % kCapacity] = Item{value, p->clock};
    ++writes_;
    count_.fetch_add(1);
    accllm_sim::wake(reader_);
  }

  T read() {
    accllm_sim::Process* p = accllm_sim::self();
    accllm_sim::event(p);
    if (count_.load() == 0) wait_for(reader_, p, "reading", [this] { return count_.load() > 0; });
    const Item& item = items_[reads_ % kCapacity];
    if (item.written + 1 > p->clock) p->clock = item.written + 1;
    freed_[reads_ % kCapacity] = p->clock;
    T value = item.value;
    ++reads_;
    count_.fetch_sub(1);
    accllm_sim::wake(writer_);
    return value;
  }

  void read(T& value) { value = read(); }
  void operator>>(T& value) { value = read(); }
  void operator<<(const T& value) { write(value); }

  bool read_nb(T& value) {
    if (empty()) return false;
    value = read();
    return true;
  }
  bool write_nb(const T& value) {
    if (full()) return false;
    write(value);
    return true;
  }

  bool empty() const { return size() == 0; }
  bool full() const { return size() >= static_cast<size_t>(kCapacity); }
  size_t size() const { return static_cast<size_t>(count_.load()); }

 private:
  // Block `p` until `ready()`, registered in `slot` so that the other side wakes it.
  template <class Ready>
  void wait_for(std::atomic<accllm_sim::Process*>& slot, accllm_sim::Process* p, const char* what, Ready ready) {
    std::unique_lock<std::mutex> lock(accllm_sim::runtime().mu);
    for (;;) {
      slot.store(p);
      if (ready()) break;
      accllm_sim::block(lock, p, accllm_sim::Wait{what, &name_, kCapacity});
    }
    slot.store(nullptr);
  }

  struct Item {
    T value;
    accllm_sim::Cycle written;
  };
  std::string name_;
  std::vector<Item> items_ = std::vector<Item>(kCapacity);  // a ring of kCapacity slots
  std::vector<accllm_sim::Cycle> freed_ = std::vector<accllm_sim::Cycle>(kCapacity, 0);  // per slot, the cycle of the read that last freed it
  uint64_t writes_ = 0;  // the producer's
  uint64_t reads_ = 0;   // the consumer's
  std::atomic<uint64_t> count_{0};
  std::atomic<accllm_sim::Process*> reader_{nullptr};  // waiting for an element
  std::atomic<accllm_sim::Process*> writer_{nullptr};  // waiting for a slot
};

// hls::stream_of_blocks<T, N> (UG1399): N blocks of T between two processes, a ping-pong
// buffer in memory rather than a FIFO of wide words. A process takes a block with
// hls::write_lock<T> / hls::read_lock<T>; releasing the lock passes the block on. Here it
// is a bounded stream of blocks with the same blocking and timing.
template <typename T, int N = 2>
class stream_of_blocks : public stream<T, N> {};

template <typename T>
class write_lock {
 public:
  template <int N>
  explicit write_lock(stream_of_blocks<T, N>& s) : block_(new T), write_([&s](const T& b) { s.write(b); }) {}
  ~write_lock() { write_(*block_); }
  operator T&() { return *block_; }
  write_lock(const write_lock&) = delete;
  write_lock& operator=(const write_lock&) = delete;

 private:
  std::unique_ptr<T> block_;
  std::function<void(const T&)> write_;
};

template <typename T>
class read_lock {
 public:
  template <int N>
  explicit read_lock(stream_of_blocks<T, N>& s) : block_(new T(s.read())) {}
  operator const T&() const { return *block_; }
  read_lock(const read_lock&) = delete;
  read_lock& operator=(const read_lock&) = delete;

 private:
  std::unique_ptr<const T> block_;
};

}  // namespace hls

#endif  // ACCLLM_SIM_HLS_STREAM_H
