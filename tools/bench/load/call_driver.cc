#include "tools/bench/load/call_driver.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace lincao::bench::load {
namespace {

using Clock = std::chrono::steady_clock;

uint64_t NowNs(Clock::time_point t0) {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count());
}

// What the clients share. Lives until Drive returns, or is leaked when calls
// are still in flight after the drain wait (their callbacks may still run).
struct Shared {
  LoadTarget* target = nullptr;
  size_t connections = 1;
  Clock::time_point t0;
  std::atomic<size_t> next{0};
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> submitted{0};
  std::atomic<uint64_t> committed{0};
  std::atomic<uint64_t> errors{0};
  std::atomic<uint64_t> started{0};
  std::atomic<uint64_t> completed{0};
  std::atomic<uint64_t> last_done_ns{0};
  std::atomic<int> active_clients{0};
  std::vector<uint64_t> start_ns;    // per call
  std::vector<uint32_t> latency_us;  // per call; written once by its callback
  std::vector<uint8_t> done;         // per call
  std::mutex mu;                     // guards error_codes and the wake-up
  std::condition_variable cv;
  std::map<std::string, uint64_t> error_codes;
};

// Starts client `client`'s next call, or retires the client when starting
// has stopped or no call is left.
void StartNext(const std::shared_ptr<Shared>& s, size_t client) {
  if (s->stop.load(std::memory_order_relaxed)) {
    std::lock_guard<std::mutex> lock(s->mu);
    if (--s->active_clients == 0) s->cv.notify_all();
    return;
  }
  const size_t i = s->next.fetch_add(1);
  if (i >= s->target->calls()) {
    std::lock_guard<std::mutex> lock(s->mu);
    if (--s->active_clients == 0) s->cv.notify_all();
    return;
  }
  s->start_ns[i] = NowNs(s->t0);
  s->submitted += s->target->txs_in_call(i);
  ++s->started;
  s->target->Start(i, client % s->connections, [s, i, client](CallResult r) {
    const uint64_t now = NowNs(s->t0);
    const uint64_t us = (now - s->start_ns[i]) / 1000;
    s->latency_us[i] = us > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(us);
    s->done[i] = 1;
    s->committed += r.committed;
    if (!r.errors.empty()) {
      std::lock_guard<std::mutex> lock(s->mu);
      for (const auto& [code, n] : r.errors) {
        s->error_codes[code] += n;
        s->errors += n;
      }
    }
    uint64_t prev = s->last_done_ns.load();
    while (prev < now && !s->last_done_ns.compare_exchange_weak(prev, now)) {
    }
    ++s->completed;
    StartNext(s, client);
  });
}

}  // namespace

DriveResult Drive(LoadTarget& target, const DriveOptions& opts) {
  auto s = std::make_shared<Shared>();
  s->target = &target;
  s->connections = opts.connections == 0 ? 1 : opts.connections;
  const size_t n = target.calls();
  s->start_ns.assign(n, 0);
  s->latency_us.assign(n, 0);
  s->done.assign(n, 0);
  const int clients = opts.clients < 1 ? 1 : opts.clients;
  s->active_clients = clients;
  s->t0 = Clock::now();
  for (int c = 0; c < clients; ++c) StartNext(s, static_cast<size_t>(c));

  // Progress once a second until every client retired; stop starting calls
  // when the duration is up.
  auto next_tick = s->t0 + std::chrono::seconds(1);
  const auto end = s->t0 + opts.duration;
  bool stopped = false;
  auto drain_until = Clock::time_point::max();
  while (true) {
    std::unique_lock<std::mutex> lock(s->mu);
    auto wake = next_tick;
    if (opts.duration.count() > 0 && !stopped && end < wake) wake = end;
    if (wake > drain_until) wake = drain_until;
    s->cv.wait_until(lock, wake, [&] { return s->active_clients == 0; });
    const bool all_retired = s->active_clients == 0;
    lock.unlock();
    if (all_retired && s->completed == s->started) break;
    const auto now = Clock::now();
    if (opts.duration.count() > 0 && !stopped && now >= end) {
      s->stop = true;
      stopped = true;
      drain_until = now + opts.drain;
    }
    if (!stopped && s->next.load() >= n) {
      // Every call started: what is left is draining.
      stopped = true;
      drain_until = now + opts.drain;
    }
    if (now >= drain_until) break;
    if (now >= next_tick) {
      if (opts.progress) {
        opts.progress(std::chrono::duration<double>(now - s->t0).count(), s->submitted.load(),
                      s->committed.load(), s->errors.load(),
                      s->started.load() - s->completed.load());
      }
      next_tick += std::chrono::seconds(1);
    }
  }

  DriveResult r;
  r.calls_started = s->started;
  r.calls_completed = s->completed;
  r.submitted = s->submitted;
  r.committed = s->committed;
  r.error_total = s->errors;
  r.drained = r.calls_started == r.calls_completed;
  r.exhausted = s->next.load() >= n && !s->stop.load();
  r.elapsed_s = static_cast<double>(s->last_done_ns.load()) / 1e9;
  {
    std::lock_guard<std::mutex> lock(s->mu);
    r.errors = s->error_codes;
  }
  r.latency_us.reserve(r.calls_completed);
  for (size_t i = 0; i < n; ++i) {
    if (s->done[i]) r.latency_us.push_back(s->latency_us[i]);
  }
  if (!r.drained) {
    // Callbacks of calls still in flight hold `s`; keep it alive for them.
    new std::shared_ptr<Shared>(s);
  }
  return r;
}

}  // namespace lincao::bench::load
