// PeerTransport: what the commit path needs from the network. The Ready loop
// hands it Raft messages, commit votes and forwarded transactions addressed
// to other members; it must never block and never grow without bound (a
// full queue drops, and Raft retries). A single node has no peers and uses
// no transport (nullptr).
//
// Thread-safety: called from the Ready-loop thread only; implementations
// hand the work to their own threads.
#pragma once

#include <string>
#include <vector>

#include "consensus/types.h"
#include "lincao/v1/peer.pb.h"

namespace lincao::node {

class PeerTransport {
 public:
  virtual ~PeerTransport() = default;
  virtual void Send(std::vector<consensus::Message> messages) = 0;
  virtual void SendVote(consensus::NodeId to, const v1::CommitVote& vote) = 0;
  virtual void ForwardTxs(consensus::NodeId to, std::vector<std::string> txs) = 0;
};

}  // namespace lincao::node
