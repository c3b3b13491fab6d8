#include "consensus/membership.h"

#include <algorithm>

#include "consensus/bounds.h"
#include "consensus/check.h"

namespace lincao::consensus {
namespace {

bool Contains(const google::protobuf::RepeatedField<uint64_t>& ids, NodeId id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

void InsertSorted(google::protobuf::RepeatedField<uint64_t>* ids, NodeId id) {
  ids->Add(id);
  std::sort(ids->begin(), ids->end());
}

void Erase(google::protobuf::RepeatedField<uint64_t>* ids, NodeId id) {
  auto it = std::find(ids->begin(), ids->end(), id);
  if (it != ids->end()) ids->erase(it);
}

}  // namespace

void Membership::Reset(uint64_t index, const ConfState& conf) {
  base_index_ = index;
  base_ = conf;
  std::sort(base_.mutable_voters()->begin(), base_.mutable_voters()->end());
  std::sort(base_.mutable_learners()->begin(), base_.mutable_learners()->end());
  changes_.clear();
}

bool Membership::OnAppend(const Entry& entry) {
  if (entry.type() != pb::ENTRY_CONF_CHANGE) return false;
  LINCAO_CHECK(entry.index() > LastChangeIndex(), "configuration entries out of order");
  ConfChange change;
  // An unparsable change is recorded as "no change", the same on every node.
  ConfState next = change.ParseFromString(entry.data()) ? Apply(Current(), change) : Current();
  changes_.emplace_back(entry.index(), std::move(next));
  return true;
}

bool Membership::TruncateFrom(uint64_t index) {
  bool changed = false;
  while (!changes_.empty() && changes_.back().first >= index) {
    changes_.pop_back();
    changed = true;
  }
  return changed;
}

const ConfState& Membership::Current() const {
  return changes_.empty() ? base_ : changes_.back().second;
}

Status Membership::At(uint64_t index, ConfState* out) const {
  if (index < base_index_) {
    return Status(Code::kCompacted, "configuration before the latest snapshot is unknown");
  }
  const ConfState* conf = &base_;
  for (const auto& [at, c] : changes_) {
    if (at > index) break;
    conf = &c;
  }
  *out = *conf;
  return Status::Ok();
}

uint64_t Membership::LastChangeIndex() const {
  return changes_.empty() ? base_index_ : changes_.back().first;
}

bool Membership::IsVoter(NodeId id) const { return Contains(Current().voters(), id); }

bool Membership::IsLearner(NodeId id) const { return Contains(Current().learners(), id); }

Status Membership::Check(const ConfState& conf, const ConfChange& change) {
  const NodeId id = change.node_id();
  if (id == kNone) return Status(Code::kInvalidArgument, "node id 0 is reserved");
  const bool voter = Contains(conf.voters(), id);
  const bool learner = Contains(conf.learners(), id);
  switch (change.type()) {
    case pb::ADD_LEARNER:
      if (voter || learner) return Status(Code::kInvalidArgument, "node is already a member");
      if (static_cast<size_t>(conf.voters_size() + conf.learners_size()) >= kMaxMembers) {
        return Status(Code::kInvalidArgument, "configuration is full (kMaxMembers)");
      }
      return Status::Ok();
    case pb::PROMOTE_LEARNER:
      if (!learner) return Status(Code::kInvalidArgument, "only a learner can be promoted");
      return Status::Ok();
    case pb::REMOVE_NODE:
      if (!voter && !learner) return Status(Code::kInvalidArgument, "node is not a member");
      if (voter && conf.voters_size() == 1) {
        return Status(Code::kInvalidArgument, "cannot remove the last voter");
      }
      return Status::Ok();
    default:
      return Status(Code::kInvalidArgument, "unknown configuration change");
  }
}

ConfState Membership::Apply(const ConfState& conf, const ConfChange& change) {
  ConfState out = conf;
  if (!Check(conf, change).ok()) return out;
  const NodeId id = change.node_id();
  switch (change.type()) {
    case pb::ADD_LEARNER:
      InsertSorted(out.mutable_learners(), id);
      break;
    case pb::PROMOTE_LEARNER:
      Erase(out.mutable_learners(), id);
      InsertSorted(out.mutable_voters(), id);
      break;
    case pb::REMOVE_NODE:
      Erase(out.mutable_learners(), id);
      Erase(out.mutable_voters(), id);
      break;
    default:
      break;
  }
  return out;
}

}  // namespace lincao::consensus
