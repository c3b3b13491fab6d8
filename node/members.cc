#include "node/members.h"

#include <algorithm>

namespace lincao::node {

Members::Members(std::vector<NodeRecord> nodes) {
  std::sort(nodes.begin(), nodes.end(),
            [](const NodeRecord& a, const NodeRecord& b) { return a.id < b.id; });
  for (size_t i = 0; i < nodes.size(); ++i) {
    members_.push_back(Member{nodes[i].id, static_cast<consensus::NodeId>(i + 1), nodes[i]});
  }
}

const Member* Members::ByNodeId(std::string_view node_id) const {
  for (const Member& m : members_) {
    if (m.node_id == node_id) return &m;
  }
  return nullptr;
}

const Member* Members::ByRaftId(consensus::NodeId id) const {
  if (id == consensus::kNone || id > members_.size()) return nullptr;
  return &members_[id - 1];
}

consensus::ConfState Members::InitialConf() const {
  consensus::ConfState conf;
  for (const Member& m : members_) {
    if (m.record.voter) {
      conf.add_voters(m.raft_id);
    } else {
      conf.add_learners(m.raft_id);
    }
  }
  return conf;
}

}  // namespace lincao::node
