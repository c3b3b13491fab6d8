// The lincao.v1.Audit gRPC service (proto/lincao/v1/audit.proto): read-only
// access to the whole ledger for auditors, answered from this node's
// LedgerStore. Every call is first authorized by AuditAuth (AUDITOR accounts
// signing their calls, or anyone on a public ledger).
//
// StreamBlocks holds one of gRPC's synchronous handler threads for as long
// as the stream lasts, so at most kMaxAuditStreams run at once (beyond that,
// OVERLOADED). A stream keeps at most two blocks in memory (the one it sends
// and the next, whose last_commit certifies it) and relies on the sync
// writer's flow control; a following stream sleeps on the ledger's commit
// notification, waking at least every kFollowWakeMs to notice a cancelled
// client or Stop().
//
// Thread-safety: handlers on gRPC's threads; Stop from the thread that stops
// the node, before the server shuts down.
#pragma once

#include <atomic>
#include <chrono>

#include "lincao/v1/audit.grpc.pb.h"
#include "node/audit_auth.h"
#include "node/config.h"
#include "node/ledger_store.h"

namespace lincao::node {

inline constexpr uint32_t kMaxAuditStreams = 64;
inline constexpr std::chrono::milliseconds kFollowWakeMs{200};

class AuditService final : public v1::Audit::Service {
 public:
  AuditService(const Config& config, LedgerStore& ledger);

  // Ends every open stream with NOT_READY (UNAVAILABLE), naming the height
  // to resume from, and refuses new calls the same way.
  void Stop() { stopping_ = true; }

  grpc::Status StreamBlocks(grpc::ServerContext* ctx, const v1::StreamBlocksRequest* req,
                            grpc::ServerWriter<v1::StreamedBlock>* writer) override;
  grpc::Status GetProof(grpc::ServerContext* ctx, const v1::GetProofRequest* req,
                        v1::TxProof* resp) override;
  grpc::Status GetStateRoot(grpc::ServerContext* ctx, const v1::GetStateRootRequest* req,
                            v1::StateRootInfo* resp) override;
  grpc::Status GetHistory(grpc::ServerContext* ctx, const v1::GetHistoryRequest* req,
                          v1::HistoryPage* resp) override;
  grpc::Status ListTransactions(grpc::ServerContext* ctx, const v1::ListTransactionsRequest* req,
                                v1::HistoryPage* resp) override;
  // Streams one table from a ledger snapshot; shares the stream slots with
  // StreamBlocks, and ends with NOT_READY when the node stops.
  grpc::Status Export(grpc::ServerContext* ctx, const v1::ExportRequest* req,
                      grpc::ServerWriter<v1::ExportRow>* writer) override;

 private:
  // Authorizes the call and refuses it while stopping.
  Status Admit(grpc::ServerContext* ctx, std::string_view method) const;
  // The block after `height`, or nullopt when it has not committed.
  Result<std::optional<v1::Block>> NextBlock(uint64_t height) const;

  LedgerStore& ledger_;
  const SignatureSuite& suite_;
  AuditAuth auth_;
  std::atomic<bool> stopping_{false};
  std::atomic<uint32_t> streams_{0};
};

}  // namespace lincao::node
