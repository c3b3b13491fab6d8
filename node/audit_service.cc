#include "node/audit_service.h"

#include "chaincode/audit_proofs.h"
#include "chaincode/block.h"
#include "node/audit_export.h"
#include "node/audit_history.h"
#include "node/grpc_status.h"
#include "node/log.h"
#include "node/registry_service.h"

namespace lincao::node {
namespace {

constexpr std::string_view kStreamBlocks = "/lincao.v1.Audit/StreamBlocks";
constexpr std::string_view kGetProof = "/lincao.v1.Audit/GetProof";
constexpr std::string_view kGetStateRoot = "/lincao.v1.Audit/GetStateRoot";
constexpr std::string_view kGetHistory = "/lincao.v1.Audit/GetHistory";
constexpr std::string_view kListTransactions = "/lincao.v1.Audit/ListTransactions";
constexpr std::string_view kExport = "/lincao.v1.Audit/Export";

Status ShuttingDown(uint64_t resume_height) {
  return Status(v1::NOT_READY,
                "this node is shutting down; reconnect (to it or another node) "
                "with from_height " +
                    std::to_string(resume_height));
}

// Holds one of the node's kMaxAuditStreams stream slots while the stream
// lasts; `taken()` is false when every slot was in use.
class StreamSlot {
 public:
  explicit StreamSlot(std::atomic<uint32_t>& open)
      : open_(open), taken_(open.fetch_add(1) < kMaxAuditStreams) {
    if (!taken_) open_.fetch_sub(1);
  }
  ~StreamSlot() {
    if (taken_) open_.fetch_sub(1);
  }
  StreamSlot(const StreamSlot&) = delete;
  StreamSlot& operator=(const StreamSlot&) = delete;
  bool taken() const { return taken_; }

 private:
  std::atomic<uint32_t>& open_;
  const bool taken_;
};

Status AllStreamsBusy(std::string_view what, std::string_view elsewhere) {
  return Status(v1::OVERLOADED, std::to_string(kMaxAuditStreams) + " " + std::string(what) +
                                    " are open on this node; retry shortly or " +
                                    std::string(elsewhere) + " from another node");
}

}  // namespace

AuditService::AuditService(const Config& config, LedgerStore& ledger)
    : ledger_(ledger),
      suite_(*FindSuite(ledger.params().suite)),
      auth_(config.audit_public, ledger.params().chain_id, suite_, ledger) {}

Status AuditService::Admit(grpc::ServerContext* ctx, std::string_view method) const {
  if (stopping_) return Status(v1::NOT_READY, "this node is shutting down; retry on another node");
  return auth_.Authorize(*ctx, method);
}

Result<std::optional<v1::Block>> AuditService::NextBlock(uint64_t height) const {
  auto next = ledger_.GetBlock(height + 1);
  if (next.ok()) return std::optional<v1::Block>(std::move(*next));
  if (next.status().code() == v1::NOT_FOUND) return std::optional<v1::Block>();
  return next.status();
}

grpc::Status AuditService::StreamBlocks(grpc::ServerContext* ctx,
                                        const v1::StreamBlocksRequest* req,
                                        grpc::ServerWriter<v1::StreamedBlock>* writer) {
  Status admitted = Admit(ctx, kStreamBlocks);
  if (!admitted.ok()) return ToGrpc(ctx, admitted);
  StreamSlot slot(streams_);
  if (!slot.taken()) return ToGrpc(ctx, AllStreamsBusy("block streams", "stream"));

  uint64_t height = std::max<uint64_t>(1, req->from_height());
  const uint64_t head = ledger_.head().height;
  if (height > head + 1 && !req->follow()) {
    return ToGrpc(ctx, Status(v1::NOT_FOUND, "from_height " + std::to_string(height) +
                                                 " is beyond the head (" + std::to_string(head) +
                                                 ") + 1; ask for at most " +
                                                 std::to_string(head + 1) + ", or set follow"));
  }
  spdlog::debug("event=audit_stream_open peer={} from={} follow={}", ctx->peer(), height,
                req->follow());
  std::optional<v1::Block> lookahead;  // block `height`, read while sending the one before
  uint64_t sent = 0;
  while (true) {
    if (stopping_) return ToGrpc(ctx, ShuttingDown(height));
    if (ctx->IsCancelled()) break;
    if (!lookahead) {
      auto block = NextBlock(height - 1);
      if (!block.ok()) return ToGrpc(ctx, block.status());
      lookahead = std::move(*block);
      if (!lookahead) {
        if (!req->follow()) break;
        ledger_.WaitForHeadAbove(height - 1, kFollowWakeMs);
        continue;
      }
    }
    v1::StreamedBlock out;
    *out.mutable_block() = std::move(*lookahead);
    lookahead.reset();
    auto next = NextBlock(height);
    if (!next.ok()) return ToGrpc(ctx, next.status());
    lookahead = std::move(*next);
    out.set_block_hash(AsBytes(BlockHash(suite_, out.block().header())));
    if (const v1::Commit* cert = CertificateOf(height, lookahead ? &*lookahead : nullptr)) {
      *out.mutable_certificate() = *cert;
    }
    if (!writer->Write(out)) break;  // the client went away
    ++sent;
    ++height;
  }
  spdlog::debug("event=audit_stream_closed peer={} sent={} next={}", ctx->peer(), sent, height);
  return grpc::Status::OK;
}

grpc::Status AuditService::GetProof(grpc::ServerContext* ctx, const v1::GetProofRequest* req,
                                    v1::TxProof* resp) {
  Status admitted = Admit(ctx, kGetProof);
  if (!admitted.ok()) return ToGrpc(ctx, admitted);
  auto id = ToHash32(req->tx_id());
  if (!id) {
    return ToGrpc(ctx, Status(v1::INVALID_ARGUMENT, "tx_id must be 32 bytes (64 hex digits)"));
  }
  auto rec = ledger_.GetTx(*id);
  if (!rec.ok()) return ToGrpc(ctx, rec.status());
  auto block = ledger_.GetBlock(rec->height());
  if (!block.ok()) return ToGrpc(ctx, block.status());
  auto next = NextBlock(rec->height());
  if (!next.ok()) return ToGrpc(ctx, next.status());
  auto proof = BuildTxProof(suite_, *block, rec->index(),
                            CertificateOf(rec->height(), *next ? &**next : nullptr));
  if (!proof.ok()) return ToGrpc(ctx, Status(v1::INTERNAL, proof.status().message()));
  *resp = std::move(*proof);
  ctx->AddTrailingMetadata(std::string(kAppliedHeightTrailer),
                           std::to_string(ledger_.head().height));
  return grpc::Status::OK;
}

grpc::Status AuditService::GetStateRoot(grpc::ServerContext* ctx,
                                        const v1::GetStateRootRequest* req,
                                        v1::StateRootInfo* resp) {
  Status admitted = Admit(ctx, kGetStateRoot);
  if (!admitted.ok()) return ToGrpc(ctx, admitted);
  auto block = ledger_.GetBlock(req->height());
  if (!block.ok()) {
    Status st = block.status();
    if (st.code() == v1::NOT_FOUND) {
      st = Status(v1::NOT_FOUND, st.message() + "; the head is at height " +
                                     std::to_string(ledger_.head().height));
    }
    return ToGrpc(ctx, st);
  }
  auto next = NextBlock(req->height());
  if (!next.ok()) return ToGrpc(ctx, next.status());
  *resp = BuildStateRootInfo(suite_, block->header(),
                             CertificateOf(req->height(), *next ? &**next : nullptr));
  ctx->AddTrailingMetadata(std::string(kAppliedHeightTrailer),
                           std::to_string(ledger_.head().height));
  return grpc::Status::OK;
}

grpc::Status AuditService::GetHistory(grpc::ServerContext* ctx, const v1::GetHistoryRequest* req,
                                      v1::HistoryPage* resp) {
  Status admitted = Admit(ctx, kGetHistory);
  if (!admitted.ok()) return ToGrpc(ctx, admitted);
  auto page = ReadHistory(*ledger_.TakeSnapshot(), *req);
  if (!page.ok()) return ToGrpc(ctx, page.status());
  *resp = std::move(*page);
  return grpc::Status::OK;
}

grpc::Status AuditService::ListTransactions(grpc::ServerContext* ctx,
                                            const v1::ListTransactionsRequest* req,
                                            v1::HistoryPage* resp) {
  Status admitted = Admit(ctx, kListTransactions);
  if (!admitted.ok()) return ToGrpc(ctx, admitted);
  auto page = ReadTransactions(*ledger_.TakeSnapshot(), *req);
  if (!page.ok()) return ToGrpc(ctx, page.status());
  *resp = std::move(*page);
  return grpc::Status::OK;
}

grpc::Status AuditService::Export(grpc::ServerContext* ctx, const v1::ExportRequest* req,
                                  grpc::ServerWriter<v1::ExportRow>* writer) {
  Status admitted = Admit(ctx, kExport);
  if (!admitted.ok()) return ToGrpc(ctx, admitted);
  StreamSlot slot(streams_);
  if (!slot.taken()) return ToGrpc(ctx, AllStreamsBusy("audit streams", "export"));
  auto snap = ledger_.TakeSnapshot();
  uint64_t rows = 0;
  bool stopped = false;
  Status st = ExportTable(*snap, *req, [&](const v1::ExportRow& row) {
    if (stopping_) {
      stopped = true;
      return false;
    }
    if (ctx->IsCancelled() || !writer->Write(row)) return false;
    ++rows;
    return true;
  });
  if (stopped) {
    return ToGrpc(ctx, Status(v1::NOT_READY,
                              "this node is shutting down; export again from "
                              "another node (an export is not resumable: it "
                              "reads one height)"));
  }
  if (!st.ok()) return ToGrpc(ctx, st);
  // Every row carries the height; an export with no rows says it here, so
  // "nothing at height H" is still a statement an auditor can cite.
  ctx->AddTrailingMetadata(std::string(kAppliedHeightTrailer), std::to_string(snap->height()));
  spdlog::debug("event=audit_export table={} height={} rows={}", static_cast<int>(req->table()),
                snap->height(), rows);
  return grpc::Status::OK;
}

}  // namespace lincao::node
