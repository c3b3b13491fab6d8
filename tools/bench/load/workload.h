// What the lincao and etcd sides of `lincao-bench load` share: the
// Workload interface each implements, their factories, and the channels
// they are given.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "chaincode/status.h"
#include "tools/bench/load/call_driver.h"
#include "tools/bench/load/load_options.h"

namespace lincao::bench::load {

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

}  // namespace lincao::bench::load
