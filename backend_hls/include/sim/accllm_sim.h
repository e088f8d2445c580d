// accllm_sim.h -- the C simulation's hardware model: concurrent processes, bounded FIFOs,
// cycle clocks and HBM ports (host code, never synthesized; Vitis HLS uses its own headers).
//
// Vitis HLS's own C simulation runs DATAFLOW processes one after the other over streams of
// unbounded depth, so it can neither show a deadlock nor a stall. accllm's C simulation
// compiles the same kernel sources with -DACCLLM_SIM and include/sim/ first on the include
// path, which swaps in this model:
//
//   processes  every ACCLLM_PROCESS(call) of a DATAFLOW region runs in its own thread; the
//              region's caller waits at ACCLLM_DATAFLOW_JOIN() until all of them return;
//   streams    hls::stream<T, DEPTH> (include/sim/hls_stream.h) holds at most DEPTH
//              elements (the Vitis default 2 without one): a write to a full stream and a
//              read from an empty one block. When no process can move, the run ends with
//              one line naming every blocked process and stream (exit status 3);
//   clocks     each process keeps its own cycle clock. A directive ACCLLM_HLS(HLS ...) at the
//              top of a loop body is executed once per iteration and advances the clock as
//              the directive says: PIPELINE II = n adds n per iteration (per `factor`
//              iterations with UNROLL factor), plus PIPELINE_DEPTH cycles on entering the
//              loop; a loop with only LOOP_TRIPCOUNT / UNROLL factor is sequential and takes
//              at least one cycle per (unrolled) iteration; loops inside a pipelined
//              iteration are unrolled into it and take no cycles of their own;
//   timing     a stream element carries the cycle it was written: a read completes no
//              earlier than one cycle after it, and a write into a full stream no earlier
//              than one cycle after the read that freed its slot;
//   HBM        each m_axi port delivers at most HBM_BEATS_PER_CYCLE beats per cycle; a
//              read that starts a burst waits HBM_LATENCY cycles for its data, a read
//              continuing the previous one of the same process at the next beat address
//              streams behind it; a DATAFLOW process's writes are posted (they wait for
//              the port, not for the response), the top's wait for the response.
//
// The constants come from the build's configuration (accllm::NamedConstants<Config>,
// registered by the generated top), so the model uses the kernel's own numbers. Timing assumes that Vitis
// reaches every declared II; backend_hls/lint.py checks the rules that make it reachable.
#ifndef ACCLLM_SIM_H
#define ACCLLM_SIM_H

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace accllm_sim {

typedef double Cycle;

struct Named {
  const char* name;
  double value;
};

// --------------------------------------------------------------------------------------
// Processes
// --------------------------------------------------------------------------------------

struct Directive;

// One open loop iteration whose directives this process executed.
struct Frame {
  const Directive* site;  // the first directive of the loop's body: the loop's identity
  bool pipelined;
  bool inner;      // inside a pipelined iteration: unrolled into it, no cycles of its own
  bool committed;  // its cycles are charged (directives of one body merge until then)
  bool continues;  // the next iteration of the loop that closed just before: no new entry
  int last_line;   // of its directives so far
  int merged;      // directives after the first that describe the same loop
  int to_merge;    // of those, still to come in this iteration
  int ii;
  int unroll;      // 0: fully unrolled
  int phase;       // iterations since the last charged one, modulo `unroll`
};

// What a blocked process waits for (formatted only for a deadlock report).
struct Wait {
  const char* what = "";             // "reading", "writing", "waiting for its DATAFLOW processes"
  const std::string* stream = nullptr;
  int depth = 0;
};

constexpr int kMaxFrames = 32;

struct Process {
  std::string name;
  Cycle clock = 0;
  std::condition_variable wake;
  std::atomic<bool> blocked{false};
  bool sleeping = false;  // on `wake` (else spinning: no notification needed)
  Wait wait;
  int waiting_children = 0;  // processes of its DATAFLOW region still running
  Process* parent = nullptr;
  Frame frames[kMaxFrames];
  int depth = 0;  // open frames
  // The loop iteration that closed last, if nothing happened since: the next iteration of
  // the same loop continues its pipeline instead of entering it anew. Its frame is still
  // in frames[depth] (nothing was opened since).
  const Directive* closed_site = nullptr;
  // The processes of the DATAFLOW region it is running (ACCLLM_PROCESS calls).
  std::vector<Process*> child_processes;
};

struct Runtime {
  std::mutex mu;
  std::vector<Process*> processes;  // every process that has not finished
  int runnable = 0;
  std::vector<Named> constants;
  double pipeline_depth = 8;
  double hbm_latency = 150;
  double beats_per_cycle = 1;
  std::vector<std::string> warnings;
};

inline Runtime& runtime() {
  static Runtime r;
  return r;
}

inline Process*& current() {
  thread_local Process* p = nullptr;
  return p;
}

// The calling thread's process; the first thread to ask is the kernel's top process.
__attribute__((always_inline)) inline Process* self() {
  Process*& p = current();
  if (__builtin_expect(p == nullptr, 0)) {
    Runtime& rt = runtime();
    std::lock_guard<std::mutex> lock(rt.mu);
    p = new Process();
    p->name = "accllm_top";
    rt.processes.push_back(p);
    ++rt.runnable;
  }
  return p;
}

[[noreturn]] inline void fail(const std::string& message, int status) {
  std::fflush(stdout);
  std::fprintf(stderr, "accllm csim: %s\n", message.c_str());
  std::fflush(stderr);
  std::_Exit(status);
}

inline std::string describe(const Wait& w) {
  std::string text = w.what;
  if (w.stream != nullptr) {
    text += " '" + *w.stream + "' (" + (std::strcmp(w.what, "reading") == 0 ? "empty" : "full") + ", depth " +
            std::to_string(w.depth) + ")";
  }
  return text;
}

// Called with the lock held whenever a process stops being runnable.
inline void check_deadlock(Runtime& rt) {
  if (rt.runnable > 0) return;
  std::string blocked;
  for (Process* p : rt.processes) {
    if (!p->blocked.load()) continue;
    blocked += (blocked.empty() ? "" : "; ") + p->name + " blocked " + describe(p->wait);
  }
  if (!blocked.empty()) fail("deadlock: " + blocked, 3);
}

// Block the calling process (lock held) until another one unblocks it. It spins a while
// before it sleeps: a FIFO between two running processes refills within microseconds, and a
// sleep costs a context switch on each side.
inline void block(std::unique_lock<std::mutex>& lock, Process* p, const Wait& wait) {
  Runtime& rt = runtime();
  p->wait = wait;
  p->blocked.store(true);
  --rt.runnable;
  check_deadlock(rt);
  lock.unlock();
  for (int i = 0; i < 4000 && p->blocked.load(std::memory_order_acquire); ++i) {
    if (i % 64 == 63) std::this_thread::yield();
  }
  lock.lock();
  while (p->blocked.load()) {
    p->sleeping = true;
    p->wake.wait(lock);
  }
  p->sleeping = false;
}

// Make a blocked process runnable again (lock held).
inline void unblock(Process* p) {
  if (p == nullptr || !p->blocked.load()) return;
  p->blocked.store(false, std::memory_order_release);
  ++runtime().runnable;
  if (p->sleeping) p->wake.notify_one();
}

// Wake the process waiting in a stream's `slot`, if any.
inline void wake(std::atomic<Process*>& slot) {
  if (slot.load() == nullptr) return;
  std::lock_guard<std::mutex> lock(runtime().mu);
  unblock(slot.exchange(nullptr));
}

// --------------------------------------------------------------------------------------
// Constants of the generated kernel
// --------------------------------------------------------------------------------------

inline double named(const char* name, bool* found = nullptr) {
  const Runtime& rt = runtime();
  for (const Named& n : rt.constants) {
    if (std::strcmp(n.name, name) == 0) {
      if (found) *found = true;
      return n.value;
    }
  }
  if (found) *found = false;
  return 0;
}

// Register the kernel's constants, a table of {name, value} (the generated top does, before
// main runs).
template <class Entry>
inline bool register_constants(const Entry* table, int count) {
  Runtime& rt = runtime();
  rt.constants.clear();
  for (int i = 0; i < count; ++i) rt.constants.push_back(Named{table[i].name, table[i].value});
  bool found = false;
  const double depth = named("PIPELINE_DEPTH", &found);
  if (found) rt.pipeline_depth = depth;
  const double latency = named("HBM_LATENCY", &found);
  if (found) rt.hbm_latency = latency;
  const double rate = named("HBM_BEATS_PER_CYCLE", &found);
  if (found && rate > 0) rt.beats_per_cycle = rate;
  return true;
}

// --------------------------------------------------------------------------------------
// Directives: ACCLLM_HLS(HLS ...) executed at the top of a loop body
// --------------------------------------------------------------------------------------

enum Kind { kOther, kPipeline, kUnroll, kTripcount, kDataflow };

struct Directive {
  Kind kind = kOther;
  int ii = 1;
  int factor = 0;  // UNROLL factor; 0: complete
  const char* file;
  int line;

  Directive(const char* text, const char* file_, int line_) : file(file_), line(line_) {
    std::vector<std::string> words;
    std::string word;
    for (const char* c = text;; ++c) {
      if (*c == '\0' || *c == ' ' || *c == '=' || *c == '\t') {
        if (!word.empty()) words.push_back(word);
        word.clear();
        if (*c == '\0') break;
      } else {
        word += *c;
      }
    }
    if (words.size() < 2) return;
    const std::string& name = words[1];
    if (name == "PIPELINE") {
      kind = kPipeline;
      for (size_t i = 2; i + 1 < words.size(); ++i)
        if (words[i] == "II") ii = static_cast<int>(value(words[i + 1]));
      for (const std::string& w : words)
        if (w == "off") kind = kOther;
    } else if (name == "UNROLL") {
      kind = kUnroll;
      for (size_t i = 2; i + 1 < words.size(); ++i)
        if (words[i] == "factor") factor = static_cast<int>(value(words[i + 1]));
    } else if (name == "LOOP_TRIPCOUNT") {
      kind = kTripcount;
    } else if (name == "DATAFLOW") {
      kind = kDataflow;
    }
  }

  // An integer literal or a constant of the configuration (`C::NAME`, read by name).
  double value(const std::string& text) const {
    char* end = nullptr;
    const long v = std::strtol(text.c_str(), &end, 10);
    if (end != text.c_str() && *end == '\0') return static_cast<double>(v);
    const size_t colon = text.rfind("::");
    const std::string name = colon == std::string::npos ? text : text.substr(colon + 2);
    bool found = false;
    const double n = named(name.c_str(), &found);
    if (!found || n < 1)
      fail(std::string(file) + ":" + std::to_string(line) + ": directive value '" + text +
               "' is not a literal or a positive constant of accllm_config.h",
           2);
    return n;
  }
};

// The cycles of the top frame's iteration, charged once.
__attribute__((noinline)) inline void charge(Process* p, Frame& f) {
  f.committed = true;
  if (f.inner || f.unroll == 0) return;  // unrolled: no cycles of its own
  if (f.pipelined) {
    if (!f.continues) p->clock += runtime().pipeline_depth;
    if (f.phase == 0) p->clock += f.ii;
  } else if (f.phase == 0) {
    p->clock += 1;
  }
}

__attribute__((always_inline)) inline void commit(Process* p) {
  if (p->depth == 0) return;
  Frame& f = p->frames[p->depth - 1];
  if (!f.committed) charge(p, f);
}

// Anything that happens on this process between directives ends the merging of the top
// frame's directives and charges it.
inline void event(Process* p) {
  commit(p);
  p->closed_site = nullptr;
}

inline void dataflow_join(Process* p);

// Whether a directive's text is one the timing reads (decided at compile time, so that the
// other directives -- INLINE, INTERFACE, ARRAY_PARTITION ... -- cost nothing at run time).
constexpr bool contains(const char* text, const char* word) {
  for (const char* t = text; *t; ++t) {
    const char* a = t;
    const char* b = word;
    while (*a && *b && *a == *b) {
      ++a;
      ++b;
    }
    if (*b == '\0') return true;
  }
  return false;
}
constexpr bool timed(const char* text) {
  return (contains(text, "PIPELINE") && !contains(text, "off")) || contains(text, "UNROLL") ||
         contains(text, "LOOP_TRIPCOUNT") || contains(text, "DATAFLOW");
}

inline bool same_file(const char* a, const char* b) { return a == b || std::strcmp(a, b) == 0; }

template <bool kTimed>
struct Site;
template <>
struct Site<false> {
  template <class F>
  static const char* get(F&&) {
    return nullptr;
  }
};
template <>
struct Site<true> {
  template <class F>
  static const Directive& get(F&& site) {
    return site();
  }
};

template <bool kTimed>
class Scope;

// A directive the timing does not read: nothing to do.
template <>
class Scope<false> {
 public:
  explicit Scope(const char*) {}
};

// One execution of a timed directive (an object in the loop body's scope: its lifetime is
// the iteration).
template <>
class Scope<true> {
 public:
  // Hot paths inline: the next iteration of the loop whose iteration closed last (a
  // pipeline streaming) reopens its frame, and the directives after the first of a reopened
  // loop pass. Everything else goes through open().
  __attribute__((always_inline)) explicit Scope(const Directive& d) : p_(self()), mode_(kNothing) {
    Process* p = p_;
    if (__builtin_expect(p->closed_site == &d, 1)) {
      Frame& f = p->frames[p->depth++];
      f.phase = f.phase + 1 == f.unroll ? 0 : f.phase + 1;
      f.continues = true;
      f.committed = false;
      f.to_merge = f.merged;
      p->closed_site = nullptr;
      mode_ = kOpened;
      return;
    }
    if (p->depth > 0) {
      Frame& top = p->frames[p->depth - 1];
      if (top.to_merge > 0 && !top.committed) {
        --top.to_merge;
        return;
      }
      // A loop inside a pipelined iteration or an unrolled loop is unrolled into it: its frame
      // would charge nothing and neither would any inside it, so none is opened (this is
      // most directives the kernel executes: the lanes, the kept weights, the head dims).
      if (top.committed && (top.pipelined || top.inner || top.unroll == 0) && d.kind != kDataflow) {
        p->closed_site = nullptr;
        return;
      }
    }
    mode_ = open(d);
  }

  __attribute__((always_inline)) ~Scope() {
    if (__builtin_expect(mode_ == kOpened, 1)) {
      Process* p = p_;
      commit(p);
      const Frame& f = p->frames[--p->depth];
      p->closed_site = f.site;  // its next iteration reopens the frame (inner ones too: no cycles)
    } else if (mode_ == kRegion) {
      dataflow_join(p_);
    }
  }

  Scope(const Scope&) = delete;
  Scope& operator=(const Scope&) = delete;

 private:
  enum Mode : unsigned char { kNothing, kOpened, kRegion };

  __attribute__((noinline)) Mode open(const Directive& d) {
    if (d.kind == kDataflow) {
      event(p_);
      return kRegion;
    }
    // Directives on consecutive lines at the top of one loop body describe that loop.
    if (p_->depth > 0) {
      Frame& top = p_->frames[p_->depth - 1];
      if (!top.committed && d.line == top.last_line + 1 && same_file(d.file, top.site->file)) {
        top.last_line = d.line;
        ++top.merged;
        if (d.kind == kPipeline) {
          top.pipelined = true;
          top.ii = d.ii;
        } else if (d.kind == kUnroll) {
          top.unroll = d.factor;
        }
        return kNothing;
      }
    }
    event(p_);
    if (p_->depth == kMaxFrames) fail(std::string(d.file) + ": loops nested deeper than the C simulation follows", 2);
    Frame& f = p_->frames[p_->depth];
    f.site = &d;
    f.last_line = d.line;
    f.pipelined = d.kind == kPipeline;
    f.inner = false;
    if (p_->depth > 0) {
      const Frame& parent = p_->frames[p_->depth - 1];
      f.inner = parent.pipelined || parent.inner || parent.unroll == 0;
    }
    f.committed = false;
    f.continues = false;
    f.ii = d.kind == kPipeline ? d.ii : 1;
    f.unroll = d.kind == kUnroll ? d.factor : 1;
    f.phase = 0;
    f.merged = 0;
    f.to_merge = 0;
    ++p_->depth;
    return kOpened;
  }

  Process* p_;
  Mode mode_;
};

// --------------------------------------------------------------------------------------
// DATAFLOW regions: ACCLLM_PROCESS(call) in a thread each, ACCLLM_DATAFLOW_JOIN()
// --------------------------------------------------------------------------------------

// Threads that run processes: a process is a task, and a thread that finished one waits for
// the next, so a DATAFLOW region does not pay a thread's creation per process (a decode step
// starts hundreds). Every task starts at once: a new thread is made whenever no idle one is
// free for it, since processes must run concurrently.
class Workers {
 public:
  void run(std::function<void()> task) {
    std::lock_guard<std::mutex> lock(mu_);
    tasks_.push_back(std::move(task));
    if (idle_ >= static_cast<int>(tasks_.size())) {
      ready_.notify_one();
    } else {
      std::thread([this]() { serve(); }).detach();
    }
  }

 private:
  void serve() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      ++idle_;
      ready_.wait(lock, [this]() { return !tasks_.empty(); });
      --idle_;
      std::function<void()> task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
      lock.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  int idle_ = 0;  // threads waiting for a task
};

inline Workers& workers() {
  static Workers* w = new Workers();  // never destroyed: its threads outlive main's statics
  return *w;
}

template <class F>
inline void spawn(const char* call_text, F&& body) {
  Process* parent = self();
  event(parent);
  std::string name(call_text);
  name = name.substr(0, name.find('('));
  while (!name.empty() && name.back() == ' ') name.pop_back();
  Process* child = new Process();
  child->name = name;
  child->clock = parent->clock;
  child->parent = parent;
  {
    Runtime& rt = runtime();
    std::lock_guard<std::mutex> lock(rt.mu);
    rt.processes.push_back(child);
    ++rt.runnable;
    ++parent->waiting_children;
  }
  parent->child_processes.push_back(child);
  workers().run([child, body]() mutable {
    current() = child;
    body();
    Runtime& rt = runtime();
    std::lock_guard<std::mutex> lock(rt.mu);
    --rt.runnable;
    for (size_t i = 0; i < rt.processes.size(); ++i) {
      if (rt.processes[i] == child) {
        rt.processes.erase(rt.processes.begin() + static_cast<long>(i));
        break;
      }
    }
    Process* parent = child->parent;
    if (--parent->waiting_children == 0) unblock(parent);
    check_deadlock(rt);
  });
}

// Wait for the region's processes; the region ends at the latest of their clocks.
inline void dataflow_join(Process* p) {
  if (p->child_processes.empty()) return;
  {
    Runtime& rt = runtime();
    std::unique_lock<std::mutex> lock(rt.mu);
    if (p->waiting_children > 0) {
      Wait wait;
      wait.what = "waiting for its DATAFLOW processes";
      block(lock, p, wait);
    }
  }
  // Every process has ended: each decremented waiting_children under the lock as its last
  // use of its Process (block above took the lock back after that).
  for (Process* c : p->child_processes) {
    if (c->clock > p->clock) p->clock = c->clock;
    delete c;
  }
  p->child_processes.clear();
}

// --------------------------------------------------------------------------------------
// HBM ports
// --------------------------------------------------------------------------------------

struct Port {
  std::mutex mu;         // its accesses (one process's, but the top's between regions)
  Cycle free = 0;        // earliest cycle it can deliver its next beat
  uint64_t next_beat = 0;  // the address a burst would continue at
  std::string owner;     // the process that accesses it inside DATAFLOW regions
  bool bursting = false;
  bool shared_warned = false;
};

// A channel's read side and write side are separate m_axi adapters (and separate models).
inline Port& port(int channel, bool write) {
  static Port ports[128];
  return ports[(channel & 63) + (write ? 64 : 0)];
}

// One beat of HBM traffic on `channel` by the calling process; it waits for the data (or
// the write response) unless the access continues a burst. Two processes of a DATAFLOW
// region on one adapter would make the timing depend on their interleaving: a warning.
inline void hbm(int channel, uint64_t beat, bool burst, bool write = false) {
  Process* p = self();
  event(p);
  Runtime& rt = runtime();
  Port& port_ = port(channel, write);
  std::lock_guard<std::mutex> lock(port_.mu);
  if (p->parent != nullptr && port_.owner != p->name) {  // the top's own accesses are sequential stages
    if (!port_.owner.empty() && !port_.shared_warned) {
      port_.shared_warned = true;
      std::lock_guard<std::mutex> warnings_lock(rt.mu);
      rt.warnings.push_back("HBM channel " + std::to_string(channel) + (write ? " (write)" : "") +
                            " is accessed by " + port_.owner + " and " + p->name +
                            ": its timing depends on their interleaving");
    }
    port_.owner = p->name;
  }
  const Cycle step = 1.0 / rt.beats_per_cycle;
  const bool continues = burst && port_.bursting && beat == port_.next_beat;
  // A DATAFLOW process's writes are posted (the m_axi adapter keeps several bursts
  // outstanding): they wait for the port, not for the response; the top's own writes end
  // the call, so they wait for it.
  const bool posted = write && p->parent != nullptr;
  const Cycle earliest = continues || posted ? p->clock : p->clock + rt.hbm_latency;
  const Cycle done = earliest > port_.free ? earliest : port_.free;
  port_.free = done + step;
  port_.bursting = burst;
  port_.next_beat = beat + 1;
  p->clock = done;
}

// The calling process's clock (the testbench reads the top's around each call).
inline Cycle now() {
  Process* p = self();
  event(p);
  return p->clock;
}

inline std::vector<std::string> warnings() { return runtime().warnings; }

}  // namespace accllm_sim

#define ACCLLM_SIM_CAT2(a, b) a##b
#define ACCLLM_SIM_CAT(a, b) ACCLLM_SIM_CAT2(a, b)
// A timed directive is a Directive parsed once per site (a static in the lambda) and a
// Scope object per execution; any other directive is an empty object.
#define ACCLLM_SIM_DIRECTIVE_AT(text, n)                                                     \
  const ::accllm_sim::Scope<::accllm_sim::timed(text)> ACCLLM_SIM_CAT(accllm_sim_scope_, n)( \
      ::accllm_sim::Site<::accllm_sim::timed(text)>::get([]() -> const ::accllm_sim::Directive& { \
        static const ::accllm_sim::Directive site(text, __FILE__, __LINE__);                \
        return site;                                                                        \
      }));
#define ACCLLM_SIM_DIRECTIVE(text) ACCLLM_SIM_DIRECTIVE_AT(text, __COUNTER__)

#endif  // ACCLLM_SIM_H
