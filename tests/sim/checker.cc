#include "checker.h"

#include <algorithm>

#include "sim_hash.h"

namespace lincao::sim {

using consensus::Entry;
using consensus::NodeId;

namespace {
std::string N(NodeId n) { return "node " + std::to_string(n); }
std::string U(uint64_t v) { return std::to_string(v); }
}  // namespace

Checker::Checker(int max_node_id)
    : logs_(static_cast<size_t>(max_node_id + 1)),
      seen_commit_(static_cast<size_t>(max_node_id + 1), 0) {}

uint64_t Checker::ChainAt(NodeId n, uint64_t index) const {
  const NodeLog& log = logs_[n];
  if (index < log.base || index > log.last()) return 0;
  return log.chain[index - log.base];
}

void Checker::OnBootstrap(NodeId n, const consensus::SnapshotMetadata& md, uint64_t state_digest) {
  const uint64_t genesis_chain = Chain(0, md.index()) | 1;  // any fixed non-zero value
  entry_.emplace(std::make_pair(md.index(), md.term()), genesis_chain);
  NodeLog& log = logs_[n];
  log.base = md.index();
  log.chain.assign(1, genesis_chain);
  if (committed_.size() <= md.index()) committed_.resize(md.index() + 1);
  committed_[md.index()] = Committed{genesis_chain, 0};
  seen_commit_[n] = md.index();
  state_.emplace(md.index(), state_digest);
}

void Checker::OnPersistSnapshot(NodeId n, const consensus::SnapshotMetadata& md) {
  auto it = entry_.find({md.index(), md.term()});
  if (it == entry_.end()) {
    Fail("Log Matching: " + N(n) + " installed a snapshot at index " + U(md.index()) + " term " +
         U(md.term()) + " that no node ever persisted");
    return;
  }
  NodeLog& log = logs_[n];
  log.base = md.index();
  log.chain.assign(1, it->second);
}

void Checker::OnPersistEntries(NodeId n, const std::vector<Entry>& entries) {
  if (entries.empty()) return;
  NodeLog& log = logs_[n];
  const uint64_t first = entries.front().index();
  if (first <= log.base || first > log.last() + 1) {
    Fail("Durability: " + N(n) + " persisted entries from " + U(first) + " outside its log (base " +
         U(log.base) + ", last " + U(log.last()) + ")");
    return;
  }
  log.chain.resize(first - log.base);
  for (const Entry& e : entries) {
    const uint64_t h = Chain(Chain(log.chain.back(), e.term()),
                             HashBytes(e.data()) ^ static_cast<uint64_t>(e.type()));
    log.chain.push_back(h);
    auto [it, inserted] = entry_.emplace(std::make_pair(e.index(), e.term()), h);
    if (!inserted && it->second != h) {
      Fail("Log Matching: " + N(n) + " holds index " + U(e.index()) + " term " + U(e.term()) +
           " with a history different from another node's");
      return;
    }
  }
}

void Checker::OnPersistHardState(NodeId n, const consensus::HardState& hs) {
  uint64_t& seen = seen_commit_[n];
  if (hs.commit() <= seen) return;
  for (uint64_t i = seen + 1; i <= hs.commit(); ++i) {
    const uint64_t h = ChainAt(n, i);
    if (h == 0) continue;  // compacted behind a snapshot on this node
    if (committed_.size() <= i) committed_.resize(i + 1);
    Committed& c = committed_[i];
    if (c.chain == 0) {
      c.chain = h;
      c.term = hs.term();
    } else if (c.chain != h) {
      Fail("State Machine Safety: " + N(n) + " committed index " + U(i) +
           " with an entry different from the one committed before");
      return;
    } else {
      c.term = std::min(c.term, hs.term());
    }
  }
  seen = hs.commit();
}

void Checker::OnApplyEntry(NodeId n, const Entry& e, uint64_t prev_applied, uint64_t state_digest) {
  if (e.index() != prev_applied + 1) {
    Fail("State Machine Safety: " + N(n) + " applied index " + U(e.index()) + " after " +
         U(prev_applied) + " (the applied index must advance one by one)");
    return;
  }
  auto [it, inserted] = state_.emplace(e.index(), state_digest);
  if (!inserted && it->second != state_digest) {
    Fail("State Machine Safety: " + N(n) + " applied a different entry at index " + U(e.index()) +
         " than another node");
    return;
  }
  // The contract: committed entries are handed out only once durable here.
  const uint64_t prev = ChainAt(n, e.index() - 1);
  const uint64_t expect =
      Chain(Chain(prev, e.term()), HashBytes(e.data()) ^ static_cast<uint64_t>(e.type()));
  if (prev == 0 || ChainAt(n, e.index()) != expect) {
    Fail("Durability: " + N(n) + " applied index " + U(e.index()) +
         " before that entry was durable in its log");
    return;
  }
  if (e.index() < committed_.size() && committed_[e.index()].chain != 0 &&
      committed_[e.index()].chain != expect) {
    Fail("State Machine Safety: " + N(n) + " applied index " + U(e.index()) +
         " which differs from the committed entry");
  }
}

void Checker::OnInstallSnapshot(NodeId n, uint64_t prev_applied, uint64_t index,
                                uint64_t state_digest) {
  if (index <= prev_applied) {
    Fail("Applied index regressed: " + N(n) + " installed a snapshot at " + U(index) +
         " having applied " + U(prev_applied));
    return;
  }
  auto [it, inserted] = state_.emplace(index, state_digest);
  if (!inserted && it->second != state_digest) {
    Fail("State Machine Safety: " + N(n) + " installed a snapshot at " + U(index) +
         " whose state differs from what other nodes applied");
  }
}

void Checker::OnRole(NodeId n, consensus::Role role, uint64_t term, uint64_t last_index) {
  if (role != consensus::Role::kLeader) return;
  auto [it, inserted] = leaders_.emplace(term, n);
  if (!inserted) {
    if (it->second != n) {
      Fail("Election Safety: nodes " + U(it->second) + " and " + U(n) + " both lead term " +
           U(term));
    }
    return;
  }
  // Leader Completeness: the newest index committed in an earlier term.
  uint64_t m = committed_.size() - 1;
  while (m > 0 && (committed_[m].chain == 0 || committed_[m].term >= term)) --m;
  if (m == 0) return;
  if (last_index < m) {
    Fail("Leader Completeness: " + N(n) + " leads term " + U(term) + " with a log ending at " +
         U(last_index) + " but index " + U(m) + " was committed in term " + U(committed_[m].term));
    return;
  }
  const NodeLog& log = logs_[n];
  const uint64_t at = std::max(m, log.base);
  if (at < committed_.size() && committed_[at].chain != 0 &&
      ChainAt(n, at) != committed_[at].chain) {
    Fail("Leader Completeness: " + N(n) + " leads term " + U(term) +
         " without the entry committed at index " + U(at));
  }
}

void Checker::OnRestart(NodeId n, const consensus::MemoryStorage& disk, uint64_t applied) {
  if (applied > disk.LastIndex()) {
    Fail("Durability: " + N(n) + " applied up to " + U(applied) +
         " but after the crash its durable log ends at " + U(disk.LastIndex()) +
         " (committed entries lost across a crash)");
    return;
  }
  const uint64_t commit = disk.hard_state().commit();
  if (commit > disk.LastIndex()) {
    Fail("Durability: " + N(n) + " persisted commit " + U(commit) + " beyond its log end " +
         U(disk.LastIndex()));
    return;
  }
  const uint64_t upto = std::max(commit, applied);
  if (upto < committed_.size() && committed_[upto].chain != 0 && ChainAt(n, upto) != 0 &&
      ChainAt(n, upto) != committed_[upto].chain) {
    Fail("Durability: " + N(n) + " restarted with a log that differs from the committed one at " +
         U(upto));
  }
}

}  // namespace lincao::sim
