// The options of `lincao-bench load` and the interface both systems'
// workloads implement (docs/performance.md describes the command).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "chaincode/status.h"
#include "tools/bench/load/call_driver.h"

namespace lincao::bench::load {

struct LoadOptions {
  std::string target = "lincao";  // lincao | etcd
  std::vector<std::string> endpoints{"127.0.0.1:7050"};
  int clients = 64;       // calls in flight (with rate: at most)
  double rate = 0;        // calls started per second (open loop); 0: closed loop
  int connections = 4;    // distinct gRPC channels, each its own TCP connection
  double duration_s = 0;  // timed run length; 0 with txs > 0: run until txs are done
  uint64_t txs = 0;       // transactions (or puts) to submit; with duration: the pool size
  std::string workload = "transfer";  // transfer | retire | mix
  int accounts = 100;
  uint32_t payload_bytes = 0;  // 0: natural signed-tx size (etcd: that of a lincao transfer)
  uint32_t batch_size = 1;     // transactions per call: SubmitBatch / Txn when > 1
  bool json = false;
  std::vector<pid_t> node_pids;  // empty: the processes listening on the endpoints
  std::string keys_dir;          // lincao: dev genesis keys (registrar.key, forestry-bureau.key)
  bool keep_chaincode = false;   // lincao: do not move the chain to the latest version
  uint32_t timeout_ms = 20000;   // wait per call (the node's wait_timeout_ms for lincao)
  int verifying_nodes = 0;       // 0: the node processes measured (else endpoints)
  int cores = 0;                 // 0: online CPUs
  uint64_t units_per_account = 1000000000;
};

// One system's side of a run: untimed setup, then every call built (and
// for lincao signed) before timing, then the checks after the run.
class Workload {
 public:
  virtual ~Workload() = default;
  virtual Status Setup() = 0;
  // Builds the calls carrying `txs` transactions (or puts).
  virtual Status Prepare(uint64_t txs) = 0;
  virtual LoadTarget& target() = 0;
  // Mean bytes per transaction on the wire (SignedTx) or per put value.
  virtual double mean_tx_bytes() const = 0;
  // A representative signature and its message, for the verification bound.
  virtual std::string sample_signing_message() const = 0;
  // After the run: what the system holds agrees with what was reported
  // committed. Adds one line per check to `notes`; an error fails the run.
  virtual Status Check(const DriveResult& run, std::vector<std::string>* notes) = 0;
};

// Channels to `endpoints`, connection i to endpoint i % size, each with
// its own subchannel pool so that no two share a TCP connection.
std::vector<std::shared_ptr<grpc::Channel>> MakeChannels(const std::vector<std::string>& endpoints,
                                                         int connections);

// "OK", "CANCELLED", ... for a gRPC status code.
std::string GrpcCodeName(grpc::StatusCode code);

std::unique_ptr<Workload> MakeLincaoWorkload(const LoadOptions& opts,
                                             std::vector<std::shared_ptr<grpc::Channel>> channels);
std::unique_ptr<Workload> MakeEtcdWorkload(const LoadOptions& opts,
                                           std::vector<std::shared_ptr<grpc::Channel>> channels);

// Runs `lincao-bench load ...`; argv[0] is "load". Returns the exit code.
int RunLoadCommand(int argc, char** argv);

}  // namespace lincao::bench::load
