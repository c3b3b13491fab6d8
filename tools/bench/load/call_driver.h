// The closed-loop driver of `lincao-bench load`: `clients` calls in flight at
// all times, each client starting its next call when its last one completes,
// over prepared calls that a LoadTarget knows how to start. The same driver
// runs lincao and etcd, so both see the same concurrency; only the target's
// Start differs.
//
// Thread-safety: Drive runs on the caller's thread and returns when every
// started call has completed (or the drain wait ends); targets' completion
// callbacks run on gRPC's callback threads and only touch atomics and the
// per-call slots of the calls they complete.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace lincao::bench::load {

// The outcome of one call: how many of its transactions committed, and the
// code of the others (one entry per code).
struct CallResult {
  uint32_t committed = 0;
  std::vector<std::pair<std::string, uint32_t>> errors;
};

class LoadTarget {
 public:
  virtual ~LoadTarget() = default;
  // Calls prepared; the driver starts each at most once, in index order.
  virtual size_t calls() const = 0;
  // Transactions (lincao) or puts (etcd) carried by call `i`.
  virtual uint32_t txs_in_call(size_t i) const = 0;
  // Starts call `i` on connection `conn` (0..connections-1). `done` runs
  // exactly once, on any thread, when the call completes.
  virtual void Start(size_t i, size_t conn, std::function<void(CallResult)> done) = 0;
};

struct DriveOptions {
  // Closed loop: calls in flight at all times. With `rate`: the most calls
  // in flight; a call due while that many are waiting starts late.
  int clients = 1;
  // Open loop: start calls at this many per second (0: closed loop), so
  // latency can be read at a chosen fraction of the peak rate.
  double rate = 0;
  size_t connections = 1;
  // Stop starting calls after this long; zero: run until every call started.
  std::chrono::milliseconds duration{0};
  // How long to wait for calls in flight once starting stops.
  std::chrono::milliseconds drain{30000};
  // Called about once a second with the counts so far (on Drive's thread).
  std::function<void(double elapsed_s, uint64_t submitted, uint64_t committed, uint64_t errors,
                     uint64_t in_flight)>
      progress;
};

struct DriveResult {
  uint64_t calls_started = 0;
  uint64_t calls_completed = 0;
  uint64_t submitted = 0;  // transactions in the calls started
  uint64_t committed = 0;
  std::map<std::string, uint64_t> errors;  // code -> transactions
  uint64_t error_total = 0;
  // One entry per completed call: submit -> response, microseconds.
  std::vector<uint32_t> latency_us;
  double elapsed_s = 0;       // first start -> last completion
  bool exhausted = false;     // every prepared call was started before the duration ended
  bool drained = true;        // every started call completed
  uint64_t started_late = 0;  // open loop: calls that waited for a free slot
};

DriveResult Drive(LoadTarget& target, const DriveOptions& opts);

}  // namespace lincao::bench::load
