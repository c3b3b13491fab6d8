// lincao-sim: runs the deterministic cluster simulator over many seeds.
//
//   lincao-sim --seeds 2000 --nodes 5          sweep seeds 1..2000
//   lincao-sim --nodes 5 --seed 42 --trace     replay one seed, full event trace
//   lincao-sim --seeds 300 --bug double-vote   show a planted bug is caught
//
// Exit status 0 when every seed kept every safety and liveness property, 1
// on the first violation (its seed and replay command are printed), 2 on bad
// arguments. Progress goes to stderr about once a second of wall time.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "simulation.h"

namespace {

bool SetBug(const std::string& name, lincao::consensus::PlantedBugs* bugs) {
  for (const lincao::sim::PlantedBugName& b : lincao::sim::kPlantedBugNames) {
    if (name == b.name) {
      bugs->*b.flag = true;
      return true;
    }
  }
  return false;
}

std::string BugList() {
  std::string out;
  for (const lincao::sim::PlantedBugName& b : lincao::sim::kPlantedBugNames) {
    if (!out.empty()) out += ", ";
    out += b.name;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"lincao-sim: deterministic Raft cluster simulator"};
  uint64_t seeds = 100;
  uint64_t first_seed = 1;
  uint64_t seed = 0;
  int nodes = 3;
  bool trace = false;
  bool expect_failure = false;
  bool keep_going = false;
  uint64_t safety_ms = 0;
  std::vector<std::string> bugs;
  app.add_option("--seeds", seeds, "number of seeds to run")->check(CLI::PositiveNumber);
  app.add_option("--first-seed", first_seed, "first seed of the sweep");
  app.add_option("--seed", seed, "run this one seed only");
  app.add_option("--nodes", nodes, "initial voters (1, 3, 5 or 7)")
      ->check(CLI::IsMember({1, 3, 5, 7}));
  app.add_flag("--trace", trace, "print every event, one per line (key=value)");
  app.add_option("--bug", bugs, "plant a bug: " + BugList());
  app.add_flag("--expect-failure", expect_failure,
               "succeed only if some seed fails (for planted-bug checks)");
  app.add_flag("--keep-going", keep_going, "run every seed and count failures");
  app.add_option("--safety-ms", safety_ms,
                 "simulated milliseconds of faults per seed (default 4000)");
  CLI11_PARSE(app, argc, argv);

  lincao::sim::SimOptions base;
  base.nodes = nodes;
  if (safety_ms > 0) base.safety_phase_us = safety_ms * lincao::sim::kMillis;
  for (const std::string& b : bugs) {
    if (!SetBug(b, &base.planted_bugs)) {
      std::cerr << "unknown bug: " << b << "\n";
      return 2;
    }
  }
  if (seed != 0) {
    first_seed = seed;
    seeds = 1;
  }
  if (trace) base.trace = &std::cout;

  using Clock = std::chrono::steady_clock;  // wall time for reporting only
  const auto start = Clock::now();
  auto last_report = start;
  uint64_t events = 0;
  uint64_t ticks = 0;
  uint64_t elections = 0;
  uint64_t crashes = 0;
  uint64_t conf_changes = 0;
  uint64_t pauses = 0;
  uint64_t id_reuses = 0;
  uint64_t late = 0;
  uint64_t max_terms = 0;
  uint64_t failures = 0;
  uint64_t max_liveness_us = 0;
  uint64_t slowest_seed = 0;
  uint64_t sim_us = 0;
  uint64_t first_failure = 0;
  for (uint64_t s = first_seed; s < first_seed + seeds; ++s) {
    lincao::sim::SimOptions opt = base;
    opt.seed = s;
    const lincao::sim::SimResult r = lincao::sim::RunSeed(opt);
    events += r.events;
    ticks += r.ticks;
    elections += r.elections;
    crashes += r.crashes;
    conf_changes += r.conf_changes;
    pauses += r.pauses;
    id_reuses += r.id_reuses;
    late += r.late_messages;
    if (r.ok) max_terms = std::max(max_terms, r.terms_after_faults);
    sim_us += r.end_time_us;
    if (r.ok && r.liveness_us > max_liveness_us) {
      max_liveness_us = r.liveness_us;
      slowest_seed = s;
    }
    if (!r.ok) {
      std::cout << "FAIL seed=" << s << " nodes=" << nodes << ": " << r.violation << "\n"
                << "replay: " << lincao::sim::ReplayCommand(opt) << "\n";
      if (failures++ == 0) first_failure = s;
      if (!keep_going) return expect_failure ? 0 : 1;
    }
    const auto now = Clock::now();
    if (!trace && now - last_report > std::chrono::seconds(1)) {
      last_report = now;
      std::cerr << "progress: " << (s - first_seed + 1) << "/" << seeds << " seeds ok\n";
    }
  }
  const double secs = std::chrono::duration<double>(Clock::now() - start).count();
  std::cout << (failures == 0 ? "ok" : "failed") << " seeds=" << seeds << " failures=" << failures
            << " nodes=" << nodes << " events=" << events << " ticks=" << ticks
            << " elections=" << elections << " crashes=" << crashes
            << " conf_changes=" << conf_changes << " pauses=" << pauses
            << " id_reuses=" << id_reuses << " late_messages=" << late
            << " max_terms_after_faults=" << max_terms << " simulated_s=" << sim_us / 1000000
            << " max_liveness_ticks=" << max_liveness_us / base.tick_us << " (seed " << slowest_seed
            << ") wall_s=" << secs
            << " events_per_s=" << static_cast<uint64_t>(secs > 0 ? events / secs : 0) << "\n";
  if (failures > 0) {
    std::cout << "first failing seed=" << first_failure << "\n";
    return expect_failure ? 0 : 1;
  }
  if (expect_failure) {
    std::cout << "expected a failure within " << seeds << " seeds, none happened\n";
    return 1;
  }
  return 0;
}
