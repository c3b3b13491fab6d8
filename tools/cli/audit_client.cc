#include "tools/cli/audit_client.h"

#include <chrono>

#include "chaincode/audit_call.h"

namespace lincao::cli {
namespace {

uint64_t NowMs() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

}  // namespace

AuditClient::AuditClient(const NodeOptions& opts, std::optional<KeyFile> key)
    : opts_(opts),
      key_(std::move(key)),
      stub_(v1::Audit::NewStub(MakeNodeChannel(opts.node, opts.tls_ca))) {}

std::optional<RpcError> AuditClient::Prepare(grpc::ClientContext& ctx, std::string_view method) {
  if (!key_) return std::nullopt;
  if (!chain_id_) {
    NodeClient node(opts_.node, opts_.timeout_ms, opts_.tls_ca);
    v1::NodeStatus status;
    if (auto err = node.GetStatus(&status)) return err;
    chain_id_ = status.chain_id();
  }
  auto creds = SignAuditCall(*key_, *chain_id_, method, NowMs());
  if (!creds.ok())
    return RpcError{
        grpc::StatusCode::INVALID_ARGUMENT, std::nullopt, "", {}, creds.status().ToString()};
  ctx.AddMetadata(std::string(kAuditAccountHeader), creds->account);
  ctx.AddMetadata(std::string(kAuditKeyIdHeader), std::to_string(creds->key_id));
  ctx.AddMetadata(std::string(kAuditTimeHeader), std::to_string(creds->time_ms));
  ctx.AddMetadata(std::string(kAuditSignatureHeader), ToHex(creds->signature));
  return std::nullopt;
}

std::optional<RpcError> AuditClient::GetProof(const v1::GetProofRequest& req, v1::TxProof* out) {
  grpc::ClientContext ctx;
  if (auto err = Prepare(ctx, "/lincao.v1.Audit/GetProof")) return err;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(opts_.timeout_ms));
  grpc::Status st = stub_->GetProof(&ctx, req, out);
  if (st.ok()) return std::nullopt;
  return MakeRpcError(st, ctx.GetServerTrailingMetadata(), opts_.node, opts_.timeout_ms);
}

std::optional<RpcError> AuditClient::GetStateRoot(const v1::GetStateRootRequest& req,
                                                  v1::StateRootInfo* out) {
  grpc::ClientContext ctx;
  if (auto err = Prepare(ctx, "/lincao.v1.Audit/GetStateRoot")) return err;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(opts_.timeout_ms));
  grpc::Status st = stub_->GetStateRoot(&ctx, req, out);
  if (st.ok()) return std::nullopt;
  return MakeRpcError(st, ctx.GetServerTrailingMetadata(), opts_.node, opts_.timeout_ms);
}

std::optional<RpcError> AuditClient::StreamBlocks(
    const v1::StreamBlocksRequest& req,
    const std::function<bool(const v1::StreamedBlock&)>& on_block) {
  grpc::ClientContext ctx;
  if (auto err = Prepare(ctx, "/lincao.v1.Audit/StreamBlocks")) return err;
  auto reader = stub_->StreamBlocks(&ctx, req);
  v1::StreamedBlock block;
  bool stopped = false;
  while (reader->Read(&block)) {
    if (!on_block(block)) {
      stopped = true;
      ctx.TryCancel();
      break;
    }
  }
  grpc::Status st = reader->Finish();
  if (st.ok() || stopped) return std::nullopt;
  return MakeRpcError(st, ctx.GetServerTrailingMetadata(), opts_.node, opts_.timeout_ms);
}

std::optional<RpcError> AuditClient::GetHistory(const v1::GetHistoryRequest& req,
                                                v1::HistoryPage* out) {
  grpc::ClientContext ctx;
  if (auto err = Prepare(ctx, "/lincao.v1.Audit/GetHistory")) return err;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(opts_.timeout_ms));
  grpc::Status st = stub_->GetHistory(&ctx, req, out);
  if (st.ok()) return std::nullopt;
  return MakeRpcError(st, ctx.GetServerTrailingMetadata(), opts_.node, opts_.timeout_ms);
}

std::optional<RpcError> AuditClient::ListTransactions(const v1::ListTransactionsRequest& req,
                                                      v1::HistoryPage* out) {
  grpc::ClientContext ctx;
  if (auto err = Prepare(ctx, "/lincao.v1.Audit/ListTransactions")) return err;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(opts_.timeout_ms));
  grpc::Status st = stub_->ListTransactions(&ctx, req, out);
  if (st.ok()) return std::nullopt;
  return MakeRpcError(st, ctx.GetServerTrailingMetadata(), opts_.node, opts_.timeout_ms);
}

std::optional<RpcError> AuditClient::Export(const v1::ExportRequest& req,
                                            const std::function<bool(const v1::ExportRow&)>& on_row,
                                            uint64_t* height) {
  grpc::ClientContext ctx;
  if (auto err = Prepare(ctx, "/lincao.v1.Audit/Export")) return err;
  auto reader = stub_->Export(&ctx, req);
  v1::ExportRow row;
  bool stopped = false;
  while (reader->Read(&row)) {
    if (!on_row(row)) {
      stopped = true;
      ctx.TryCancel();
      break;
    }
  }
  grpc::Status st = reader->Finish();
  if (st.ok() && height != nullptr) {
    *height = 0;
    const auto& trailers = ctx.GetServerTrailingMetadata();
    auto it = trailers.find("lincao-applied-height");
    if (it != trailers.end()) {
      try {
        *height = std::stoull(std::string(it->second.data(), it->second.size()));
      } catch (const std::exception&) {
        *height = 0;  // not a number: unknown, as if absent
      }
    }
  }
  if (st.ok() || stopped) return std::nullopt;
  return MakeRpcError(st, ctx.GetServerTrailingMetadata(), opts_.node, opts_.timeout_ms);
}

}  // namespace lincao::cli
