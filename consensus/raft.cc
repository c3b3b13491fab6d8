#include "consensus/raft.h"

#include <algorithm>
#include <utility>

#include "consensus/check.h"

namespace lincao::consensus {
namespace {

bool IsVoteRequest(MessageType t) { return t == pb::MSG_VOTE || t == pb::MSG_PRE_VOTE; }

bool IsVoteResponse(MessageType t) { return t == pb::MSG_VOTE_RESP || t == pb::MSG_PRE_VOTE_RESP; }

MessageType VoteResponseType(MessageType request) {
  return request == pb::MSG_VOTE ? pb::MSG_VOTE_RESP : pb::MSG_PRE_VOTE_RESP;
}

size_t Quorum(size_t voters) { return voters / 2 + 1; }

}  // namespace

Raft::Raft(const Config& config)
    : id_(config.id),
      config_(config),
      random_(config.random),
      log_(config.storage, config.max_committed_bytes_per_ready),
      read_only_(config.max_pending_read_index) {
  LINCAO_CHECK(config.Validate().ok(), "invalid consensus config");
  HardState hs;
  ConfState cs;
  uint64_t conf_index = 0;
  LINCAO_CHECK(config.storage->InitialState(&hs, &cs, &conf_index).ok(),
               "storage has no initial state");
  LINCAO_CHECK(conf_index + 1 >= config.storage->FirstIndex(),
               "storage compacted beyond its snapshot");
  LINCAO_CHECK(conf_index <= config.storage->LastIndex(), "snapshot beyond the persisted log");
  // The snapshot's configuration is the one in force at its index; only
  // changes after it are replayed (entries kept below it are already inside).
  if (config.planted_bugs.replay_conf_inside_snapshot) {
    // BUG: the snapshot's configuration is taken as the one at the first
    // kept entry, and changes inside the snapshot apply again.
    membership_.Reset(config.storage->FirstIndex() - 1, cs);
    ReplayConfEntries(config.storage->FirstIndex());
  } else {
    membership_.Reset(conf_index, cs);
    ReplayConfEntries(conf_index + 1);
  }
  term_ = hs.term();
  vote_ = hs.vote();
  if (log_.LastTerm() > term_) {
    // A write that persisted entries but not the hard state that came with
    // them (storage without atomic batches, or a torn write): the node had
    // adopted the entries' term before crashing. Resume in it, without a vote
    // (none was sent: messages go out only after the whole Ready is durable).
    term_ = log_.LastTerm();
    vote_ = kNone;
  }
  // Applied entries were committed cluster-wide, so a commit index persisted
  // a little behind the application is safely raised to it.
  log_.InitCursors(std::max(hs.commit(), config.applied), config.applied);
  BecomeFollower(term_, kNone);
}

void Raft::ReplayConfEntries(uint64_t from) {
  const Storage* storage = config_.storage;
  uint64_t lo = std::max(from, storage->FirstIndex());
  const uint64_t hi = storage->LastIndex() + 1;
  std::vector<Entry> chunk;
  while (lo < hi) {
    LINCAO_CHECK(storage->Entries(lo, hi, config_.max_msg_bytes, &chunk).ok(),
                 "cannot read the persisted log");
    for (const Entry& e : chunk) membership_.OnAppend(e);
    lo += chunk.size();
  }
}

HardState Raft::hard_state() const {
  HardState hs;
  hs.set_term(term_);
  hs.set_vote(vote_);
  hs.set_commit(log_.committed());
  return hs;
}

bool Raft::Promotable() const {
  if (log_.UnstableSnapshot().has_value()) return false;
  if (membership_.IsVoter(id_)) return true;
  // A voter whose removal is still uncommitted may be the only node holding
  // that entry, and then no one else can win; so it keeps campaigning until
  // the removal commits (thesis §4.2.2). If it wins it leads without
  // counting itself, commits the removal and steps down (MaybeCommit).
  ConfState committed;
  if (!membership_.At(log_.committed(), &committed).ok()) return false;
  const auto& voters = committed.voters();
  return std::find(voters.begin(), voters.end(), id_) != voters.end();
}

// ---------------------------------------------------------------------------
// Role changes.

void Raft::ResetRandomizedElectionTimeout() {
  const auto et = static_cast<uint64_t>(config_.election_ticks);
  randomized_election_timeout_ = static_cast<int>(et + random_->Uniform(et));
}

void Raft::ResetForTerm(uint64_t term) {
  if (term_ != term) {
    term_ = term;
    vote_ = kNone;
  }
  lead_ = kNone;
  election_elapsed_ = 0;
  heartbeat_elapsed_ = 0;
  ResetRandomizedElectionTimeout();
  AbortLeaderTransfer();
  votes_.clear();
  progress_.clear();
  uncommitted_bytes_ = 0;
  // Reads this node held as leader will not be answered: say so, so that
  // every ReadIndex ends in an answer or an error.
  for (ReadOnly::Request& req : read_only_.Reset()) {
    FailRead(req.from, std::move(req.context), "leadership lost before the read was confirmed");
  }
  std::vector<Message> waiting;
  waiting.swap(pending_reads_);
  for (Message& m : waiting) {
    FailRead(m.from() == kNone ? id_ : m.from(), std::move(*m.mutable_entries(0)->mutable_data()),
             "leadership lost before its first commit");
  }
}

Status Raft::RefuseForwardedRead(const Message& m, const char* why) {
  if (m.from() != kNone && m.from() != id_ && m.entries_size() == 1) {
    FailRead(m.from(), m.entries(0).data(), why);
  }
  return Status(Code::kProposalDropped, why);
}

void Raft::FailRead(NodeId from, std::string context, const char* why) {
  if (from == id_ || from == kNone) {
    read_states_.push_back(ReadState{0, std::move(context), Status(Code::kProposalDropped, why)});
    return;
  }
  Message resp;
  resp.set_type(pb::MSG_READ_INDEX_RESP);
  resp.set_to(from);
  resp.set_reject(true);
  resp.set_context(std::move(context));
  Send(std::move(resp));
}

void Raft::BecomeFollower(uint64_t term, NodeId lead) {
  ResetForTerm(term);
  lead_ = lead;
  role_ = Role::kFollower;
}

void Raft::BecomePreCandidate() {
  LINCAO_CHECK(role_ != Role::kLeader, "leader cannot become a pre-candidate");
  // A pre-vote neither raises the term nor spends the vote.
  if (config_.planted_bugs.precandidate_raises_term) {
    term_ += 1;  // BUG: a failed pre-vote still leaves the node in a higher term
    vote_ = kNone;
  }
  votes_.clear();
  progress_.clear();
  lead_ = kNone;
  role_ = Role::kPreCandidate;
}

void Raft::BecomeCandidate() {
  LINCAO_CHECK(role_ != Role::kLeader, "leader cannot become a candidate");
  ResetForTerm(term_ + 1);
  vote_ = id_;
  role_ = Role::kCandidate;
}

void Raft::BecomeLeader() {
  LINCAO_CHECK(role_ == Role::kCandidate, "only a candidate becomes leader");
  ResetForTerm(term_);
  lead_ = id_;
  role_ = Role::kLeader;
  ResetProgress();
  // The no-op of the new term: once it commits, so has everything before it.
  Entry noop;
  noop.set_type(pb::ENTRY_NORMAL);
  AppendEntries({std::move(noop)});
}

void Raft::ResetProgress() {
  progress_.clear();
  SyncProgressWithMembership();
}

void Raft::SyncProgressWithMembership() {
  const ConfState& conf = membership_.Current();
  const uint64_t last = log_.LastIndex();
  auto ensure = [&](NodeId id, bool learner) {
    auto it = progress_.find(id);
    if (it == progress_.end()) {
      it = progress_
               .emplace(id, Progress(last + 1, config_.max_inflight_msgs,
                                     config_.max_inflight_bytes, learner))
               .first;
      if (id == id_) {
        // The leader's own copy counts toward a quorum only once durable:
        // its entries may still be on their way to disk (OnStable).
        it->second.MaybeUpdate(log_.StableIndex());
        it->second.BecomeReplicate();
        it->second.set_recent_active(true);
      }
    }
    it->second.set_is_learner(learner);
  };
  for (NodeId v : conf.voters()) ensure(v, false);
  for (NodeId l : conf.learners()) ensure(l, true);
  for (auto it = progress_.begin(); it != progress_.end();) {
    if (!membership_.IsMember(it->first)) {
      it = progress_.erase(it);
    } else {
      ++it;
    }
  }
}

void Raft::OnMembershipChanged() {
  if (role_ != Role::kLeader) return;
  SyncProgressWithMembership();
  if (lead_transferee_ != kNone && !membership_.IsVoter(lead_transferee_)) AbortLeaderTransfer();
  // The quorum may have shrunk (a slow voter removed).
  if (MaybeCommit() && role_ == Role::kLeader) BcastAppend();
}

// ---------------------------------------------------------------------------
// Elections.

Status Raft::Campaign() {
  if (role_ == Role::kLeader) return Status::Ok();
  if (!Promotable()) return Status(Code::kProposalDropped, "node cannot campaign");
  StartCampaign(config_.pre_vote ? CampaignKind::kPreElection : CampaignKind::kElection);
  return Status::Ok();
}

void Raft::StartCampaign(CampaignKind kind) {
  if (!Promotable()) return;
  MessageType type;
  uint64_t term;
  if (kind == CampaignKind::kPreElection) {
    BecomePreCandidate();
    type = pb::MSG_PRE_VOTE;
    term = term_ + 1;  // the term a real election would use
  } else {
    BecomeCandidate();
    type = pb::MSG_VOTE;
    term = term_;
  }
  if (Poll(id_, true) == VoteResult::kWon) {
    // A single voter wins alone.
    if (kind == CampaignKind::kPreElection) {
      StartCampaign(CampaignKind::kElection);
    } else {
      BecomeLeader();
      BcastAppend();
    }
    return;
  }
  for (NodeId voter : membership_.Current().voters()) {
    if (voter == id_) continue;
    Message m;
    m.set_type(type);
    m.set_to(voter);
    m.set_term(term);
    m.set_index(log_.LastIndex());
    m.set_log_term(log_.LastTerm());
    if (kind == CampaignKind::kTransfer) m.set_context(std::string(kCampaignTransfer));
    Send(std::move(m));
  }
}

Raft::VoteResult Raft::Poll(NodeId from, bool granted) {
  votes_.emplace(from, granted);  // the first answer of a node counts
  size_t yes = 0;
  size_t no = 0;
  const auto& voters = membership_.Current().voters();
  for (NodeId v : voters) {
    auto it = votes_.find(v);
    if (it == votes_.end()) continue;
    (it->second ? yes : no)++;
  }
  const size_t q = Quorum(static_cast<size_t>(voters.size()));
  if (yes >= q) return VoteResult::kWon;
  if (no >= q || static_cast<size_t>(voters.size()) - no < q) return VoteResult::kLost;
  return VoteResult::kPending;
}

void Raft::HandleVoteRequest(const Message& m) {
  const bool pre = m.type() == pb::MSG_PRE_VOTE;
  bool can_vote =
      vote_ == m.from() || (vote_ == kNone && lead_ == kNone) || (pre && m.term() > term_);
  if (config_.planted_bugs.grant_second_vote && !pre) {
    can_vote = vote_ == m.from() || lead_ == kNone;  // BUG: forgets the vote already cast
  }
  Message resp;
  resp.set_type(VoteResponseType(m.type()));
  resp.set_to(m.from());
  if (can_vote && log_.IsUpToDate(m.index(), m.log_term())) {
    // The response carries the request's term: for a pre-vote that is the
    // future term, which the pre-candidate checks.
    resp.set_term(m.term());
    if (!pre) {
      election_elapsed_ = 0;
      vote_ = m.from();
    }
  } else {
    resp.set_term(term_);
    resp.set_reject(true);
  }
  Send(std::move(resp));
}

// ---------------------------------------------------------------------------
// Step.

Status Raft::Step(const Message& m) {
  const MessageType type = m.type();
  if (m.term() == 0) {
    // Local or forwarded: proposals, reads, transfers. Nothing else is termless.
    if (type != pb::MSG_PROP && type != pb::MSG_READ_INDEX && type != pb::MSG_TRANSFER_LEADER) {
      return Status(Code::kInvalidArgument, "message without a term");
    }
  } else if (m.term() > term_) {
    if (IsVoteRequest(type)) {
      const bool transfer = m.context() == kCampaignTransfer;
      const bool in_lease =
          config_.check_quorum && lead_ != kNone && election_elapsed_ < config_.election_ticks;
      // A leader heard from recently is assumed alive: do not help depose it.
      if (!transfer && in_lease) return Status::Ok();
    }
    if (type == pb::MSG_PRE_VOTE) {
      // Never change term for a pre-vote request.
    } else if (type == pb::MSG_PRE_VOTE_RESP && !m.reject()) {
      // A granted pre-vote carries the future term; the pre-candidate counts it.
    } else if (type == pb::MSG_APP || type == pb::MSG_HEARTBEAT || type == pb::MSG_SNAP) {
      BecomeFollower(m.term(), m.from());
    } else {
      BecomeFollower(m.term(), kNone);
    }
  } else if (m.term() < term_) {
    if (config_.planted_bugs.accept_stale_append && type == pb::MSG_APP &&
        role_ == Role::kFollower) {
      HandleAppend(m);  // BUG: entries of a deposed leader overwrite the current one's
      return Status::Ok();
    }
    if (config_.planted_bugs.ignore_stale_leader) return Status::Ok();  // BUG
    if ((config_.check_quorum || config_.pre_vote) &&
        (type == pb::MSG_HEARTBEAT || type == pb::MSG_APP)) {
      // A stale leader, perhaps back from a partition. Tell it our term so it
      // steps down; otherwise it could keep pre-voting peers out forever.
      Message resp;
      resp.set_type(pb::MSG_APP_RESP);
      resp.set_to(m.from());
      Send(std::move(resp));
    } else if (type == pb::MSG_PRE_VOTE) {
      Message resp;
      resp.set_type(pb::MSG_PRE_VOTE_RESP);
      resp.set_to(m.from());
      resp.set_term(term_);
      resp.set_reject(true);
      Send(std::move(resp));
    }
    return Status::Ok();
  }

  Status status = Status::Ok();
  if (IsVoteRequest(type)) {
    HandleVoteRequest(m);
  } else if (type == pb::MSG_READ_INDEX_RESP) {
    // The answer to a read this node forwarded. It holds whatever role the
    // node has taken since: the index was confirmed by a quorum when asked.
    if (m.reject()) {
      read_states_.push_back(
          ReadState{0, m.context(), Status(Code::kProposalDropped, "read refused by the leader")});
    } else {
      read_states_.push_back(ReadState{m.index(), m.context(), Status::Ok()});
    }
  } else {
    switch (role_) {
      case Role::kLeader:
        status = StepLeader(m);
        break;
      case Role::kPreCandidate:
      case Role::kCandidate:
        status = StepCandidate(m);
        break;
      case Role::kFollower:
        status = StepFollower(m);
        break;
    }
  }
#if LINCAO_DEBUG_INVARIANTS_ON
  CheckInvariants();
#endif
  return status;
}

Status Raft::StepLeader(const Message& m) {
  switch (m.type()) {
    case pb::MSG_PROP:
      return LeaderPropose(m);
    case pb::MSG_READ_INDEX:
      return LeaderReadIndex(m, /*queued=*/false);
    case pb::MSG_TRANSFER_LEADER:
      LeaderTransfer(m);
      return Status::Ok();
    default:
      break;
  }
  auto it = progress_.find(m.from());
  if (it == progress_.end()) return Status(Code::kStepPeerNotFound, "message from a non-member");
  Progress& pr = it->second;
  switch (m.type()) {
    case pb::MSG_APP_RESP:
      LeaderAppendResponse(m, pr);
      break;
    case pb::MSG_HEARTBEAT_RESP:
      LeaderHeartbeatResponse(m, pr);
      break;
    default:
      break;  // votes of finished elections, stray messages
  }
  return Status::Ok();
}

Status Raft::LeaderPropose(const Message& m) {
  if (m.entries_size() == 0) return Status(Code::kInvalidArgument, "empty proposal");
  if (!membership_.IsVoter(id_)) {
    return Status(Code::kProposalDropped, "leader is being removed");
  }
  if (lead_transferee_ != kNone) {
    return Status(Code::kProposalDropped, "leadership transfer in progress");
  }
  std::vector<Entry> entries;
  entries.reserve(static_cast<size_t>(m.entries_size()));
  for (const Entry& e : m.entries()) {
    if (PayloadBytes(e) > config_.max_entry_bytes) {
      return Status(Code::kInvalidArgument, "entry exceeds max_entry_bytes");
    }
    if (e.type() == pb::ENTRY_CONF_CHANGE) {
      if (m.entries_size() != 1) {
        return Status(Code::kInvalidArgument, "a configuration change travels alone");
      }
      if (membership_.LastChangeIndex() > log_.committed() &&
          !config_.planted_bugs.concurrent_conf_changes) {
        return Status(Code::kConfChangePending, "previous configuration change not committed");
      }
      if (log_.TermOrZero(log_.committed()) != term_) {
        return Status(Code::kConfChangePending, "leader has not committed in its term yet");
      }
      ConfChange cc;
      if (!cc.ParseFromString(e.data())) {
        return Status(Code::kInvalidArgument, "unparsable configuration change");
      }
      Status s = Membership::Check(membership_.Current(), cc);
      if (!s.ok()) return s;
    }
    entries.push_back(e);
  }
  if (!AppendEntries(std::move(entries))) {
    return Status(Code::kProposalDropped, "too many uncommitted bytes");
  }
  BcastAppend();
  return Status::Ok();
}

bool Raft::AppendEntries(std::vector<Entry> entries) {
  uint64_t bytes = 0;
  for (const Entry& e : entries) bytes += PayloadBytes(e);
  if (uncommitted_bytes_ > 0 && uncommitted_bytes_ + bytes > config_.max_uncommitted_bytes) {
    return false;
  }
  uncommitted_bytes_ += bytes;
  uint64_t index = log_.LastIndex();
  bool conf_changed = false;
  for (Entry& e : entries) {
    e.set_term(term_);
    e.set_index(++index);
  }
  log_.Append(entries);
  for (const Entry& e : entries) conf_changed |= membership_.OnAppend(e);
  if (conf_changed) SyncProgressWithMembership();
  if (config_.planted_bugs.leader_acks_before_persist) {
    auto self = progress_.find(id_);
    // BUG: the leader counts its own copy before it is durable.
    if (self != progress_.end()) self->second.MaybeUpdate(log_.LastIndex());
  }
  if (conf_changed) {
    OnMembershipChanged();
  } else {
    MaybeCommit();  // a single voter commits alone
  }
  return true;
}

void Raft::LeaderAppendResponse(const Message& m, Progress& pr) {
  pr.set_recent_active(true);
  const NodeId from = m.from();
  if (m.reject()) {
    uint64_t next_probe = m.reject_hint();
    if (m.log_term() > 0) next_probe = log_.FindConflictByTerm(m.reject_hint(), m.log_term());
    if (pr.MaybeDecrTo(m.index(), next_probe)) {
      if (pr.state() == ProgressState::kReplicate) pr.BecomeProbe();
      SendAppend(from);
    }
    return;
  }
  const bool was_paused = pr.IsPaused();
  const bool probe_matched = pr.match() == m.index() && pr.state() == ProgressState::kProbe;
  if (!pr.MaybeUpdate(m.index()) && !probe_matched) return;
  switch (pr.state()) {
    case ProgressState::kProbe:
      pr.BecomeReplicate();
      break;
    case ProgressState::kSnapshot:
      if (pr.match() + 1 >= log_.FirstIndex()) {
        pr.BecomeProbe();
        pr.BecomeReplicate();
      }
      break;
    case ProgressState::kReplicate:
      pr.inflights().FreeLE(m.index());
      break;
  }
  if (MaybeCommit()) {
    if (role_ != Role::kLeader) return;  // our own removal committed
    ReleasePendingReads();
    BcastAppend();
  } else if (was_paused) {
    SendAppend(from);
  }
  auto it = progress_.find(from);
  if (it == progress_.end()) return;
  while (MaybeSendAppend(from, false)) {
  }
  if (from == lead_transferee_ && it->second.match() == log_.LastIndex()) SendTimeoutNow(from);
}

void Raft::LeaderHeartbeatResponse(const Message& m, Progress& pr) {
  pr.set_recent_active(true);
  pr.set_probe_paused(false);
  if (pr.state() == ProgressState::kReplicate && pr.inflights().Full()) {
    // The follower is alive yet the window is full: some MsgApp were lost.
    // Free a slot; the next MsgApp either lands or is rejected, and a
    // rejection sends the follower back to probing from its match.
    pr.inflights().FreeFirstOne();
  }
  if (pr.match() < log_.LastIndex()) SendAppend(m.from());
  // The answer acknowledges the read round its heartbeat carried, and only
  // that one (and, by order, earlier ones): never a round queued after the
  // heartbeat left.
  const uint64_t round = config_.planted_bugs.read_any_heartbeat_ack
                             ? read_only_.LastRound()  // BUG: any answer confirms every read
                             : DecodeReadRound(m.context());
  if (round == 0) return;
  read_only_.RecvAck(m.from(), round);
  MaybeReleaseReads();
}

void Raft::MaybeReleaseReads() {
  const auto& voters = membership_.Current().voters();
  if (voters.empty() || read_only_.size() == 0) return;
  std::vector<uint64_t> rounds;
  rounds.reserve(static_cast<size_t>(voters.size()));
  for (NodeId v : voters) rounds.push_back(read_only_.Acked(v));
  std::sort(rounds.begin(), rounds.end(), std::greater<>());
  ReleaseReads(rounds[Quorum(rounds.size()) - 1]);
}

void Raft::ReleaseReads(uint64_t round) {
  for (ReadOnly::Request& req : read_only_.ReleaseUpTo(round)) {
    if (req.from == id_ || req.from == kNone) {
      read_states_.push_back(ReadState{req.index, std::move(req.context), Status::Ok()});
    } else {
      Message resp;
      resp.set_type(pb::MSG_READ_INDEX_RESP);
      resp.set_to(req.from);
      resp.set_index(req.index);
      resp.set_context(std::move(req.context));
      Send(std::move(resp));
    }
  }
}

Status Raft::LeaderReadIndex(const Message& m, bool queued) {
  if (m.entries_size() != 1) return Status(Code::kInvalidArgument, "a read carries one context");
  const std::string& context = m.entries(0).data();
  const NodeId from = m.from() == kNone ? id_ : m.from();
  // A refusal reaches whoever waits: the local caller through the returned
  // status (unless it was already told OK), a follower through a rejection.
  auto refuse = [&](const char* why) {
    if (queued || from != id_) FailRead(from, context, why);
    return Status(Code::kProposalDropped, why);
  };
  const auto& voters = membership_.Current().voters();
  if ((voters.size() == 1 && voters[0] == id_) || config_.planted_bugs.read_without_quorum) {
    // A lone voter is its own quorum.
    const uint64_t round = read_only_.Add(context, log_.committed(), from);
    if (round == 0) return refuse("too many pending reads (max_pending_read_index)");
    ReleaseReads(round);
    return Status::Ok();
  }
  // Until the leader commits in its term, its commit index may lag the
  // previous leader's: the read waits (bounded) for that first commit.
  if (log_.TermOrZero(log_.committed()) != term_) {
    if (pending_reads_.size() >= config_.max_pending_read_index) {
      return refuse("too many reads waiting for the leader's first commit");
    }
    pending_reads_.push_back(m);
    return Status::Ok();
  }
  const uint64_t round = read_only_.Add(context, log_.committed(), from);
  if (round == 0) return refuse("too many pending reads (max_pending_read_index)");
  read_only_.RecvAck(id_, round);
  BcastHeartbeat(EncodeReadRound(round));
  return Status::Ok();
}

void Raft::ReleasePendingReads() {
  if (pending_reads_.empty() || log_.TermOrZero(log_.committed()) != term_) return;
  std::vector<Message> reads;
  reads.swap(pending_reads_);
  for (const Message& m : reads) (void)LeaderReadIndex(m, /*queued=*/true);
}

void Raft::LeaderTransfer(const Message& m) {
  const NodeId to = m.index();           // MSG_TRANSFER_LEADER carries the transferee in `index`
  if (!membership_.IsVoter(to)) return;  // learners cannot lead
  if (lead_transferee_ != kNone) {
    if (lead_transferee_ == to) return;  // already under way
    AbortLeaderTransfer();
  }
  if (to == id_) return;
  // The transfer must finish within an election timeout or it is abandoned.
  // It has its own clock: restarting the check-quorum one here would let a
  // stream of requests keep an isolated leader in office.
  transfer_elapsed_ = 0;
  lead_transferee_ = to;
  auto it = progress_.find(to);
  if (it == progress_.end()) return;
  // BUG (planted): TimeoutNow to a target that lags, which then loses.
  if (it->second.match() == log_.LastIndex() || config_.planted_bugs.timeout_now_to_lagging) {
    SendTimeoutNow(to);
  } else {
    SendAppend(to);
  }
}

Status Raft::StepCandidate(const Message& m) {
  const MessageType mine = role_ == Role::kPreCandidate ? pb::MSG_PRE_VOTE_RESP : pb::MSG_VOTE_RESP;
  switch (m.type()) {
    case pb::MSG_PROP:
      return Status(Code::kProposalDropped, "no leader");
    case pb::MSG_READ_INDEX:
      return RefuseForwardedRead(m, "no leader");
    case pb::MSG_APP:
      BecomeFollower(m.term(), m.from());
      HandleAppend(m);
      return Status::Ok();
    case pb::MSG_HEARTBEAT:
      BecomeFollower(m.term(), m.from());
      HandleHeartbeat(m);
      return Status::Ok();
    case pb::MSG_SNAP:
      BecomeFollower(m.term(), m.from());
      HandleSnapshot(m);
      return Status::Ok();
    default:
      break;
  }
  if (m.type() != mine) return Status::Ok();
  switch (Poll(m.from(), !m.reject())) {
    case VoteResult::kWon:
      if (role_ == Role::kPreCandidate) {
        StartCampaign(CampaignKind::kElection);
      } else {
        BecomeLeader();
        BcastAppend();
      }
      break;
    case VoteResult::kLost:
      BecomeFollower(term_, kNone);
      break;
    case VoteResult::kPending:
      break;
  }
  return Status::Ok();
}

Status Raft::StepFollower(const Message& m) {
  switch (m.type()) {
    case pb::MSG_READ_INDEX:
      // Only reads asked here are forwarded: a read another node forwarded
      // to a former leader goes back refused, so that every answer reaches
      // the node that asked (Send stamps `from` with this node's id).
      if (m.from() != kNone && m.from() != id_) return RefuseForwardedRead(m, "not the leader");
      [[fallthrough]];
    case pb::MSG_PROP: {
      if (lead_ == kNone) return Status(Code::kProposalDropped, "no leader");
      Message fwd = m;
      fwd.set_to(lead_);
      if (fwd.from() == kNone) fwd.set_from(id_);
      Send(std::move(fwd));
      return Status::Ok();
    }
    case pb::MSG_APP:
      election_elapsed_ = 0;
      lead_ = m.from();
      HandleAppend(m);
      return Status::Ok();
    case pb::MSG_HEARTBEAT:
      election_elapsed_ = 0;
      lead_ = m.from();
      HandleHeartbeat(m);
      return Status::Ok();
    case pb::MSG_SNAP:
      election_elapsed_ = 0;
      lead_ = m.from();
      HandleSnapshot(m);
      return Status::Ok();
    case pb::MSG_TIMEOUT_NOW:
      // Transfers skip pre-vote: the cluster is healthy, a leader asked.
      StartCampaign(CampaignKind::kTransfer);
      return Status::Ok();
    default:
      return Status::Ok();
  }
}

void Raft::HandleAppend(const Message& m) {
  Message resp;
  resp.set_type(pb::MSG_APP_RESP);
  resp.set_to(m.from());
  if (m.index() < log_.committed()) {
    resp.set_index(log_.committed());
    Send(std::move(resp));
    return;
  }
  uint64_t last_new = 0;
  uint64_t first_written = 0;
  if (log_.MaybeAppend(m.index(), m.log_term(), m.commit(), m.entries(), &last_new,
                       &first_written)) {
    if (first_written != 0) {
      membership_.TruncateFrom(first_written);
      for (const Entry& e : m.entries()) {
        if (e.index() >= first_written) membership_.OnAppend(e);
      }
    }
    resp.set_index(last_new);
    Send(std::move(resp));
    return;
  }
  // Rejection with a hint: the largest index whose term is at most the
  // leader's term at m.index(). The leader resumes from there, skipping every
  // entry of a term that cannot match.
  uint64_t hint = std::min(m.index(), log_.LastIndex());
  hint = log_.FindConflictByTerm(hint, m.log_term());
  resp.set_index(m.index());
  resp.set_reject(true);
  resp.set_reject_hint(hint);
  resp.set_log_term(log_.TermOrZero(hint));
  Send(std::move(resp));
}

void Raft::HandleHeartbeat(const Message& m) {
  log_.CommitTo(m.commit());
  Message resp;
  resp.set_type(pb::MSG_HEARTBEAT_RESP);
  resp.set_to(m.from());
  resp.set_context(m.context());
  Send(std::move(resp));
}

void Raft::HandleSnapshot(const Message& m) {
  Message resp;
  resp.set_type(pb::MSG_APP_RESP);
  resp.set_to(m.from());
  if (Restore(m.snapshot())) {
    resp.set_index(log_.LastIndex());
  } else {
    resp.set_index(log_.committed());
  }
  Send(std::move(resp));
}

bool Raft::Restore(const Snapshot& snapshot) {
  const SnapshotMetadata& md = snapshot.metadata();
  if (md.index() <= log_.committed()) return false;
  // A configuration without this node would leave it unable to tell whether
  // it belongs (it may be re-added later in the log). The leader only sends
  // snapshots that contain the target (SendSnapshot); refuse any other.
  const auto& voters = md.conf_state().voters();
  const auto& learners = md.conf_state().learners();
  if (std::find(voters.begin(), voters.end(), id_) == voters.end() &&
      std::find(learners.begin(), learners.end(), id_) == learners.end()) {
    return false;
  }
  if (log_.MatchTerm(md.index(), md.term())) {
    // We already hold the snapshot's last entry: just learn it is committed.
    log_.CommitTo(md.index());
    return false;
  }
  log_.Restore(snapshot);
  membership_.Reset(md.index(), md.conf_state());
  return true;
}

// ---------------------------------------------------------------------------
// Replication.

void Raft::Send(Message m) {
  m.set_from(id_);
  const MessageType t = m.type();
  if (IsVoteRequest(t) || IsVoteResponse(t)) {
    LINCAO_CHECK(m.term() != 0, "vote messages carry an explicit term");
  } else if (t == pb::MSG_PROP || t == pb::MSG_READ_INDEX) {
    m.set_term(0);  // forwarded like a local message
  } else {
    m.set_term(term_);
  }
  // A leader's appends, heartbeats and snapshots promise nothing about its
  // own disk, so they may leave before the Ready that carries them is
  // persisted (see raw_node.h): the parallel append of thesis §10.2.1.
  if (role_ == Role::kLeader && (t == pb::MSG_APP || t == pb::MSG_HEARTBEAT || t == pb::MSG_SNAP)) {
    early_msgs_.push_back(std::move(m));
  } else {
    msgs_.push_back(std::move(m));
  }
}

void Raft::OnStable() {
  if (role_ != Role::kLeader) return;
  auto self = progress_.find(id_);
  if (self == progress_.end()) return;  // a leader being removed counts for nothing
  if (!self->second.MaybeUpdate(log_.StableIndex())) return;
  if (MaybeCommit() && role_ == Role::kLeader) {
    ReleasePendingReads();
    BcastAppend();
  }
}

bool Raft::MaybeSendAppend(NodeId to, bool send_if_empty) {
  auto it = progress_.find(to);
  if (it == progress_.end() || to == id_) return false;
  Progress& pr = it->second;
  if (pr.IsPaused()) return false;
  const uint64_t prev = pr.next() - 1;
  uint64_t prev_term = 0;
  std::vector<Entry> entries;
  Status ts = log_.Term(prev, &prev_term);
  Status es =
      ts.ok() ? log_.Slice(pr.next(), log_.LastIndex() + 1, config_.max_msg_bytes, &entries) : ts;
  if (!ts.ok() || !es.ok()) return SendSnapshot(to, pr);
  if (entries.empty() && !send_if_empty) return false;
  uint64_t bytes = 0;
  for (const Entry& e : entries) bytes += PayloadBytes(e);
  Message m;
  m.set_type(pb::MSG_APP);
  m.set_to(to);
  m.set_index(prev);
  m.set_log_term(prev_term);
  m.set_commit(log_.committed());
  for (Entry& e : entries) *m.add_entries() = std::move(e);
  pr.SentEntries(static_cast<uint64_t>(m.entries_size()), bytes);
  Send(std::move(m));
  return true;
}

bool Raft::SendSnapshot(NodeId to, Progress& pr) {
  // Only to a follower that answers: snapshots are expensive.
  if (!pr.recent_active()) return false;
  Message m;
  m.set_type(pb::MSG_SNAP);
  m.set_to(to);
  Status s = log_.GetSnapshot(m.mutable_snapshot());
  if (s.code() == Code::kSnapshotTemporarilyUnavailable) return false;
  LINCAO_CHECK(s.ok(), "storage failed to return a snapshot");
  LINCAO_CHECK(m.snapshot().metadata().index() != 0, "log compacted without a snapshot");
  const ConfState& in_snapshot = m.snapshot().metadata().conf_state();
  if (std::find(in_snapshot.voters().begin(), in_snapshot.voters().end(), to) ==
          in_snapshot.voters().end() &&
      std::find(in_snapshot.learners().begin(), in_snapshot.learners().end(), to) ==
          in_snapshot.learners().end()) {
    // The follower joined after this snapshot and would refuse it; wait for
    // the application's next snapshot (taken at an applied index that
    // includes the follower's admission).
    return false;
  }
  pr.BecomeSnapshot(m.snapshot().metadata().index());
  Send(std::move(m));
  return true;
}

void Raft::SendHeartbeat(NodeId to, const std::string& context) {
  auto it = progress_.find(to);
  if (it == progress_.end()) return;
  Message m;
  m.set_type(pb::MSG_HEARTBEAT);
  m.set_to(to);
  // Never beyond what the follower is known to hold: it may lag.
  m.set_commit(std::min(it->second.match(), log_.committed()));
  m.set_context(context);
  Send(std::move(m));
}

void Raft::SendTimeoutNow(NodeId to) {
  Message m;
  m.set_type(pb::MSG_TIMEOUT_NOW);
  m.set_to(to);
  Send(std::move(m));
}

void Raft::BcastAppend() {
  for (const auto& [id, pr] : progress_) {
    if (id != id_) SendAppend(id);
  }
}

void Raft::BcastHeartbeat(const std::string& context) {
  for (const auto& [id, pr] : progress_) {
    if (id != id_) SendHeartbeat(id, context);
  }
}

bool Raft::MaybeCommit() {
  const auto& voters = membership_.Current().voters();
  if (voters.empty()) return false;
  std::vector<uint64_t> matches;
  matches.reserve(static_cast<size_t>(voters.size()));
  for (NodeId v : voters) {
    auto it = progress_.find(v);
    matches.push_back(it == progress_.end() ? 0 : it->second.match());
  }
  std::sort(matches.begin(), matches.end(), std::greater<>());
  const uint64_t quorum_index = matches[Quorum(matches.size()) - 1];
  const bool moved =
      log_.MaybeCommit(quorum_index, term_, config_.planted_bugs.commit_without_current_term);
  if (moved && !membership_.IsVoter(id_) && membership_.LastChangeIndex() <= log_.committed() &&
      !config_.planted_bugs.removed_leader_keeps_leading) {
    // Our removal is committed: hand over by stepping down; we never campaign again.
    BcastAppend();  // let followers learn the final commit index
    BecomeFollower(term_, kNone);
  }
  return moved;
}

bool Raft::QuorumActive() const {
  const auto& voters = membership_.Current().voters();
  size_t active = 0;
  for (NodeId v : voters) {
    auto it = progress_.find(v);
    if (v == id_ || (it != progress_.end() && it->second.recent_active())) ++active;
  }
  return active >= Quorum(static_cast<size_t>(voters.size()));
}

// ---------------------------------------------------------------------------
// Time.

void Raft::Tick() {
  if (role_ == Role::kLeader) {
    TickHeartbeat();
  } else {
    TickElection();
  }
#if LINCAO_DEBUG_INVARIANTS_ON
  CheckInvariants();
#endif
}

void Raft::TickElection() {
  ++election_elapsed_;
  if (Promotable() && election_elapsed_ >= randomized_election_timeout_) {
    election_elapsed_ = 0;
    StartCampaign(config_.pre_vote ? CampaignKind::kPreElection : CampaignKind::kElection);
  }
}

void Raft::TickHeartbeat() {
  ++heartbeat_elapsed_;
  ++election_elapsed_;
  if (election_elapsed_ >= config_.election_ticks) {
    election_elapsed_ = 0;
    if (config_.check_quorum) {
      if (!QuorumActive()) {
        BecomeFollower(term_, kNone);
        return;
      }
      for (auto& [id, pr] : progress_) {
        if (id != id_) pr.set_recent_active(false);
      }
    }
  }
  if (lead_transferee_ != kNone && ++transfer_elapsed_ >= config_.election_ticks) {
    AbortLeaderTransfer();  // it did not finish within an election timeout
  }
  if (heartbeat_elapsed_ >= config_.heartbeat_ticks) {
    heartbeat_elapsed_ = 0;
    BcastHeartbeat(EncodeReadRound(read_only_.LastRound()));
  }
}

// ---------------------------------------------------------------------------
// Local inputs.

Status Raft::Propose(std::string data) {
  Message m;
  m.set_type(pb::MSG_PROP);
  m.set_from(id_);
  Entry* e = m.add_entries();
  e->set_type(pb::ENTRY_NORMAL);
  e->set_data(std::move(data));
  return Step(m);
}

Status Raft::ProposeConfChange(const ConfChange& change) {
  Message m;
  m.set_type(pb::MSG_PROP);
  m.set_from(id_);
  Entry* e = m.add_entries();
  e->set_type(pb::ENTRY_CONF_CHANGE);
  LINCAO_CHECK(change.SerializeToString(e->mutable_data()), "cannot encode a ConfChange");
  return Step(m);
}

Status Raft::TransferLeadership(NodeId to) {
  if (to == kNone) return Status(Code::kInvalidArgument, "no transferee");
  Message m;
  m.set_type(pb::MSG_TRANSFER_LEADER);
  m.set_from(id_);  // who asks (a follower forwards it to the leader)
  m.set_index(to);  // the transferee: the message has no log position to carry
  if (role_ == Role::kLeader) return Step(m);
  if (lead_ == kNone) return Status(Code::kProposalDropped, "no leader");
  m.set_to(lead_);
  Send(std::move(m));
  return Status::Ok();
}

Status Raft::ReadIndex(std::string context) {
  if (context.size() > kMaxReadContextBytes) {
    return Status(Code::kInvalidArgument, "read context exceeds kMaxReadContextBytes");
  }
  Message m;
  m.set_type(pb::MSG_READ_INDEX);
  m.set_from(id_);
  m.add_entries()->set_data(std::move(context));
  return Step(m);
}

void Raft::ReportSnapshot(NodeId to, bool delivered) {
  if (role_ != Role::kLeader) return;
  auto it = progress_.find(to);
  if (it == progress_.end() || it->second.state() != ProgressState::kSnapshot) return;
  Progress& pr = it->second;
  if (!delivered) pr.BecomeSnapshot(0);  // forget the pending index: probe from match
  pr.BecomeProbe();
  // Wait for the follower to answer a heartbeat before probing.
  pr.set_probe_paused(true);
}

void Raft::ReportUnreachable(NodeId to) {
  if (role_ != Role::kLeader) return;
  auto it = progress_.find(to);
  if (it != progress_.end() && it->second.state() == ProgressState::kReplicate) {
    it->second.BecomeProbe();
  }
}

std::vector<Message> Raft::TakeEarlyMessages() {
  std::vector<Message> out;
  out.swap(early_msgs_);
  return out;
}

std::vector<Message> Raft::TakeMessages() {
  std::vector<Message> out;
  out.swap(msgs_);
  return out;
}

std::vector<ReadState> Raft::TakeReadStates() {
  std::vector<ReadState> out;
  out.swap(read_states_);
  return out;
}

void Raft::ReduceUncommittedBytes(uint64_t bytes) {
  uncommitted_bytes_ = bytes >= uncommitted_bytes_ ? 0 : uncommitted_bytes_ - bytes;
}

// ---------------------------------------------------------------------------
// Invariants.

void Raft::CheckInvariants(uint64_t tail_entries) const {
  LINCAO_CHECK(log_.applied() <= log_.committed(), "applied beyond committed");
  LINCAO_CHECK(log_.committed() <= log_.LastIndex(), "committed beyond the last index");
  LINCAO_CHECK(log_.FirstIndex() >= 1, "first index is positive");
  if (role_ == Role::kCandidate) LINCAO_CHECK(vote_ == id_, "a candidate votes for itself");
  if (role_ == Role::kLeader) {
    LINCAO_CHECK(lead_ == id_, "a leader knows it leads");
    LINCAO_CHECK(log_.LastTerm() == term_, "a leader's last entry is of its term");
    for (const auto& [id, pr] : progress_) {
      LINCAO_CHECK(membership_.IsMember(id), "progress for a non-member");
      LINCAO_CHECK(pr.match() < pr.next(), "match below next");
      LINCAO_CHECK(pr.match() <= log_.LastIndex(), "follower matched beyond the leader's log");
      if (id == id_ && !config_.planted_bugs.leader_acks_before_persist) {
        LINCAO_CHECK(pr.match() == std::min(log_.StableIndex(), log_.LastIndex()),
                     "a leader's own match is its durable index");
      }
    }
    for (NodeId v : membership_.Current().voters()) {
      LINCAO_CHECK(progress_.count(v) == 1, "voter without progress");
    }
  } else {
    LINCAO_CHECK(progress_.empty(), "only a leader tracks progress");
  }
  // Terms never decrease along the tail of the log.
  const uint64_t last = log_.LastIndex();
  const uint64_t from = std::max(log_.FirstIndex(), last > tail_entries ? last - tail_entries : 1);
  uint64_t prev_term = log_.TermOrZero(from - 1);
  for (uint64_t i = from; i <= last; ++i) {
    const uint64_t t = log_.TermOrZero(i);
    LINCAO_CHECK(t >= prev_term && t <= term_, "log terms must not decrease nor pass ours");
    prev_term = t;
  }
}

}  // namespace lincao::consensus
