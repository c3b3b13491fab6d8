#include "tools/bench/load/load_report.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace lincao::bench::load {
namespace {

std::string Fmt(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), fmt, v);
  return buf;
}

double Mib(uint64_t kib) { return static_cast<double>(kib) / 1024.0; }

}  // namespace

Latency Percentiles(std::vector<uint32_t>& us) {
  Latency l;
  if (us.empty()) return l;
  std::sort(us.begin(), us.end());
  auto at = [&](double q) {
    size_t rank = static_cast<size_t>(q * static_cast<double>(us.size()) + 0.999999);
    rank = std::clamp<size_t>(rank, 1, us.size());
    return static_cast<double>(us[rank - 1]) / 1000.0;
  };
  l.p50_ms = at(0.50);
  l.p90_ms = at(0.90);
  l.p99_ms = at(0.99);
  l.max_ms = static_cast<double>(us.back()) / 1000.0;
  return l;
}

std::string RenderTable(const LoadReport& r) {
  const LoadOptions& o = r.opts;
  const bool etcd = o.target == "etcd";
  const char* unit = etcd ? "puts" : "tx";
  std::string eps;
  for (const auto& e : o.endpoints) eps += (eps.empty() ? "" : ",") + e;
  std::string s;
  s += "lincao-bench load: target " + o.target + " at " + eps + "\n";
  s += "  workload      " + (etcd ? std::string("put") : o.workload) + ", " +
       (o.rate > 0 ? Fmt("%.0f calls/s offered, at most ", o.rate) : std::string()) +
       std::to_string(o.clients) + " clients, " + std::to_string(o.connections) +
       " connections, batch " + std::to_string(o.batch_size) + ", " + Fmt("%.0f", r.tx_bytes) +
       " B per " + (etcd ? "value" : "signed tx") + "\n";
  s += "  submitted     " + std::to_string(r.run.submitted) + " " + unit + " in " +
       std::to_string(r.run.calls_started) + " calls\n";
  s += "  committed     " + std::to_string(r.run.committed) + " " + unit + " in " +
       Fmt("%.2f", r.run.elapsed_s) + " s = " + Fmt("%.0f", r.committed_per_s) + " " + unit +
       "/s\n";
  s += "  errors        " + std::to_string(r.run.error_total);
  for (const auto& [code, n] : r.run.errors) s += "  " + code + "=" + std::to_string(n);
  s += "\n";
  s += "  latency (ms)  p50 " + Fmt("%.1f", r.latency.p50_ms) + "  p90 " +
       Fmt("%.1f", r.latency.p90_ms) + "  p99 " + Fmt("%.1f", r.latency.p99_ms) + "  max " +
       Fmt("%.1f", r.latency.max_ms) + "  (per call, submit -> committed)\n";
  for (const ProcessUsage& p : r.nodes) {
    s += "  node pid " + std::to_string(p.pid) + " (" + p.name + ")  cpu " + Fmt("%.2f", p.cpu_s) +
         " s = " + Fmt("%.0f", r.run.elapsed_s > 0 ? 100.0 * p.cpu_s / r.run.elapsed_s : 0) +
         "% of a core, rss max " + Fmt("%.0f", Mib(p.rss_max_kib)) + " MiB, peak " +
         Fmt("%.0f", Mib(p.hwm_kib)) + " MiB" + (p.alive ? "" : "  (EXITED during the run)") + "\n";
  }
  if (r.nodes.empty()) s += "  nodes         none found (give --node-pids) \n";
  if (!r.nodes.empty() && r.run.committed > 0) {
    s += "  node cpu      " +
         Fmt("%.0f", 1e6 * r.node_cpu_s / static_cast<double>(r.run.committed)) +
         " us of CPU per committed " + (etcd ? "put" : "tx") + " (all nodes)\n";
  }
  s +=
      "  client cpu    " + Fmt("%.2f", r.client_cpu_s) + " s (this load generator, same machine)\n";
  s += "  verify bound  " + std::to_string(r.cores) + " cores / (" +
       std::to_string(r.verifying_nodes) + " nodes x " + Fmt("%.1f", r.verify_us) +
       " us per Ed25519 verify) = " + Fmt("%.0f", r.bound_per_s) + " tx/s";
  if (!etcd && r.bound_per_s > 0) {
    s += "; committed = " + Fmt("%.1f", 100.0 * r.committed_per_s / r.bound_per_s) + "% of it";
  }
  s += "\n";
  for (const auto& c : r.checks) s += "  check         " + c + "\n";
  s += r.failure.empty() ? "  result        OK: counts add up\n"
                         : "  result        FAILED: " + r.failure + "\n";
  return s;
}

std::string RenderJson(const LoadReport& r) {
  using nlohmann::json;
  const LoadOptions& o = r.opts;
  json j;
  j["target"] = o.target;
  j["endpoints"] = o.endpoints;
  j["workload"] = o.target == "etcd" ? "put" : o.workload;
  j["clients"] = o.clients;
  j["rate"] = o.rate;
  j["started_late"] = r.run.started_late;
  j["client_cpu_s"] = r.client_cpu_s;
  j["connections"] = o.connections;
  j["batch_size"] = o.batch_size;
  j["tx_bytes"] = r.tx_bytes;
  j["calls"] = r.run.calls_started;
  j["submitted"] = r.run.submitted;
  j["committed"] = r.run.committed;
  j["errors"] = r.run.error_total;
  j["errors_by_code"] = r.run.errors;
  j["elapsed_s"] = r.run.elapsed_s;
  j["committed_per_s"] = r.committed_per_s;
  j["latency_ms"] = {{"p50", r.latency.p50_ms},
                     {"p90", r.latency.p90_ms},
                     {"p99", r.latency.p99_ms},
                     {"max", r.latency.max_ms}};
  json nodes = json::array();
  for (const ProcessUsage& p : r.nodes) {
    nodes.push_back({{"pid", p.pid},
                     {"name", p.name},
                     {"cpu_s", p.cpu_s},
                     {"rss_max_mib", Mib(p.rss_max_kib)},
                     {"rss_peak_mib", Mib(p.hwm_kib)},
                     {"alive", p.alive}});
  }
  j["nodes"] = nodes;
  j["node_cpu_s"] = r.node_cpu_s;
  j["verify"] = {{"one_verify_us", r.verify_us},
                 {"cores", r.cores},
                 {"verifying_nodes", r.verifying_nodes},
                 {"bound_per_s", r.bound_per_s},
                 {"fraction_of_bound", r.bound_per_s > 0 ? r.committed_per_s / r.bound_per_s : 0}};
  j["checks"] = r.checks;
  j["ok"] = r.failure.empty();
  if (!r.failure.empty()) j["failure"] = r.failure;
  return j.dump() + "\n";
}

}  // namespace lincao::bench::load
