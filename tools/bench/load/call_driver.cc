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
  std::atomic<uint64_t> started_late{0};
  std::vector<uint64_t> start_ns;    // per call
  std::vector<uint32_t> latency_us;  // per call; written once by its callback
  std::vector<uint8_t> done;         // per call
  std::mutex mu;                     // guards error_codes and the wake-up
  std::condition_variable cv;
  std::map<std::string, uint64_t> error_codes;
};

// Starts call `i` on connection `conn`; when it completes, records its
// outcome and runs `after`.
void Launch(const std::shared_ptr<Shared>& s, size_t i, size_t conn, std::function<void()> after) {
  s->start_ns[i] = NowNs(s->t0);
  s->submitted += s->target->txs_in_call(i);
  ++s->started;
  s->target->Start(i, conn, [s, i, after = std::move(after)](CallResult r) {
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
    {
      std::lock_guard<std::mutex> lock(s->mu);
      ++s->completed;
      s->cv.notify_all();
    }
    after();
  });
}

// Retires one client (or the pacer), waking Drive when none is left.
void Retire(const std::shared_ptr<Shared>& s) {
  std::lock_guard<std::mutex> lock(s->mu);
  if (--s->active_clients == 0) s->cv.notify_all();
}

// Closed loop: starts client `client`'s next call, or retires the client
// when starting has stopped or no call is left.
void StartNext(const std::shared_ptr<Shared>& s, size_t client) {
  if (s->stop.load(std::memory_order_relaxed)) return Retire(s);
  const size_t i = s->next.fetch_add(1);
  if (i >= s->target->calls()) return Retire(s);
  Launch(s, i, client % s->connections, [s, client] { StartNext(s, client); });
}

// Open loop: call k is due at t0 + k / rate; at most `max_in_flight` wait
// at once (a due call beyond that starts when one answers, and counts late).
void Pace(const std::shared_ptr<Shared>& s, double rate, int max_in_flight) {
  for (uint64_t k = 0;; ++k) {
    const auto due = s->t0 + std::chrono::nanoseconds(static_cast<int64_t>(1e9 * k / rate));
    std::this_thread::sleep_until(due);
    if (s->stop.load()) break;
    {
      std::unique_lock<std::mutex> lock(s->mu);
      auto in_flight = [&] { return s->started.load() - s->completed.load(); };
      if (in_flight() >= static_cast<uint64_t>(max_in_flight)) {
        ++s->started_late;
        s->cv.wait(lock, [&] {
          return in_flight() < static_cast<uint64_t>(max_in_flight) || s->stop.load();
        });
      }
    }
    if (s->stop.load()) break;
    const size_t i = s->next.fetch_add(1);
    if (i >= s->target->calls()) break;
    Launch(s, i, i % s->connections, [] {});
  }
  Retire(s);
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
  s->t0 = Clock::now();
  std::thread pacer;
  if (opts.rate > 0) {
    s->active_clients = 1;
    pacer = std::thread(Pace, s, opts.rate, clients);
  } else {
    s->active_clients = clients;
    for (int c = 0; c < clients; ++c) StartNext(s, static_cast<size_t>(c));
  }

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
    auto finished = [&] { return s->active_clients == 0 && s->completed == s->started; };
    s->cv.wait_until(lock, wake, finished);
    const bool all_done = finished();
    lock.unlock();
    if (all_done) break;
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
    if (stopped) {
      // Wake a pacer waiting for a free slot.
      std::lock_guard<std::mutex> wake_lock(s->mu);
      s->cv.notify_all();
    }
    if (now >= next_tick) {
      if (opts.progress) {
        opts.progress(std::chrono::duration<double>(now - s->t0).count(), s->submitted.load(),
                      s->committed.load(), s->errors.load(),
                      s->started.load() - s->completed.load());
      }
      next_tick += std::chrono::seconds(1);
    }
  }

  const bool exhausted = s->next.load() >= n && !s->stop.load();
  if (pacer.joinable()) {
    {
      std::lock_guard<std::mutex> lock(s->mu);
      s->stop = true;
      s->cv.notify_all();
    }
    pacer.join();
  }
  DriveResult r;
  r.started_late = s->started_late;
  r.calls_started = s->started;
  r.calls_completed = s->completed;
  r.submitted = s->submitted;
  r.committed = s->committed;
  r.error_total = s->errors;
  r.drained = r.calls_started == r.calls_completed;
  r.exhausted = exhausted;
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
