// Membership: which nodes vote and which only learn, as of each log index.
//
// lincao changes membership one node at a time, and a node adopts a
// configuration as soon as the ConfChange entry is in its log (appended, not
// committed), as in §4.1 of Ongaro's thesis. The history of configurations
// after the latest snapshot is therefore kept here, so that truncating the
// log (a follower overwritten by a new leader) reverts to the configuration
// of the entry before the cut, and so that a snapshot can be taken with the
// configuration in force at its index. Why this is safe is argued in raft.h.
//
// A ConfChange that does not apply (promote a node that is not a learner,
// remove an absent node, remove the last voter, add beyond kMaxMembers) is
// kept in the log but changes nothing, identically on every node.
//
// Thread-safety: none; owned by one Raft instance.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "consensus/status.h"
#include "consensus/types.h"

namespace lincao::consensus {

class Membership {
 public:
  // Starts over from `conf` in force at `index` (a snapshot or the empty log).
  void Reset(uint64_t index, const ConfState& conf);
  // Records the ConfChange carried by `entry` (a no-op for other entries).
  // Returns true if the entry carried a configuration change.
  bool OnAppend(const Entry& entry);
  // Forgets changes at or after `index` (the log was truncated there).
  // Returns true if the current configuration changed.
  bool TruncateFrom(uint64_t index);

  const ConfState& Current() const;
  // The configuration in force at `index`. kCompacted below the base index
  // (the snapshot's): what came before a snapshot is summarized away.
  Status At(uint64_t index, ConfState* out) const;
  // Index the history starts from (the latest snapshot's, or the log's start).
  uint64_t base_index() const { return base_index_; }
  // Index of the latest configuration entry, or of the base.
  uint64_t LastChangeIndex() const;

  bool IsVoter(NodeId id) const;
  bool IsLearner(NodeId id) const;
  bool IsMember(NodeId id) const { return IsVoter(id) || IsLearner(id); }

  // Whether `change` would change `conf`; kInvalidArgument with the reason if not.
  static Status Check(const ConfState& conf, const ConfChange& change);
  // `conf` after `change` (unchanged when Check fails). Lists stay sorted.
  static ConfState Apply(const ConfState& conf, const ConfChange& change);

 private:
  uint64_t base_index_ = 0;
  ConfState base_;
  std::vector<std::pair<uint64_t, ConfState>> changes_;  // ascending index
};

}  // namespace lincao::consensus
