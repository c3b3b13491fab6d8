#include "consensus/memory_storage.h"

#include <utility>

#include "consensus/check.h"

namespace lincao::consensus {

MemoryStorage::MemoryStorage() { entries_.emplace_back(); }

Status MemoryStorage::InitialState(HardState* hard_state, ConfState* conf_state,
                                   uint64_t* conf_index) const {
  *hard_state = hard_state_;
  *conf_state = snapshot_.metadata().conf_state();
  *conf_index = snapshot_.metadata().index();
  return Status::Ok();
}

Status MemoryStorage::Entries(uint64_t lo, uint64_t hi, uint64_t max_bytes,
                              std::vector<Entry>* out) const {
  out->clear();
  if (lo <= offset()) return Status(Code::kCompacted, "entries compacted");
  if (hi > LastIndex() + 1) return Status(Code::kUnavailable, "entries beyond the last index");
  uint64_t bytes = 0;
  for (uint64_t i = lo; i < hi; ++i) {
    const Entry& e = entries_[i - offset()];
    bytes += PayloadBytes(e);
    if (!out->empty() && bytes > max_bytes) break;
    out->push_back(e);
  }
  return Status::Ok();
}

Status MemoryStorage::Term(uint64_t index, uint64_t* term) const {
  *term = 0;
  if (index < offset()) return Status(Code::kCompacted, "term compacted");
  if (index - offset() >= entries_.size()) return Status(Code::kUnavailable, "term unavailable");
  *term = entries_[index - offset()].term();
  return Status::Ok();
}

uint64_t MemoryStorage::FirstIndex() const { return offset() + 1; }

uint64_t MemoryStorage::LastIndex() const { return offset() + entries_.size() - 1; }

Status MemoryStorage::GetSnapshot(Snapshot* out) const {
  *out = snapshot_;
  return Status::Ok();
}

void MemoryStorage::Bootstrap(const ConfState& conf, std::string genesis_data) {
  LINCAO_CHECK(LastIndex() == 0 && snapshot_.metadata().index() == 0,
               "bootstrap of a non-empty storage");
  Snapshot genesis;
  genesis.mutable_metadata()->set_index(kGenesisIndex);
  genesis.mutable_metadata()->set_term(kGenesisTerm);
  *genesis.mutable_metadata()->mutable_conf_state() = conf;
  genesis.set_data(std::move(genesis_data));
  LINCAO_CHECK(ApplySnapshot(genesis).ok(), "genesis snapshot rejected");
  hard_state_.set_term(kGenesisTerm);
  hard_state_.set_vote(kNone);
  hard_state_.set_commit(kGenesisIndex);
}

Status MemoryStorage::ApplySnapshot(const Snapshot& snapshot) {
  if (snapshot.metadata().index() <= snapshot_.metadata().index()) {
    return Status(Code::kSnapshotOutOfDate, "snapshot is not newer than the stored one");
  }
  snapshot_ = snapshot;
  entries_.clear();
  Entry placeholder;
  placeholder.set_index(snapshot.metadata().index());
  placeholder.set_term(snapshot.metadata().term());
  entries_.push_back(std::move(placeholder));
  return Status::Ok();
}

Status MemoryStorage::CreateSnapshot(uint64_t index, const ConfState& conf_state,
                                     std::string data) {
  if (index <= snapshot_.metadata().index()) {
    return Status(Code::kSnapshotOutOfDate, "snapshot is not newer than the stored one");
  }
  LINCAO_CHECK(index <= LastIndex(), "snapshot index beyond the last entry");
  SnapshotMetadata* md = snapshot_.mutable_metadata();
  md->set_index(index);
  md->set_term(entries_[index - offset()].term());
  *md->mutable_conf_state() = conf_state;
  snapshot_.set_data(std::move(data));
  return Status::Ok();
}

Status MemoryStorage::Compact(uint64_t index) {
  if (index <= offset()) return Status(Code::kCompacted, "already compacted");
  LINCAO_CHECK(index <= LastIndex(), "compaction beyond the last entry");
  const uint64_t drop = index - offset();
  std::vector<Entry> kept;
  kept.reserve(entries_.size() - drop);
  Entry placeholder;
  placeholder.set_index(entries_[drop].index());
  placeholder.set_term(entries_[drop].term());
  kept.push_back(std::move(placeholder));
  for (size_t i = drop + 1; i < entries_.size(); ++i) kept.push_back(std::move(entries_[i]));
  entries_ = std::move(kept);
  return Status::Ok();
}

void MemoryStorage::Append(const std::vector<Entry>& entries) {
  if (entries.empty()) return;
  const uint64_t first = entries.front().index();
  LINCAO_CHECK(first >= FirstIndex(), "append before the first index");
  LINCAO_CHECK(first <= LastIndex() + 1, "append leaves a gap");
  entries_.resize(first - offset());  // truncate the conflicting suffix
  for (const Entry& e : entries) {
    LINCAO_DCHECK(e.index() == offset() + entries_.size(), "append is not contiguous");
    entries_.push_back(e);
  }
}

}  // namespace lincao::consensus
