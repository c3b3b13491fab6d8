// The CLI's side of the lincao.v1.Audit service: one channel to a node and,
// when the auditor gave a key file, the four signed metadata entries on
// every call (docs/interfaces.md, "Audit access"). Without a key the calls
// go unsigned, which a node answers only when its ledger is public.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "chaincode/key_file.h"
#include "lincao/v1/audit.grpc.pb.h"
#include "tools/cli/client.h"
#include "tools/cli/node_options.h"

namespace lincao::cli {

class AuditClient {
 public:
  AuditClient(const NodeOptions& opts, std::optional<KeyFile> key);

  // Each returns the error, or nullopt after filling `out`.
  std::optional<RpcError> GetProof(const v1::GetProofRequest& req, v1::TxProof* out);
  std::optional<RpcError> GetStateRoot(const v1::GetStateRootRequest& req, v1::StateRootInfo* out);
  // Calls `on_block` for each block until the stream ends (nullopt) or
  // fails; `on_block` returns false to stop early (also nullopt). No
  // deadline: a following stream lasts until interrupted.
  std::optional<RpcError> StreamBlocks(
      const v1::StreamBlocksRequest& req,
      const std::function<bool(const v1::StreamedBlock&)>& on_block);
  std::optional<RpcError> GetHistory(const v1::GetHistoryRequest& req, v1::HistoryPage* out);
  std::optional<RpcError> ListTransactions(const v1::ListTransactionsRequest& req,
                                           v1::HistoryPage* out);
  // Calls `on_row` for each row until the export ends or fails; `on_row`
  // returns false to stop early. No deadline: a large table takes a while.
  // On success, `*height` (when given) is the height the node read the
  // table at, from its `lincao-applied-height` trailer (0 if absent): an
  // export with no rows has no row to carry it.
  std::optional<RpcError> Export(const v1::ExportRequest& req,
                                 const std::function<bool(const v1::ExportRow&)>& on_row,
                                 uint64_t* height = nullptr);

 private:
  // Signs `ctx` for `method` when a key was given; the chain id comes from
  // the node's status, asked once.
  std::optional<RpcError> Prepare(grpc::ClientContext& ctx, std::string_view method);

  NodeOptions opts_;
  std::optional<KeyFile> key_;
  std::optional<std::string> chain_id_;
  std::unique_ptr<v1::Audit::Stub> stub_;
};

}  // namespace lincao::cli
