// One lincaod process: opens (or creates) the data directory's two
// databases, writes block 0 from the genesis file on first start, replays
// the raft log into the ledger after a crash, and serves gRPC until Stop().
//
// Thread-safety: Start and Stop from the main thread.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>

#include "node/audit_service.h"
#include "node/committer.h"
#include "node/config.h"
#include "node/ledger_store.h"
#include "node/members.h"
#include "node/peer_network.h"
#include "node/raft_storage.h"
#include "node/registry_service.h"

namespace lincao::node {

class Node {
 public:
  explicit Node(Config config) : config_(std::move(config)) {}
  ~Node();

  Status Start();
  void Stop();
  int grpc_port() const { return grpc_port_; }
  int peer_port() const { return peer_port_; }

 private:
  Status OpenLedger();
  Status StartPeers(const KeyFile& node_key);

  Config config_;
  Members members_;
  KeyFile node_key_;
  std::unique_ptr<RaftStorage> log_;
  std::unique_ptr<LedgerStore> ledger_;
  std::unique_ptr<Committer> committer_;
  std::unique_ptr<RegistryService> service_;
  std::unique_ptr<AuditService> audit_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<PeerNetwork> peers_;
  std::unique_ptr<grpc::Server> peer_server_;
  int grpc_port_ = 0;
  int peer_port_ = 0;
};

Result<std::string> ReadFile(const std::filesystem::path& path);

}  // namespace lincao::node
