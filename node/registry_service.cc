#include "node/registry_service.h"

#include "chaincode/block.h"
#include "chaincode/holdings.h"
#include "chaincode/tx_rules.h"
#include "node/grpc_status.h"
#include "node/log.h"

namespace lincao::node {
namespace {

template <typename T>
grpc::Status LoadOr(grpc::ServerContext* ctx, const LedgerStore& ledger, const std::string& key,
                    ErrorCode missing_code, const std::string& missing_msg, T* out) {
  auto rec = LoadRecord<T>(ledger, key);
  if (!rec.ok()) return ToGrpc(ctx, rec.status());
  if (!rec.value()) return ToGrpc(ctx, Status(missing_code, missing_msg));
  *out = std::move(**rec);
  return grpc::Status::OK;
}

}  // namespace

void RegistryService::LabelRead(grpc::ServerContext* ctx) const {
  ctx->AddTrailingMetadata(std::string(kAppliedHeightTrailer),
                           std::to_string(ledger_.head().height));
}

grpc::Status RegistryService::Respond(grpc::ServerContext* ctx, const Hash32& id,
                                      const TxOutcome& outcome, v1::SubmitResponse* resp) {
  const std::string id_hex = ToHex(id);
  resp->set_tx_id(AsBytes(id));
  resp->set_height(outcome.height);
  resp->set_code(outcome.status.code());
  resp->set_message(outcome.status.message());
  resp->set_created_id(outcome.created_id);
  switch (outcome.kind) {
    case TxOutcome::Kind::kCommitted:
      resp->set_state(v1::COMMITTED);
      return grpc::Status::OK;
    case TxOutcome::Kind::kRejected:
      resp->set_state(v1::REJECTED);
      ctx->AddTrailingMetadata("lincao-tx-id", id_hex);
      ctx->AddTrailingMetadata("lincao-height", std::to_string(outcome.height));
      return ToGrpc(ctx, Status(outcome.status.code(), outcome.status.message() + " (tx " + id_hex +
                                                           " recorded as rejected in block " +
                                                           std::to_string(outcome.height) + ")"));
    case TxOutcome::Kind::kDropped:
      ctx->AddTrailingMetadata("lincao-tx-id", id_hex);
      return ToGrpc(ctx, outcome.status);
  }
  return ToGrpc(ctx, Status(v1::INTERNAL, "unknown outcome"));
}

// A waiting call holds a gRPC thread: WaitSlot counts it against
// limits.max_waiting_submits for as long as it lives.
RegistryService::WaitSlot::~WaitSlot() {
  if (n_ != nullptr) n_->fetch_sub(1);
}

Status RegistryService::TakeWaitSlot(WaitSlot* slot) {
  if (waiting_.fetch_add(1) >= config_.max_waiting_submits) {
    waiting_.fetch_sub(1);
    return Status(v1::OVERLOADED, std::to_string(config_.max_waiting_submits) +
                                      " submissions are already waiting for their commit on this "
                                      "node; retry shortly, or submit without waiting and query "
                                      "the tx by id");
  }
  slot->n_ = &waiting_;
  return Status::Ok();
}

std::optional<TxOutcome> RegistryService::CommittedOutcome(const Hash32& id) const {
  auto rec = ledger_.GetTx(id);
  if (!rec.ok()) return std::nullopt;
  Status st(rec->result().code(), rec->result().message());
  return TxOutcome{st.ok() ? TxOutcome::Kind::kCommitted : TxOutcome::Kind::kRejected,
                   rec->height(), st, rec->result().created_id()};
}

void RegistryService::Describe(const TxOutcome& outcome, v1::SubmitResponse* out) {
  out->set_height(outcome.height);
  out->set_code(outcome.status.code());
  out->set_message(outcome.status.message());
  out->set_created_id(outcome.created_id);
  switch (outcome.kind) {
    case TxOutcome::Kind::kCommitted:
      out->set_state(v1::COMMITTED);
      break;
    case TxOutcome::Kind::kRejected:
      out->set_state(v1::REJECTED);
      break;
    case TxOutcome::Kind::kDropped:
      out->set_state(v1::DROPPED);
      break;
  }
}

grpc::Status RegistryService::Submit(grpc::ServerContext* ctx, const v1::SubmitRequest* req,
                                     v1::SubmitResponse* resp) {
  // A bounded number of calls may wait; count this one before admitting it.
  WaitSlot slot;
  if (req->wait_for_commit()) {
    Status st = TakeWaitSlot(&slot);
    if (!st.ok()) return ToGrpc(ctx, st);
  }
  auto admitted = committer_.Submit(req->tx(), !req->no_forward());
  if (!admitted.ok()) {
    if (admitted.status().code() == v1::DUPLICATE_TX) {
      // A retry of a committed tx (perhaps first sent to another node before
      // a leader change) gets the original outcome, not a second apply.
      const Hash32 id = ComputeTxId(*FindSuite(ledger_.params().suite), req->tx().tx());
      if (auto original = CommittedOutcome(id)) return Respond(ctx, id, *original, resp);
    }
    spdlog::debug("event=tx_refused peer={} code={} reason={}", ctx->peer(),
                  admitted.status().code_name(), Quoted(admitted.status().message()));
    return ToGrpc(ctx, admitted.status());
  }
  const std::string id_hex = ToHex(admitted->tx_id);
  resp->set_tx_id(AsBytes(admitted->tx_id));
  resp->set_state(v1::PENDING);
  if (!req->wait_for_commit()) return grpc::Status::OK;

  uint32_t timeout_ms = req->wait_timeout_ms() ? req->wait_timeout_ms() : config_.wait_timeout_ms;
  timeout_ms = std::min(timeout_ms, config_.wait_timeout_ms * 6);
  auto outcome = admitted->ticket->Wait(std::chrono::milliseconds(timeout_ms));
  if (!outcome) {
    return ToGrpc(
        ctx,
        Status(v1::TIMEOUT, "transaction " + id_hex + " is admitted but not yet committed after " +
                                std::to_string(timeout_ms) +
                                " ms; query it later with `lincao query tx " + id_hex + "`"));
  }
  return Respond(ctx, admitted->tx_id, *outcome, resp);
}

grpc::Status RegistryService::SubmitBatch(grpc::ServerContext* ctx,
                                          const v1::SubmitBatchRequest* req,
                                          v1::SubmitBatchResponse* resp) {
  const size_t n = static_cast<size_t>(req->txs_size());
  if (n > config_.max_submit_batch) {
    return ToGrpc(ctx, Status(v1::SUBMIT_BATCH_TOO_LARGE,
                              "the request holds " + std::to_string(n) +
                                  " transactions; this node takes at most " +
                                  std::to_string(config_.max_submit_batch) +
                                  " per SubmitBatch (limits.max_submit_batch): split it and send "
                                  "the parts; nothing of this request was admitted"));
  }
  // The whole call holds one thread however many it carries: one slot.
  WaitSlot slot;
  if (req->wait_for_commit()) {
    Status st = TakeWaitSlot(&slot);
    if (!st.ok()) return ToGrpc(ctx, st);
  }
  std::vector<const v1::SignedTx*> txs;
  txs.reserve(n);
  for (const v1::SignedTx& tx : req->txs()) txs.push_back(&tx);
  std::vector<std::optional<Hash32>> ids;
  std::vector<Result<Admitted>> admitted = committer_.SubmitMany(txs, !req->no_forward(), &ids);

  // Each result is judged as Submit judges it: a refusal is REFUSED with its
  // code, except that a committed duplicate reports the original outcome.
  std::vector<std::shared_ptr<TxTicket>> tickets(n);
  size_t refused = 0;
  for (size_t i = 0; i < n; ++i) {
    v1::SubmitResponse* r = resp->add_results();
    if (ids[i]) r->set_tx_id(AsBytes(*ids[i]));
    if (admitted[i].ok()) {
      r->set_state(v1::PENDING);
      tickets[i] = admitted[i]->ticket;
      continue;
    }
    const Status& why = admitted[i].status();
    if (why.code() == v1::DUPLICATE_TX && ids[i]) {
      if (auto original = CommittedOutcome(*ids[i])) {
        Describe(*original, r);
        continue;
      }
    }
    ++refused;
    r->set_state(v1::REFUSED);
    r->set_code(why.code());
    r->set_message(why.message());
  }
  if (refused > 0) {
    spdlog::debug("event=batch_refused peer={} txs={} refused={}", ctx->peer(), n, refused);
  }
  if (!req->wait_for_commit()) return grpc::Status::OK;

  // One deadline for the whole call; what has no outcome by then stays PENDING.
  uint32_t timeout_ms = req->wait_timeout_ms() ? req->wait_timeout_ms() : config_.wait_timeout_ms;
  timeout_ms = std::min(timeout_ms, config_.wait_timeout_ms * 6);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (size_t i = 0; i < n; ++i) {
    if (!tickets[i]) continue;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    auto outcome = tickets[i]->Wait(std::max(left, std::chrono::milliseconds(0)));
    if (outcome) Describe(*outcome, resp->mutable_results(static_cast<int>(i)));
  }
  return grpc::Status::OK;
}

grpc::Status RegistryService::GetStatus(grpc::ServerContext* ctx, const v1::GetStatusRequest*,
                                        v1::NodeStatus* resp) {
  const ChainParams& p = ledger_.params();
  ChainHead head = ledger_.head();
  v1::BlockHeader header = ledger_.head_header();
  resp->set_chain_id(p.chain_id);
  resp->set_node_id(config_.node_id);
  resp->set_height(head.height);
  resp->set_head_hash(AsBytes(head.hash));
  resp->set_state_root(header.state_root());
  resp->set_chain_time_ms(head.time_ms);
  resp->set_next_time_ms(committer_.NextBlockTimeMs());
  resp->set_genesis_hash(AsBytes(ledger_.genesis_hash()));
  resp->set_max_tx_horizon_ms(p.max_tx_horizon_ms);
  resp->set_pending_txs(static_cast<uint32_t>(committer_.pending_count()));
  resp->set_suite(p.suite);
  ReplicationView r = committer_.replication();
  resp->set_role(std::string(consensus::RoleName(r.raft.role)));
  resp->set_term(r.raft.term);
  resp->set_leader_id(r.leader_id);
  resp->set_leader_address(r.leader_address);
  resp->set_commit_index(r.raft.commit);
  resp->set_applied_index(ledger_.applied_index());
  resp->set_last_index(r.raft.last_index);
  resp->set_halted(r.halted);
  for (const auto& f : r.raft.progress) {
    const Member* m = committer_.members().ByRaftId(f.id);
    v1::PeerProgress* p = resp->add_peers();
    p->set_node_id(m ? m->node_id : std::to_string(f.id));
    p->set_match_index(f.match);
    p->set_lag(r.raft.last_index > f.match ? r.raft.last_index - f.match : 0);
    p->set_active(f.recent_active);
  }
  LabelRead(ctx);
  return grpc::Status::OK;
}

grpc::Status RegistryService::GetTx(grpc::ServerContext* ctx, const v1::GetTxRequest* req,
                                    v1::TxRecord* resp) {
  LabelRead(ctx);
  auto id = ToHash32(req->tx_id());
  if (!id) {
    return ToGrpc(ctx, Status(v1::INVALID_ARGUMENT, "tx_id must be 32 bytes (64 hex digits)"));
  }
  auto rec = ledger_.GetTx(*id);
  if (!rec.ok()) return ToGrpc(ctx, rec.status());
  *resp = std::move(*rec);
  return grpc::Status::OK;
}

grpc::Status RegistryService::GetBlock(grpc::ServerContext* ctx, const v1::GetBlockRequest* req,
                                       v1::Block* resp) {
  LabelRead(ctx);
  uint64_t height = req->latest() ? ledger_.head().height : req->height();
  auto block = ledger_.GetBlock(height);
  if (!block.ok()) {
    Status st = block.status();
    if (st.code() == v1::NOT_FOUND) {
      st = Status(v1::NOT_FOUND, st.message() + "; the head is at height " +
                                     std::to_string(ledger_.head().height));
    }
    return ToGrpc(ctx, st);
  }
  *resp = std::move(*block);
  return grpc::Status::OK;
}

grpc::Status RegistryService::GetAccount(grpc::ServerContext* ctx, const v1::GetAccountRequest* req,
                                         v1::Account* resp) {
  LabelRead(ctx);
  AccountRecord rec;
  grpc::Status s = LoadOr(ctx, ledger_, keys::Account(req->id()), v1::UNKNOWN_ACCOUNT,
                          "account '" + req->id() + "' does not exist", &rec);
  if (!s.ok()) return s;
  *resp = rec.ToProto();
  return FillAccountGovernance(ctx, resp);
}

grpc::Status RegistryService::GetHoldings(grpc::ServerContext* ctx,
                                          const v1::GetHoldingsRequest* req, v1::Holdings* resp) {
  LabelRead(ctx);
  AccountRecord rec;
  grpc::Status s = LoadOr(ctx, ledger_, keys::Account(req->account()), v1::UNKNOWN_ACCOUNT,
                          "account '" + req->account() + "' does not exist", &rec);
  if (!s.ok()) return s;
  const uint32_t limit =
      req->limit() == 0 ? kDefaultHoldingsPage : std::min(req->limit(), kMaxHoldingsPage);
  auto page = ReadHoldingsPage(ledger_, req->account(), req->after_serial(), limit);
  if (!page.ok()) return ToGrpc(ctx, page.status());
  resp->set_account(req->account());
  for (const HeldRange& r : page->ranges) {
    auto* out = resp->add_holdings();
    out->set_batch_id(r.batch_id);
    out->mutable_range()->set_first(r.first);
    out->mutable_range()->set_last(r.last);
  }
  resp->set_total(page->summary.units);
  resp->set_range_count(page->summary.ranges);
  resp->set_next_after_serial(page->next_after_serial);
  return grpc::Status::OK;
}

grpc::Status RegistryService::GetRetirement(grpc::ServerContext* ctx,
                                            const v1::GetRetirementRequest* req,
                                            v1::RetirementRecord* resp) {
  LabelRead(ctx);
  RetirementRecordData rec;
  grpc::Status s = LoadOr(ctx, ledger_, keys::Retirement(req->id()), v1::UNKNOWN_RETIREMENT,
                          "retirement " + std::to_string(req->id()) + " does not exist", &rec);
  if (s.ok()) *resp = rec.ToProto();
  return s;
}

}  // namespace lincao::node
