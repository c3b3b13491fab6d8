// `lincao-bench load`: options, the run's phases (setup, build, verify
// measurement, timed run, checks) and the report.
#include <sodium.h>
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "chaincode/suite.h"
#include "tools/bench/load/load_command.h"
#include "tools/bench/load/load_report.h"
#include "tools/bench/load/node_usage.h"
#include "tools/bench/load/workload.h"

namespace lincao::bench::load {
namespace {

using Clock = std::chrono::steady_clock;

// "10s", "500ms", "2m" or a plain number of seconds.
bool ParseDuration(const std::string& text, double* seconds) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  const std::string unit(end);
  if (end == text.c_str() || v < 0) return false;
  if (unit.empty() || unit == "s") {
    *seconds = v;
  } else if (unit == "ms") {
    *seconds = v / 1000;
  } else if (unit == "m") {
    *seconds = v * 60;
  } else {
    return false;
  }
  return true;
}

// One Ed25519 verify of a transaction's signing message, as the nodes do
// it (DefaultSuite().Verify), timed over at least 0.3 s of repetitions.
double MeasureVerifyUs(const std::string& message) {
  const SignatureSuite& suite = DefaultSuite();
  KeyPair kp{Bytes(crypto_sign_PUBLICKEYBYTES, '\0'), Bytes(crypto_sign_SECRETKEYBYTES, '\0')};
  crypto_sign_keypair(reinterpret_cast<unsigned char*>(kp.public_key.data()),
                      reinterpret_cast<unsigned char*>(kp.secret_key.data()));
  const Bytes sig = suite.Sign(kp.secret_key, message);
  uint64_t n = 0;
  uint64_t ok = 0;
  const auto t0 = Clock::now();
  auto t = t0;
  while (t - t0 < std::chrono::milliseconds(300) || n < 200) {
    for (int i = 0; i < 50; ++i) ok += suite.Verify(kp.public_key, message, sig) ? 1 : 0;
    n += 50;
    t = Clock::now();
  }
  if (ok != n) return -1;
  return std::chrono::duration<double, std::micro>(t - t0).count() / static_cast<double>(n);
}

// CPU seconds this process (the load generator) has used.
double SelfCpuSeconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto secs = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6; };
  return secs(ru.ru_utime) + secs(ru.ru_stime);
}

}  // namespace

std::string GrpcCodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {"OK",
                                       "CANCELLED",
                                       "UNKNOWN",
                                       "INVALID_ARGUMENT",
                                       "DEADLINE_EXCEEDED",
                                       "NOT_FOUND",
                                       "ALREADY_EXISTS",
                                       "PERMISSION_DENIED",
                                       "RESOURCE_EXHAUSTED",
                                       "FAILED_PRECONDITION",
                                       "ABORTED",
                                       "OUT_OF_RANGE",
                                       "UNIMPLEMENTED",
                                       "INTERNAL",
                                       "UNAVAILABLE",
                                       "DATA_LOSS",
                                       "UNAUTHENTICATED"};
  const int c = static_cast<int>(code);
  if (c >= 0 && c < static_cast<int>(sizeof(kNames) / sizeof(kNames[0]))) return kNames[c];
  return "CODE_" + std::to_string(c);
}

std::vector<std::shared_ptr<grpc::Channel>> MakeChannels(const std::vector<std::string>& endpoints,
                                                         int connections) {
  std::vector<std::shared_ptr<grpc::Channel>> out;
  for (int i = 0; i < connections; ++i) {
    grpc::ChannelArguments args;
    // A channel of its own subchannels, and an argument no other channel
    // has: gRPC never shares the TCP connection between two of them.
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt("lincao.bench.connection", i);
    args.SetMaxReceiveMessageSize(64 << 20);
    args.SetMaxSendMessageSize(64 << 20);
    out.push_back(grpc::CreateCustomChannel(endpoints[static_cast<size_t>(i) % endpoints.size()],
                                            grpc::InsecureChannelCredentials(), args));
  }
  return out;
}

int RunLoadCommand(int argc, char** argv) {
  LoadOptions o;
  std::string endpoints = "127.0.0.1:7050";
  std::string duration;
  std::string pids;
  CLI::App app(
      "Load generator: drives a lincao cluster (Registry.Submit / SubmitBatch, waiting for each "
      "commit) or an etcd cluster (KV.Put / Txn) with the same clients, connections and payload, "
      "and reports committed tx/s, latency percentiles, errors by code, node CPU and RSS, and "
      "the signature-verification bound measured in the same run. Transactions are built and "
      "signed before timing starts. Exits 1 when the counts do not add up (committed + errors "
      "!= submitted, or for lincao the accounts' holdings disagree with what was reported "
      "committed), 2 for a bad command line or a failed setup. docs/performance.md explains "
      "every number.",
      "lincao-bench load");
  app.add_option("--target", o.target, "system under load: lincao or etcd")
      ->check(CLI::IsMember({"lincao", "etcd"}))
      ->capture_default_str();
  app.add_option("--endpoints", endpoints,
                 "comma-separated host:port of the nodes' client APIs; connection i goes to "
                 "endpoint i mod count")
      ->capture_default_str();
  app.add_option("--clients", o.clients, "calls in flight at all times (closed loop)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  app.add_option("--rate", o.rate,
                 "open loop: start this many calls per second, at most --clients in flight "
                 "(default 0: closed loop, each client starts its next call when its last "
                 "answers); for latency at a chosen fraction of the peak rate")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--connections", o.connections,
                 "distinct gRPC channels, each its own TCP connection; client c uses c mod count")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app.add_option("--duration", duration,
                 "timed run length (10s, 500ms, 2m); the run also ends when the prepared "
                 "transactions run out (see --txs)");
  app.add_option("--txs", o.txs,
                 "transactions (puts) to prepare and submit; with --duration, the prepared pool "
                 "(default: 20000 per second of duration)");
  app.add_option("--workload", o.workload,
                 "lincao: transfer (1 unit between bench accounts), retire (a personal footprint "
                 "retirement of 1 unit) or mix (alternately)")
      ->check(CLI::IsMember({"transfer", "retire", "mix"}))
      ->capture_default_str();
  app.add_option("--accounts", o.accounts,
                 "lincao: funded accounts bench-1..N; etcd: distinct keys")
      ->check(CLI::Range(2, 1000000))
      ->capture_default_str();
  app.add_option("--payload-bytes", o.payload_bytes,
                 "lincao: pad each signed tx to about this size (memo or note, at most 1 KiB "
                 "more); etcd: value size (default: the size of a signed lincao transfer)")
      ->capture_default_str();
  app.add_option("--batch-size", o.batch_size,
                 "transactions per call: >1 uses Registry.SubmitBatch (lincao) or one Txn of "
                 "that many puts (etcd)")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app.add_flag("--json", o.json, "print the report as one JSON object");
  app.add_option("--node-pids", pids,
                 "comma-separated pids of the node processes to measure (default: the processes "
                 "listening on the endpoints' ports)");
  app.add_option("--keys", o.keys_dir,
                 "lincao: the dev chain's keys folder (registrar.key, and forestry-bureau.key "
                 "for the chaincode upgrade)");
  app.add_flag("--keep-chaincode", o.keep_chaincode,
               "lincao: leave the chain at its chaincode version (default: activate the latest "
               "by governance during setup)");
  app.add_option("--timeout-ms", o.timeout_ms,
                 "wait per call for its commit (lincao: the node's wait_timeout_ms)")
      ->capture_default_str();
  app.add_option("--verifying-nodes", o.verifying_nodes,
                 "nodes that verify each signature, for the bound (default: node processes "
                 "measured, else endpoints)");
  app.add_option("--cores", o.cores, "cores for the bound (default: online CPUs)");
  app.footer(
      "Examples:\n"
      "  lincao genesis init --dev --chaincode-version 2 --dir /tmp/dev && \\\n"
      "    lincaod --config /tmp/dev/lincaod.toml &\n"
      "  lincao-bench load --endpoints 127.0.0.1:7050 --keys /tmp/dev/keys --duration 10s\n"
      "  lincao-bench load --target etcd --endpoints 127.0.0.1:2379 --duration 10s --json\n"
      "  tools/bench/compare.sh      (3 lincao nodes and 3 etcd members, same load)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  o.endpoints.clear();
  for (const auto& e : CLI::detail::split(endpoints, ',')) {
    if (!e.empty()) o.endpoints.push_back(e);
  }
  if (o.endpoints.empty()) {
    std::fprintf(stderr, "lincao-bench load: --endpoints names no endpoint\n");
    return 2;
  }
  for (const auto& p : CLI::detail::split(pids, ',')) {
    if (!p.empty()) o.node_pids.push_back(static_cast<pid_t>(std::atoi(p.c_str())));
  }
  if (!duration.empty() && !ParseDuration(duration, &o.duration_s)) {
    std::fprintf(stderr, "lincao-bench load: --duration '%s' is not like 10s, 500ms or 2m\n",
                 duration.c_str());
    return 2;
  }
  if (o.duration_s <= 0 && o.txs == 0) {
    std::fprintf(stderr, "lincao-bench load: give --duration or --txs\n");
    return 2;
  }
  uint64_t pool = o.txs;
  if (pool == 0) pool = std::max<uint64_t>(10000, static_cast<uint64_t>(o.duration_s * 20000));

  auto channels = MakeChannels(o.endpoints, o.connections);
  std::unique_ptr<Workload> w =
      o.target == "etcd" ? MakeEtcdWorkload(o, channels) : MakeLincaoWorkload(o, channels);
  Status st = w->Setup();
  if (!st.ok()) {
    std::fprintf(stderr, "lincao-bench load: setup failed: %s\n", st.message().c_str());
    return 2;
  }
  std::fprintf(stderr, "load: building %s%llu %s before timing\n",
               o.target == "etcd" ? "" : "and signing ", static_cast<unsigned long long>(pool),
               o.target == "etcd" ? "puts" : "transactions");
  st = w->Prepare(pool);
  if (!st.ok()) {
    std::fprintf(stderr, "lincao-bench load: building the load failed: %s\n", st.message().c_str());
    return 2;
  }
  for (auto& ch : channels) {
    if (!ch->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10))) {
      std::fprintf(stderr, "lincao-bench load: a connection did not come up within 10 s\n");
      return 2;
    }
  }

  LoadReport report;
  report.opts = o;
  report.tx_bytes = w->mean_tx_bytes();
  report.verify_us = MeasureVerifyUs(w->sample_signing_message());
  std::vector<pid_t> node_pids = o.node_pids;
  if (node_pids.empty()) node_pids = FindListeningPids(o.endpoints);
  NodeUsage usage(node_pids);
  report.cores = o.cores > 0 ? o.cores : static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
  report.verifying_nodes = o.verifying_nodes > 0 ? o.verifying_nodes
                           : !node_pids.empty()  ? static_cast<int>(node_pids.size())
                                                 : static_cast<int>(o.endpoints.size());
  report.bound_per_s =
      report.verify_us > 0 ? report.cores / (report.verifying_nodes * report.verify_us * 1e-6) : 0;

  DriveOptions d;
  d.clients = o.clients;
  d.rate = o.rate;
  d.connections = channels.size();
  d.duration = std::chrono::milliseconds(static_cast<int64_t>(std::llround(o.duration_s * 1000)));
  d.drain = std::chrono::milliseconds(o.timeout_ms + 10000);
  d.progress = [&](double t, uint64_t sub, uint64_t com, uint64_t err, uint64_t in_flight) {
    usage.Sample();
    std::fprintf(stderr,
                 "load: %5.1fs submitted %llu committed %llu (%.0f/s) errors %llu in flight %llu\n",
                 t, static_cast<unsigned long long>(sub), static_cast<unsigned long long>(com),
                 t > 0 ? static_cast<double>(com) / t : 0.0, static_cast<unsigned long long>(err),
                 static_cast<unsigned long long>(in_flight));
  };
  std::fprintf(stderr, "load: running (%d clients, %d connections)\n", o.clients, o.connections);
  usage.Begin();
  const double self_cpu_before = SelfCpuSeconds();
  report.run = Drive(w->target(), d);
  report.client_cpu_s = SelfCpuSeconds() - self_cpu_before;
  usage.End();
  report.nodes = usage.processes();
  report.node_cpu_s = usage.total_cpu_s();
  report.latency = Percentiles(report.run.latency_us);
  report.committed_per_s = report.run.elapsed_s > 0
                               ? static_cast<double>(report.run.committed) / report.run.elapsed_s
                               : 0;
  if (o.rate > 0 && report.run.started_late > 0) {
    report.checks.push_back(std::to_string(report.run.started_late) +
                            " calls started late: --clients were all waiting when they were due "
                            "(the offered rate was not met)");
  }
  if (o.duration_s > 0 && report.run.exhausted) {
    report.checks.push_back(
        "the prepared transactions ran out before --duration ended; "
        "raise --txs for a longer run");
  }
  if (!report.run.drained) {
    report.failure = std::to_string(report.run.calls_started - report.run.calls_completed) +
                     " calls still had no answer " + std::to_string(d.drain.count()) +
                     " ms after starting stopped";
  } else if (report.run.committed + report.run.error_total != report.run.submitted) {
    report.failure = "committed " + std::to_string(report.run.committed) + " + errors " +
                     std::to_string(report.run.error_total) + " != submitted " +
                     std::to_string(report.run.submitted);
  } else {
    report.checks.push_back("committed + errors = submitted (" +
                            std::to_string(report.run.submitted) + ")");
    std::fprintf(stderr, "load: checking what the nodes hold\n");
    st = w->Check(report.run, &report.checks);
    if (!st.ok()) report.failure = st.message();
  }
  std::cout << (o.json ? RenderJson(report) : RenderTable(report)) << std::flush;
  if (!report.run.drained) std::_Exit(1);  // callbacks still pending hold the workload
  return report.failure.empty() ? 0 : 1;
}

}  // namespace lincao::bench::load
