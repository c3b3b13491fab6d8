// LocalCluster: N real lincaod processes on 127.0.0.1 sharing one dev
// genesis (made by `lincao genesis init --dev --nodes N`), for integration
// tests. Every peer link passes through a TcpProxy of the harness (one per
// pair of members), so a test can cut, stall or half-cut it; client and
// peer listeners bind port 0 and write their ports to files, so a restarted
// node may come back on other ports and nothing races for a port.
//
// Nodes are numbered 1..N (node-1..node-N). Logs: DIR/node-<i>/lincaod.log.
//
// Thread-safety: Start/Kill/Restart from the test's main thread or one
// fault thread; Address/Stub from any thread (a mutex guards the ports).
#pragma once

#include <grpcpp/grpcpp.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "lincao/v1/registry.grpc.pb.h"
#include "tests/support/process.h"
#include "tests/support/tcp_proxy.h"

namespace lincao::testsupport {

struct ClusterStatus {
  bool up = false;
  v1::NodeStatus status;
};

class LocalCluster {
 public:
  LocalCluster(std::filesystem::path dir, int nodes, std::string lincaod, std::string lincao);
  ~LocalCluster();

  // Creates the genesis, keys and per-node configs (tick_ms as given).
  // The chain runs chaincode version 1: the fault tests open accounts
  // without identity documents (required from version 2) and fund them
  // with the free-form issue_batch (`lincao tx issue`, refused from 3).
  bool Init(std::string* error, int tick_ms = 20);
  // Starts node i and waits for its client port (false on failure).
  bool Start(int i);
  void Kill(int i, int sig = 9);
  bool running(int i) const;
  int size() const { return nodes_; }

  std::string Address(int i);
  std::unique_ptr<v1::Registry::Stub> Stub(int i);
  ClusterStatus Status(int i, int timeout_ms = 1000);
  // The node that says it leads (and is running), or 0.
  int Leader();
  // The proxy on the link between members a and b (either order).
  TcpProxy& Link(int a, int b);
  void HealAll();

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path NodeDir(int i) const { return dir_ / ("node-" + std::to_string(i)); }
  // A CLI command against node i, with --json; parsed stdout in `out`.
  itest::CommandResult Cli(std::vector<std::string> args, int node = 0);

 private:
  int PeerPort(int i);

  const std::filesystem::path dir_;
  const int nodes_;
  const std::string lincaod_, lincao_;
  std::map<int, std::unique_ptr<itest::Daemon>> daemons_;
  std::map<std::pair<int, int>, std::unique_ptr<TcpProxy>> proxies_;
  mutable std::mutex mu_;  // guards addresses_ and which daemons_ are set
  std::map<int, std::string> addresses_;
};

}  // namespace lincao::testsupport
