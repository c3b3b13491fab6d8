// ReadOnly: ReadIndex requests a leader holds until a heartbeat round proves
// it is still the leader (Raft §6.4).
//
// A request records the commit index at the time it arrived. Once a quorum
// of voters has answered a heartbeat carrying the request's context, that
// index is safe to read at: no other leader can have committed anything the
// requester would miss. Requests are released in arrival order; releasing
// one releases every earlier one. At most kMaxPendingReadIndex wait.
//
// Thread-safety: none; owned by one Raft instance.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "consensus/types.h"

namespace lincao::consensus {

// A read the application may serve once its applied index reaches `index`.
struct ReadState {
  uint64_t index = 0;
  std::string context;
};

class ReadOnly {
 public:
  struct Request {
    std::string context;
    uint64_t index = 0;
    NodeId from = kNone;
    std::set<NodeId> acks;
  };

  explicit ReadOnly(size_t max_pending) : max_pending_(max_pending) {}

  // Queues a request; false if the queue is full or the context is in use.
  bool Add(std::string context, uint64_t index, NodeId from);
  // Records that `from` answered a heartbeat carrying `context`; returns the
  // acknowledgers so far (nullptr for an unknown context).
  const std::set<NodeId>* RecvAck(NodeId from, const std::string& context);
  // Releases the request with `context` and all earlier ones, in order.
  std::vector<Request> Release(const std::string& context);
  // Context of the newest pending request ("" if none).
  std::string LastContext() const;
  void Reset();
  size_t size() const { return queue_.size(); }

 private:
  size_t max_pending_;
  std::map<std::string, Request> pending_;
  std::deque<std::string> queue_;
};

}  // namespace lincao::consensus
