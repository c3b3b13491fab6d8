// The options of `lincao-bench load` (docs/performance.md describes the
// command; load_command.cc parses them).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

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

}  // namespace lincao::bench::load
