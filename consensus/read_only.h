// ReadOnly: ReadIndex requests a leader holds until a heartbeat round proves
// it is still the leader (Raft §6.4).
//
// Each request gets a read round id of its own, drawn from a counter that
// only grows for the life of the Raft instance. Heartbeats carry the id of
// the newest pending round, and followers echo it back. An answer carrying
// round r proves the follower still recognized this leader after every
// request of round r or earlier was queued; so a request is released once a
// quorum of voters has answered some round at or after its own. Matching on
// library ids, never on the caller's context, means a delayed answer from an
// earlier round cannot release a later read, whatever contexts callers
// choose (reused, empty or duplicated). A request records the commit index
// at the time it arrived; that index is safe to read at once released.
// Requests are released in arrival order. At most max_pending wait; Add
// refuses more, and the caller reports the refusal.
//
// Thread-safety: none; owned by one Raft instance.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "consensus/status.h"
#include "consensus/types.h"

namespace lincao::consensus {

// A read the application may serve once its applied index reaches `index`,
// or, when `status` is not ok, a read that will not be answered (the leader
// lost its leadership or refused it) and that the client should retry.
struct ReadState {
  uint64_t index = 0;
  std::string context;
  Status status;
};

// Heartbeat contexts carry a read round id as 8 big-endian bytes; an empty
// context means "no read round" (id 0).
std::string EncodeReadRound(uint64_t round);
uint64_t DecodeReadRound(const std::string& context);

class ReadOnly {
 public:
  struct Request {
    std::string context;  // the caller's, returned with the answer
    uint64_t index = 0;   // commit index when the request arrived
    NodeId from = kNone;  // who asked (this node or a follower)
    uint64_t round = 0;
  };

  explicit ReadOnly(size_t max_pending) : max_pending_(max_pending) {}

  // Queues a request and returns its round id; 0 when the queue is full.
  uint64_t Add(std::string context, uint64_t index, NodeId from);
  // `from` answered a heartbeat of round `round`.
  void RecvAck(NodeId from, uint64_t round);
  // Highest round `id` answered (0 if none).
  uint64_t Acked(NodeId id) const;
  // Releases, in order, every request of round `round` or earlier.
  std::vector<Request> ReleaseUpTo(uint64_t round);
  // Round of the newest pending request (0 if none).
  uint64_t LastRound() const { return queue_.empty() ? 0 : queue_.back().round; }
  // Drops every request (returned, so that the caller can answer them with
  // an error) and the acknowledgments; the round counter keeps growing.
  std::vector<Request> Reset();
  size_t size() const { return queue_.size(); }
  bool full() const { return queue_.size() >= max_pending_; }

 private:
  size_t max_pending_;
  uint64_t last_round_ = 0;
  std::deque<Request> queue_;
  std::map<NodeId, uint64_t> acked_;  // highest round answered, per node
};

}  // namespace lincao::consensus
