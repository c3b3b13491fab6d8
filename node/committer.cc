#include "node/committer.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include <chrono>
#include <future>

#include "chaincode/admission.h"
#include "chaincode/block.h"
#include "chaincode/limits.h"
#include "node/log.h"

namespace lincao::node {

namespace cs = consensus;

uint64_t WallClockMs() {
  using namespace std::chrono;
  return static_cast<uint64_t>(
      duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

void TxTicket::Complete(TxOutcome outcome) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (outcome_.has_value()) return;  // the first outcome stands
    outcome_ = std::move(outcome);
  }
  cv_.notify_all();
}

std::optional<TxOutcome> TxTicket::Wait(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, timeout, [&] { return outcome_.has_value(); });
  return outcome_;
}

Committer::Committer(const Config& config, LedgerStore& ledger, RaftStorage& storage,
                     KeyFile node_key, Members members)
    : config_(config),
      ledger_(ledger),
      storage_(storage),
      node_key_(std::move(node_key)),
      suite_(*FindSuite(ledger.params().suite)),
      verified_(config.signature_cache_entries),
      verify_pool_(config.verify_threads != 0
                       ? config.verify_threads
                       : std::max<size_t>(1, std::thread::hardware_concurrency())),
      verify_threads_(config.verify_threads != 0
                          ? config.verify_threads
                          : std::max<size_t>(1, std::thread::hardware_concurrency())),
      members_(std::move(members)),
      batch_timer_(io_),
      votes_(suite_, ledger.params().chain_id, &verified_) {
  self_ = members_.ByNodeId(config_.node_id);
}

Committer::~Committer() { Stop(); }

Status Committer::Recover() {
  if (self_ == nullptr) {
    return Status(v1::INVALID_ARGUMENT,
                  "node '" + config_.node_id + "' is not a node of this chain's genesis");
  }
  if (storage_.empty()) {
    // The genesis snapshot's data names the ledger it stands for.
    LINCAO_RETURN_IF_ERROR(
        storage_.Bootstrap(members_.InitialConf(), AsBytes(ledger_.genesis_hash())));
    spdlog::info("event=raft_bootstrapped voters={} raft_id={}",
                 members_.InitialConf().voters_size(), self_->raft_id);
  }
  cs::Snapshot snap;
  (void)storage_.GetSnapshot(&snap);
  if (snap.metadata().index() == cs::kGenesisIndex &&
      snap.data() != AsBytes(ledger_.genesis_hash())) {
    return Status(v1::STORAGE_FORMAT,
                  "the raft log in " + (config_.data_dir / "raft").string() +
                      " belongs to another chain (its genesis differs from the ledger's)");
  }
  const uint64_t applied = std::max<uint64_t>(ledger_.applied_index(), cs::kGenesisIndex);
  const uint64_t commit = storage_.hard_state().commit();
  if (applied > storage_.LastIndex()) {
    return Status(v1::STORAGE_FORMAT, "the ledger has applied raft index " +
                                          std::to_string(applied) + " but the raft log ends at " +
                                          std::to_string(storage_.LastIndex()) +
                                          "; the raft/ folder is not this ledger's");
  }
  // Entries up to the persisted commit index are known committed: apply
  // them now, before serving. Entries after it may be committed too (the
  // cluster, or this node's next term as sole voter, will say); the Ready
  // loop applies them once it learns so.
  uint64_t applied_now = applied;
  if (commit > applied) {
    recovery_target_ = commit;
    spdlog::info("event=recovery_start from_index={} to_index={} entries={}", applied + 1, commit,
                 commit - applied);
    constexpr uint64_t kRecoveryChunkBytes = 16 << 20;
    while (applied_now < commit) {
      std::vector<cs::Entry> entries;
      cs::Status got = storage_.Entries(applied_now + 1, commit + 1, kRecoveryChunkBytes, &entries);
      if (!got.ok()) {
        return Status(v1::STORAGE_FORMAT, "raft log misses committed entries after index " +
                                              std::to_string(applied_now) + ": " +
                                              std::string(got.message()));
      }
      LINCAO_RETURN_IF_ERROR(ApplyEntries(entries));
      applied_now = entries.back().index();
    }
  }
  RaftLoopOptions opts;
  opts.id = self_->raft_id;
  opts.tick_ms = config_.tick_ms;
  opts.election_ticks = static_cast<int>(config_.election_ticks);
  opts.heartbeat_ticks = 1;
  opts.applied = applied_now;
  opts.seed = WallClockMs() ^ (self_->raft_id << 32);
  cs::ConfState conf = members_.InitialConf();
  opts.campaign_now = conf.voters_size() == 1 && conf.voters(0) == self_->raft_id;
  RaftLoop::Hooks hooks;
  hooks.send = [this](std::vector<cs::Message> msgs) {
    if (transport_ != nullptr) transport_->Send(std::move(msgs));
  };
  hooks.apply = [this](const std::vector<cs::Entry>& entries) { return ApplyEntries(entries); };
  hooks.after_ready = [this] { AfterReady(); };
  loop_ = std::make_unique<RaftLoop>(io_, storage_, opts, std::move(hooks));
  return Status::Ok();
}

void Committer::Start() {
  if (!loop_ || thread_.joinable()) return;
  Status st = loop_->Start();
  if (!st.ok()) {
    spdlog::critical("event=raft_start_failed error={}", Quoted(st.ToString()));
    return;
  }
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
  if (thread_.joinable()) {
    // Give what was admitted a moment to commit, then leave io_.run().
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kStopDrainMs);
    boost::asio::post(io_, [this] { stopping_ = true; });
    for (;;) {
      bool idle;
      {
        std::lock_guard<std::mutex> lock(mu_);
        idle = waiters_.empty() || loop_->halted();
      }
      if (idle || std::chrono::steady_clock::now() > deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    io_.stop();  // run() returns after the handler under way
    thread_.join();
  }
  if (loop_) loop_->Stop();
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [id, w] : waiters_) {
    w.ticket->Complete({TxOutcome::Kind::kDropped, 0,
                        Status(v1::NOT_READY,
                               "node stopped before the transaction committed; "
                               "query it by id or resubmit")});
  }
  waiters_.clear();
  waiter_expiry_.clear();
}

std::string Committer::AddressOf(cs::NodeId id) const {
  const Member* m = members_.ByRaftId(id);
  if (m == nullptr) return "";
  if (m == self_) return config_.grpc_listen;
  for (const PeerConfig& p : config_.peers) {
    if (p.node_id == m->node_id) return p.grpc_address;
  }
  return "";
}

Result<Admitted> Committer::Submit(const v1::SignedTx& tx, bool forward) {
  auto admitted = Admit(tx, forward, nullptr);
  if (admitted.ok()) boost::asio::post(io_, [this] { Kick(); });
  return admitted;
}

std::vector<Result<Admitted>> Committer::SubmitMany(const std::vector<const v1::SignedTx*>& txs,
                                                    bool forward,
                                                    std::vector<std::optional<Hash32>>* ids) {
  std::vector<Result<Admitted>> out;
  out.reserve(txs.size());
  ids->assign(txs.size(), std::nullopt);
  bool any = false;
  for (size_t i = 0; i < txs.size(); ++i) {
    out.push_back(Admit(*txs[i], forward, &(*ids)[i]));
    any = any || out.back().ok();
  }
  if (any) boost::asio::post(io_, [this] { Kick(); });
  return out;
}

Result<Admitted> Committer::Admit(const v1::SignedTx& tx, bool forward,
                                  std::optional<Hash32>* id_out) {
  // The bytes the batch will carry; admission judges exactly these.
  std::string bytes = tx.SerializeAsString();
  auto decoded = DecodeSignedTx(bytes, config_.max_tx_bytes, suite_);
  if (!decoded.ok()) return decoded.status();
  if (id_out != nullptr) *id_out = decoded->id;
  // A retry of a committed tx is a duplicate before anything state-dependent
  // is judged: its keys may have been rotated since, and the client must
  // learn the original outcome, not a signature error.
  if (ledger_.IsCommitted(decoded->id)) return AlreadyCommitted(decoded->id);
  // Expiry, signatures, and a dry run of the rules against committed state:
  // a transaction chaincode would certainly refuse takes no block space. One
  // snapshot for all of it: apply commits blocks meanwhile, and reads that
  // straddle a block would see a state no block ever had.
  {
    const uint64_t next_height = ledger_.head_header().height() + 1;
    std::unique_ptr<StateReader> state = ledger_.ReadSnapshot();
    LINCAO_RETURN_IF_ERROR(CheckAdmission(ledger_.params(), *state, next_height, NextBlockTimeMs(),
                                          *decoded, &verified_));
  }
  if (loop_ && loop_->halted()) {
    return Status(v1::NOT_READY, "this node halted replication (see its log); submit elsewhere");
  }
  if (!forward && loop_) {
    cs::NodeStatus st = loop_->status();
    if (st.role != cs::Role::kLeader) {
      std::string where = st.leader == cs::kNone
                              ? "no leader is known yet; retry shortly"
                              : "the leader is " + members_.ByRaftId(st.leader)->node_id + " at " +
                                    AddressOf(st.leader);
      return Status(v1::NOT_LEADER, "this node does not lead: " + where);
    }
  }

  const Hash32 id = decoded->id;
  auto ticket = std::make_shared<TxTicket>();
  bool already_committed = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!accepting_) return Status(v1::NOT_READY, "node is shutting down; retry on restart");
    if (waiters_.count(id) || queued_ids_.count(id)) {
      return Status(v1::DUPLICATE_TX, "transaction " + ToHex(id) + " is already pending");
    }
    // Checked under the lock: apply settles waiters under it after the
    // block is written, so a replay is caught by one check or the other.
    already_committed = ledger_.IsCommitted(id);
    if (!already_committed) {
      if (waiters_.size() >= config_.max_pending_txs || queue_.size() >= config_.max_pending_txs) {
        return Status(v1::OVERLOADED, "admission queue is full (" +
                                          std::to_string(config_.max_pending_txs) +
                                          " transactions); retry shortly");
      }
      waiters_.emplace(id, Waiter{ticket, waiter_expiry_.emplace(decoded->tx.expiry_ms(), id)});
      queued_ids_.insert(id);
      queue_.push_back(Pending{std::move(bytes), id});
    }
  }
  if (already_committed) return AlreadyCommitted(id);
  return Admitted{id, ticket};
}

Status Committer::AlreadyCommitted(const Hash32& id) const {
  auto rec = ledger_.GetTx(id);
  std::string where = rec.ok() ? " in block " + std::to_string(rec->height()) : "";
  return Status(v1::DUPLICATE_TX, "transaction " + ToHex(id) + " is already committed" + where +
                                      "; query it with `lincao query tx " + ToHex(id) + "`");
}

void Committer::OnRaftMessage(cs::Message message) {
  boost::asio::post(io_, [this, m = std::move(message)] {
    if (!loop_ || loop_->halted()) return;
    (void)loop_->raw().Step(m);  // a refused message (stale, unknown peer) changes nothing
    loop_->Drive();
  });
}

void Committer::OnVote(v1::CommitVote vote) {
  boost::asio::post(io_, [this, v = std::move(vote)] {
    spdlog::debug("event=vote_received from={} height={}", v.signature().node_id(), v.height());
    if (votes_.Add(v)) Kick();
  });
}

void Committer::OnForwardedTxs(std::vector<std::string> txs) {
  boost::asio::post(io_, [this, txs = std::move(txs)] {
    size_t taken = 0;
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (const std::string& bytes : txs) {
        if (queue_.size() >= config_.max_pending_txs) break;  // the sender's client retries
        auto decoded = DecodeSignedTx(bytes, kMaxTxBytes, suite_);
        if (!decoded.ok() || queued_ids_.count(decoded->id) || ledger_.IsCommitted(decoded->id)) {
          continue;
        }
        queued_ids_.insert(decoded->id);
        queue_.push_back(Pending{bytes, decoded->id});
        ++taken;
      }
    }
    if (taken > 0) Kick();
  });
}

uint64_t Committer::NextBlockTimeMs() const {
  return ClampBlockTime(WallClockMs(), ledger_.head_time_ms());
}

size_t Committer::pending_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return std::max(queue_.size(), waiters_.size());
}

ReplicationView Committer::replication() const {
  ReplicationView v;
  if (!loop_) return v;
  v.raft = loop_->status();
  v.halted = loop_->halted();
  if (const Member* m = members_.ByRaftId(v.raft.leader)) {
    v.leader_id = m->node_id;
    v.leader_address = AddressOf(v.raft.leader);
  }
  return v;
}

// ---- Ready-loop thread ----------------------------------------------------

void Committer::Kick() {
  if (!loop_ || loop_->halted()) return;
  MaybePropose(loop_->status());
  loop_->Drive();
}

void Committer::AfterReady() {
  cs::NodeStatus st = loop_->status();
  if (st.leader != last_leader_) {
    if (last_leader_ == self_->raft_id && !in_flight_.empty()) {
      // Leadership lost with a batch in flight: it may commit under the new
      // leader or be lost; queue its txs again (apply drops a second copy).
      std::lock_guard<std::mutex> lock(mu_);
      for (auto it = in_flight_.rbegin(); it != in_flight_.rend(); ++it) {
        if (queued_ids_.insert(it->id).second) queue_.push_front(std::move(*it));
      }
      in_flight_.clear();
      in_flight_index_ = 0;
    }
    spdlog::info("event=leader_changed leader={} term={} role={}",
                 st.leader == cs::kNone ? "none" : members_.ByRaftId(st.leader)->node_id, st.term,
                 cs::RoleName(st.role));
    last_leader_ = st.leader;
    if (st.leader != cs::kNone && st.leader != self_->raft_id) SendOwnVote(st.leader);
  }
  // The head moves on the apply thread; votes follow it here.
  {
    ChainHead head = ledger_.head();
    if (head.height != head_seen_height_ || head.hash != head_seen_hash_) OnHeadMoved(head);
  }
  if (st.leader != cs::kNone && st.leader != self_->raft_id &&
      std::chrono::steady_clock::now() - last_vote_sent_ >
          std::chrono::milliseconds(kVoteResendMs)) {
    SendOwnVote(st.leader);
  }
  MaybePropose(st);
}

void Committer::OnHeadMoved(const ChainHead& head) {
  head_seen_height_ = head.height;
  head_seen_hash_ = head.hash;
  votes_.SetHead(head.height, head.hash, head.voters);
  bool voter = false;
  for (const NodeRecord& v : head.voters) voter = voter || (v.id == config_.node_id && v.voter);
  own_vote_.reset();
  if (!voter) return;
  own_vote_ = SignCommitVote(suite_, ledger_.params().chain_id, config_.node_id, node_key_.suite,
                             node_key_.secret_key, head.height, head.hash);
  votes_.Add(*own_vote_, /*signed_here=*/true);
  cs::NodeId leader = loop_->status().leader;
  if (leader != cs::kNone && leader != self_->raft_id) SendOwnVote(leader);
}

void Committer::SendOwnVote(cs::NodeId leader) {
  if (!own_vote_ || transport_ == nullptr) return;
  transport_->SendVote(leader, *own_vote_);
  last_vote_sent_ = std::chrono::steady_clock::now();
}

void Committer::ForwardQueued(cs::NodeId leader) {
  if (transport_ == nullptr) return;
  std::vector<std::string> txs;
  {
    std::lock_guard<std::mutex> lock(mu_);
    while (!queue_.empty() && txs.size() < kMaxForwardTxsPerFrame) {
      queued_ids_.erase(queue_.front().id);
      txs.push_back(std::move(queue_.front().bytes));
      queue_.pop_front();
    }
  }
  if (!txs.empty()) transport_->ForwardTxs(leader, std::move(txs));
}

void Committer::MaybePropose(const cs::NodeStatus& st) {
  if (st.role != cs::Role::kLeader) {
    if (st.leader != cs::kNone) ForwardQueued(st.leader);
    return;
  }
  size_t queued;
  {
    std::lock_guard<std::mutex> lock(mu_);
    queued = queue_.size();
  }
  // The batch delay runs from when transactions start waiting, also while
  // a batch is in flight: the time they spend behind that block counts.
  // Started only once the block had applied, it added an idle
  // batch_max_delay_ms to every round under load (5 of ~23 ms at batch 1).
  const bool wait_for_more = queued > 0 && queued < config_.batch_max_txs &&
                             config_.batch_max_delay_ms > 0 && !batch_delay_elapsed_ && !stopping_;
  if (wait_for_more && !batch_timer_armed_) {
    batch_timer_armed_ = true;
    batch_timer_.expires_after(std::chrono::milliseconds(config_.batch_max_delay_ms));
    batch_timer_.async_wait([this](const boost::system::error_code& ec) {
      batch_timer_armed_ = false;
      if (ec) return;
      batch_delay_elapsed_ = true;
      Kick();
    });
  }
  if (in_flight_index_ != 0) {
    if (st.applied < in_flight_index_) return;
    in_flight_.clear();
    in_flight_index_ = 0;
  }
  if (st.applied < st.last_index) return;  // e.g. the new term's empty entry
  if (queued == 0 || wait_for_more) return;
  // The certificate of the head block, signed by a majority of its voters.
  std::optional<v1::Commit> cert = votes_.Certificate();
  if (!cert) return;  // votes arrive and Kick again

  std::vector<Pending> batch;
  {
    std::lock_guard<std::mutex> lock(mu_);
    size_t bytes = 0;
    while (!queue_.empty() && batch.size() < config_.batch_max_txs &&
           bytes + queue_.front().bytes.size() <= config_.batch_max_bytes) {
      bytes += queue_.front().bytes.size();
      queued_ids_.erase(queue_.front().id);
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
  }
  batch_delay_elapsed_ = false;
  if (batch.empty()) return;
  v1::Batch b;
  b.set_leader_time_ms(WallClockMs());
  b.set_proposer(config_.node_id);
  for (const auto& p : batch) b.add_txs(p.bytes);
  *b.mutable_last_commit() = std::move(*cert);
  cs::Status proposed = loop_->raw().Propose(b.SerializeAsString());
  if (!proposed.ok()) {
    spdlog::warn("event=proposal_refused reason={} txs={}", Quoted(proposed.message()),
                 batch.size());
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = batch.rbegin(); it != batch.rend(); ++it) {
      if (queued_ids_.insert(it->id).second) queue_.push_front(std::move(*it));
    }
    return;
  }
  in_flight_ = std::move(batch);
  in_flight_index_ = loop_->raw().Status().last_index;
  spdlog::debug("event=batch_proposed index={} txs={}", in_flight_index_, in_flight_.size());
}

// ---- Apply thread ----------------------------------------------------------

Status Committer::ApplyEntries(const std::vector<cs::Entry>& entries) {
  for (const cs::Entry& entry : entries) {
    auto built = ApplyEntry(entry);
    if (!built.ok()) return built.status();
    Settle(*built);
    if (entry.index() <= recovery_target_) {
      auto now = std::chrono::steady_clock::now();
      if (now - last_progress_log_ > std::chrono::seconds(2) || entry.index() == recovery_target_) {
        spdlog::info("event=recovery_progress index={} of={} height={}", entry.index(),
                     recovery_target_, ledger_.head().height);
        last_progress_log_ = now;
      }
      if (entry.index() == recovery_target_)
        spdlog::info("event=recovery_done index={}", entry.index());
    }
  }
  return Status::Ok();
}

void Committer::Settle(const BuiltBlock& built) {
  std::lock_guard<std::mutex> lock(mu_);
  if (built.made) {
    const uint64_t height = built.block.header().height();
    for (int i = 0; i < built.block.results_size(); ++i) {
      auto it = waiters_.find(built.tx_ids[i]);
      if (it == waiters_.end()) continue;
      const auto& r = built.block.results(i);
      Status st(r.code(), r.message());
      auto kind = st.ok() ? TxOutcome::Kind::kCommitted : TxOutcome::Kind::kRejected;
      FinishWaiter(it, TxOutcome{kind, height, st, r.created_id()});
    }
  }
  for (const auto& d : built.dropped) {
    auto it = waiters_.find(d.tx_id);
    if (it == waiters_.end()) continue;
    if (d.reason.code() == v1::DUPLICATE_TX && ledger_.IsCommitted(d.tx_id)) {
      // A second copy: the outcome is the first copy's.
      auto rec = ledger_.GetTx(d.tx_id);
      if (rec.ok()) {
        Status st(rec->result().code(), rec->result().message());
        FinishWaiter(it,
                     TxOutcome{st.ok() ? TxOutcome::Kind::kCommitted : TxOutcome::Kind::kRejected,
                               rec->height(), st, rec->result().created_id()});
        continue;
      }
    }
    FinishWaiter(it, {TxOutcome::Kind::kDropped, 0, d.reason});
  }
  // A tx whose expiry is before chain time can never land any more.
  const uint64_t chain_time = ledger_.head_time_ms();
  while (!waiter_expiry_.empty() && waiter_expiry_.begin()->first < chain_time) {
    auto it = waiters_.find(waiter_expiry_.begin()->second);
    if (it == waiters_.end()) {  // cannot happen: each waiter erases its own entry
      waiter_expiry_.erase(waiter_expiry_.begin());
      continue;
    }
    FinishWaiter(it, {TxOutcome::Kind::kDropped, 0,
                      Status(v1::EXPIRED, "transaction expired before it committed")});
  }
}

void Committer::FinishWaiter(WaiterMap::iterator it, TxOutcome outcome) {
  it->second.ticket->Complete(std::move(outcome));
  waiter_expiry_.erase(it->second.expiry_at);
  waiters_.erase(it);
}

size_t Committer::expiry_entries() const {
  std::lock_guard<std::mutex> lock(mu_);
  return waiter_expiry_.size();
}

void Committer::PreVerify(const std::string& batch_bytes) {
  if (verified_.capacity() == 0) return;
  v1::Batch batch;
  if (!batch.ParseFromString(batch_bytes) || batch.txs().empty()) return;
  // Chunks of the batch, one per verify thread; each tx's key sets are read
  // from the ledger, which only this (waiting) apply thread writes.
  const size_t n = static_cast<size_t>(batch.txs_size());
  const size_t chunks = std::min(verify_threads_, n);
  std::vector<std::future<void>> done;
  done.reserve(chunks);
  for (size_t c = 0; c < chunks; ++c) {
    auto task = std::make_shared<std::packaged_task<void()>>([this, &batch, c, chunks, n] {
      for (size_t i = c; i < n; i += chunks) {
        auto decoded = DecodeSignedTx(batch.txs(static_cast<int>(i)), kMaxTxBytes, suite_);
        if (decoded.ok()) (void)VerifySignatures(*decoded, ledger_, &verified_);
      }
    });
    done.push_back(task->get_future());
    boost::asio::post(verify_pool_, [task] { (*task)(); });
  }
  for (auto& f : done) f.wait();
}

Result<BuiltBlock> Committer::ApplyEntry(const cs::Entry& entry) {
  if (entry.type() != v1::raft::ENTRY_NORMAL || entry.data().empty()) {
    LINCAO_RETURN_IF_ERROR(ledger_.MarkApplied(entry.index()));
    return BuiltBlock{};
  }
  PreVerify(entry.data());
  auto built =
      BuildBlock(ledger_.params(), ledger_.head(), ledger_, ledger_, entry.data(), &verified_);
  if (!built.ok()) return built.status();
  if (!built->made) {
    LINCAO_RETURN_IF_ERROR(ledger_.MarkApplied(entry.index()));
    spdlog::info("event=batch_empty index={} dropped={}", entry.index(), built->dropped.size());
    return built;
  }
  LINCAO_RETURN_IF_ERROR(ledger_.CommitBlock(*built, entry.index()));
  size_t rejected = 0;
  for (const auto& r : built->block.results()) rejected += r.code() != v1::OK;
  spdlog::info(
      "event=block_committed height={} txs={} rejected={} dropped={} hash={} index={} "
      "certified_by={}",
      built->block.header().height(), built->block.txs_size(), rejected, built->dropped.size(),
      ToHex(built->hash), entry.index(), built->block.last_commit().signatures_size());
  for (const auto& d : built->dropped) {
    spdlog::debug("event=tx_dropped tx={} code={} reason={}", ToHex(d.tx_id), d.reason.code_name(),
                  Quoted(d.reason.message()));
  }
  return built;
}

}  // namespace lincao::node
