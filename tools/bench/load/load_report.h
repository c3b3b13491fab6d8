// What `lincao-bench load` reports: throughput, latency percentiles, errors
// by code, node CPU and memory, and the verification bound measured in the
// same run; as a table for people or one JSON object (--json) for scripts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tools/bench/load/call_driver.h"
#include "tools/bench/load/load_options.h"
#include "tools/bench/load/node_usage.h"

namespace lincao::bench::load {

struct Latency {
  double p50_ms = 0, p90_ms = 0, p99_ms = 0, max_ms = 0;
};
// Nearest-rank percentiles of `us` (sorted in place).
Latency Percentiles(std::vector<uint32_t>& us);

struct LoadReport {
  LoadOptions opts;
  double tx_bytes = 0;  // mean SignedTx bytes (lincao) or value bytes (etcd)
  DriveResult run;
  Latency latency;
  double committed_per_s = 0;
  std::vector<ProcessUsage> nodes;
  double node_cpu_s = 0;
  double client_cpu_s = 0;  // the load generator's own CPU over the run
  // Verification bound: cores / (verifying nodes x one verify).
  double verify_us = 0;
  int cores = 0;
  int verifying_nodes = 0;
  double bound_per_s = 0;
  std::vector<std::string> checks;  // what the checks found
  std::string failure;              // empty when every check passed
};

std::string RenderTable(const LoadReport& r);
std::string RenderJson(const LoadReport& r);

}  // namespace lincao::bench::load
