#include "node/committer.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include <chrono>
#include <map>

#include "chaincode/admission.h"
#include "chaincode/block.h"
#include "chaincode/limits.h"
#include "node/log.h"

namespace lincao::node {

uint64_t WallClockMs() {
  using namespace std::chrono;
  return static_cast<uint64_t>(
      duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

void TxTicket::Complete(TxOutcome outcome) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    outcome_ = std::move(outcome);
  }
  cv_.notify_all();
}

std::optional<TxOutcome> TxTicket::Wait(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, timeout, [&] { return outcome_.has_value(); });
  return outcome_;
}

Committer::Committer(const Config& config, LedgerStore& ledger, RaftLogStore& log, KeyFile node_key)
    : config_(config),
      ledger_(ledger),
      log_(log),
      node_key_(std::move(node_key)),
      suite_(*FindSuite(ledger.params().suite)),
      timer_(io_) {}

Committer::~Committer() { Stop(); }

Status Committer::Recover() {
  const uint64_t first = ledger_.applied_index() + 1;
  const uint64_t last = log_.LastIndex();
  if (first > last) return Status::Ok();
  spdlog::info("event=recovery_start from_index={} to_index={} entries={}", first, last,
               last - first + 1);
  auto started = std::chrono::steady_clock::now();
  auto last_report = started;
  for (uint64_t i = first; i <= last; ++i) {
    auto entry = log_.Get(i);
    if (!entry.ok()) return entry.status();
    auto built = ApplyEntry(*entry);
    if (!built.ok()) return built.status();
    auto now = std::chrono::steady_clock::now();
    if (now - last_report > std::chrono::seconds(2) || i == last) {
      spdlog::info("event=recovery_progress index={} of={} height={}", i, last,
                   ledger_.head().height);
      last_report = now;
    }
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  started)
                .count();
  spdlog::info("event=recovery_done entries={} height={} ms={}", last - first + 1,
               ledger_.head().height, ms);
  return Status::Ok();
}

void Committer::Start() {
  thread_ = std::thread([this] {
    auto guard = boost::asio::make_work_guard(io_);
    io_.run();
  });
}

void Committer::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    accepting_ = false;
  }
  if (!thread_.joinable()) return;  // never started: nothing to drain
  // Commit what was admitted, then let the thread leave io_.run().
  boost::asio::post(io_, [this] {
    timer_.cancel();
    for (;;) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (queue_.empty() || !failed_.ok()) break;
      }
      CutAndCommit();
    }
    io_.stop();
  });
  thread_.join();
}

Result<Admitted> Committer::Submit(const v1::SignedTx& tx) {
  // The bytes the batch will carry; admission judges exactly these.
  std::string bytes = tx.SerializeAsString();
  auto decoded = DecodeSignedTx(bytes, config_.max_tx_bytes, suite_);
  if (!decoded.ok()) return decoded.status();
  // Expiry, signatures, and a dry run of the rules against committed state:
  // a transaction chaincode would certainly refuse takes no block space.
  LINCAO_RETURN_IF_ERROR(CheckAdmission(
      ledger_.params(), ledger_, ledger_.head_header().height() + 1, NextBlockTimeMs(), *decoded));

  Pending p{std::move(bytes), decoded->id, std::make_shared<TxTicket>()};
  bool already_committed = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!failed_.ok()) return failed_;
    if (!accepting_) return Status(v1::NOT_READY, "node is shutting down; retry on restart");
    if (pending_ids_.count(p.id)) {
      return Status(v1::DUPLICATE_TX, "transaction " + ToHex(p.id) + " is already pending");
    }
    // Checked under the lock: the commit thread erases a pending id only
    // after its block is written, so a replay is caught by one check or the other.
    already_committed = ledger_.IsCommitted(p.id);
    if (!already_committed) {
      if (queue_.size() >= config_.max_pending_txs) {
        return Status(v1::OVERLOADED, "admission queue is full (" +
                                          std::to_string(config_.max_pending_txs) +
                                          " transactions); retry shortly");
      }
      pending_ids_.insert(p.id);
      queue_.push_back(p);
    }
  }
  if (already_committed) {
    // The block read for the message happens outside the admission lock.
    auto rec = ledger_.GetTx(p.id);
    std::string where = rec.ok() ? " in block " + std::to_string(rec->height()) : "";
    return Status(v1::DUPLICATE_TX, "transaction " + ToHex(p.id) + " is already committed" + where +
                                        "; query it with `lincao query tx " + ToHex(p.id) + "`");
  }
  boost::asio::post(io_, [this] { Kick(); });
  return Admitted{p.id, p.ticket};
}

uint64_t Committer::NextBlockTimeMs() const {
  return ClampBlockTime(WallClockMs(), ledger_.head_time_ms());
}

size_t Committer::pending_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

void Committer::Kick() {
  size_t queued;
  {
    std::lock_guard<std::mutex> lock(mu_);
    queued = queue_.size();
  }
  if (queued == 0) return;
  if (queued >= config_.batch_max_txs || config_.batch_max_delay_ms == 0) {
    CutAndCommit();
    boost::asio::post(io_, [this] { Kick(); });
    return;
  }
  if (timer_armed_) return;
  timer_armed_ = true;
  timer_.expires_after(std::chrono::milliseconds(config_.batch_max_delay_ms));
  timer_.async_wait([this](const boost::system::error_code& ec) {
    timer_armed_ = false;
    if (ec) return;
    CutAndCommit();
    Kick();
  });
}

void Committer::FailAll(std::vector<Pending>& batch, const Status& why) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& p : batch) {
    pending_ids_.erase(p.id);
    p.ticket->Complete({TxOutcome::Kind::kDropped, 0, why});
  }
  for (auto& p : queue_) {
    pending_ids_.erase(p.id);
    p.ticket->Complete({TxOutcome::Kind::kDropped, 0, why});
  }
  queue_.clear();
}

v1::Commit Committer::SignHead(const ChainHead& head) const {
  v1::Commit c;
  c.set_height(head.height);
  c.set_block_hash(AsBytes(head.hash));
  auto* sig = c.add_signatures();
  sig->set_node_id(config_.node_id);
  sig->set_suite(node_key_.suite);
  sig->set_signature(
      suite_.Sign(node_key_.secret_key,
                  CommitSigningMessage(ledger_.params().chain_id, head.height, head.hash)));
  return c;
}

void Committer::CutAndCommit() {
  std::vector<Pending> batch;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!failed_.ok()) return;
    size_t bytes = 0;
    while (!queue_.empty() && batch.size() < config_.batch_max_txs &&
           bytes + queue_.front().bytes.size() <= kMaxBatchBytes) {
      bytes += queue_.front().bytes.size();
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
  }
  if (batch.empty()) return;

  v1::Batch b;
  b.set_leader_time_ms(WallClockMs());
  b.set_proposer(config_.node_id);
  for (const auto& p : batch) b.add_txs(p.bytes);
  *b.mutable_last_commit() = SignHead(ledger_.head());
  v1::raft::Entry entry;
  entry.set_term(1);
  entry.set_index(log_.LastIndex() + 1);
  entry.set_type(v1::raft::ENTRY_NORMAL);
  entry.set_data(b.SerializeAsString());

  Status appended = log_.Append({entry});
  Result<BuiltBlock> built = appended.ok() ? ApplyEntry(entry) : Result<BuiltBlock>(appended);
  if (!built.ok()) {
    // The log or the ledger failed: stop committing. What was appended is
    // safe in the log and will be applied on restart.
    spdlog::critical("event=commit_stopped error={}", Quoted(built.status().ToString()));
    Status why(v1::STORAGE_IO, "node stopped committing after a storage error (" +
                                   built.status().message() + "); restart it");
    {
      std::lock_guard<std::mutex> lock(mu_);
      failed_ = why;
    }
    FailAll(batch, why);
    return;
  }

  std::map<Hash32, TxOutcome> outcomes;
  const uint64_t height = built->block.header().height();
  for (int i = 0; i < built->block.results_size(); ++i) {
    const auto& r = built->block.results(i);
    Status st(r.code(), r.message());
    auto kind = st.ok() ? TxOutcome::Kind::kCommitted : TxOutcome::Kind::kRejected;
    outcomes.emplace(built->tx_ids[i], TxOutcome{kind, height, st, r.created_id()});
  }
  // emplace: a dropped copy never hides the outcome of the copy that entered the block.
  for (const auto& d : built->dropped) {
    outcomes.emplace(d.tx_id, TxOutcome{TxOutcome::Kind::kDropped, 0, d.reason});
  }
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& p : batch) {
    pending_ids_.erase(p.id);
    auto it = outcomes.find(p.id);
    p.ticket->Complete(it != outcomes.end()
                           ? it->second
                           : TxOutcome{TxOutcome::Kind::kDropped, 0,
                                       Status(v1::INTERNAL, "transaction lost in apply")});
  }
}

Result<BuiltBlock> Committer::ApplyEntry(const v1::raft::Entry& entry) {
  if (entry.type() != v1::raft::ENTRY_NORMAL || entry.data().empty()) {
    LINCAO_RETURN_IF_ERROR(ledger_.MarkApplied(entry.index()));
    return BuiltBlock{};
  }
  auto built = BuildBlock(ledger_.params(), ledger_.head(), ledger_, ledger_, entry.data());
  if (!built.ok()) return built.status();
  if (!built->made) {
    LINCAO_RETURN_IF_ERROR(ledger_.MarkApplied(entry.index()));
    spdlog::info("event=batch_empty index={} dropped={}", entry.index(), built->dropped.size());
    return built;
  }
  LINCAO_RETURN_IF_ERROR(ledger_.CommitBlock(*built, entry.index()));
  size_t rejected = 0;
  for (const auto& r : built->block.results()) rejected += r.code() != v1::OK;
  spdlog::info("event=block_committed height={} txs={} rejected={} dropped={} hash={} index={}",
               built->block.header().height(), built->block.txs_size(), rejected,
               built->dropped.size(), ToHex(built->hash), entry.index());
  for (const auto& d : built->dropped) {
    spdlog::debug("event=tx_dropped tx={} code={} reason={}", ToHex(d.tx_id), d.reason.code_name(),
                  Quoted(d.reason.message()));
  }
  return built;
}

}  // namespace lincao::node
