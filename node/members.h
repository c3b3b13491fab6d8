// Members: the registry nodes of the cluster as Raft sees them. Raft names
// nodes by positive integers; the registry by node ids ("node-1"). The Raft
// id of a node is its 1-based rank among the genesis nodes sorted by node
// id, so every member derives the same numbering from the same genesis with
// no extra configuration. (Governance will add nodes later; a new node then
// takes the next free number, recorded with its NodeRecord.)
//
// Each member carries its public key: peers prove they hold it when a peer
// stream opens, and voters sign commit certificates with it.
//
// A plain value; safe to share between threads once built.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "chaincode/records.h"
#include "consensus/types.h"

namespace lincao::node {

struct Member {
  std::string node_id;
  consensus::NodeId raft_id = consensus::kNone;
  NodeRecord record;
};

class Members {
 public:
  Members() = default;
  // `nodes` as genesis lists them (any order).
  explicit Members(std::vector<NodeRecord> nodes);

  const Member* ByNodeId(std::string_view node_id) const;
  const Member* ByRaftId(consensus::NodeId id) const;
  const std::vector<Member>& all() const { return members_; }
  // The configuration every initial member boots from.
  consensus::ConfState InitialConf() const;

 private:
  std::vector<Member> members_;  // ascending node id == ascending raft id
};

}  // namespace lincao::node
