// PeerLink: this node's side of the one stream it shares with one other
// member. The member with the lower Raft id dials (and redials after a
// failure, with a pause); the other end waits for the dialer's stream to
// arrive at its Peer service. Either way, once the handshake passed, both
// ends send and receive PeerFrames over that one stream.
//
// Sending never blocks the caller: items go into a queue bounded by
// kMaxPeerQueueItems and kMaxPeerQueueBytes, and a full queue drops the new
// item (Raft resends what matters; a dropped vote is re-sent, a dropped
// forwarded tx times out for its client). A sender thread packs queued items
// into frames of at most kMaxPeerFrameBytes; a Raft message larger than
// kPeerChunkBytes travels as a sequence of chunks, reassembled at the other
// end up to kMaxPeerMessageBytes.
//
// Thread-safety: Enqueue from any thread; Serve from the gRPC handler thread
// that owns an inbound stream; Start/Stop from the owner.
#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "lincao/v1/peer.grpc.pb.h"
#include "node/members.h"

namespace lincao::node {

inline constexpr size_t kMaxPeerQueueItems = 8192;
inline constexpr size_t kMaxPeerQueueBytes = 64u << 20;
inline constexpr size_t kMaxPeerFrameBytes = 1u << 20;
inline constexpr size_t kPeerChunkBytes = 256u << 10;
inline constexpr size_t kMaxPeerMessageBytes = 64u << 20;
inline constexpr int kPeerRedialMs = 300;

// Reading and writing one authenticated stream, whichever end opened it.
struct PeerStream {
  std::function<bool(v1::PeerFrame*)> read;
  std::function<bool(const v1::PeerFrame&)> write;
  std::function<void()> cancel;
};

// What arrives from the peer, already checked to come from it.
struct PeerInbound {
  std::function<void(std::string raft_message)> raft;
  std::function<void(v1::CommitVote)> vote;
  std::function<void(std::vector<std::string>)> txs;
};

class PeerLink {
 public:
  // `dial`: opens and authenticates a stream to the peer (dialer end only);
  // null when the peer dials us.
  using DialFn = std::function<std::unique_ptr<PeerStream>(std::atomic<bool>& stop)>;

  PeerLink(Member remote, PeerInbound inbound, DialFn dial);
  ~PeerLink();

  void Start();
  void Stop();

  void EnqueueRaft(std::string message);
  void EnqueueVote(const v1::CommitVote& vote);
  void EnqueueTxs(std::vector<std::string> txs);

  // Runs an authenticated inbound stream until it ends (listener end).
  void Serve(PeerStream& stream);

  const Member& remote() const { return remote_; }
  uint64_t dropped() const { return dropped_.load(); }

 private:
  struct Item {
    enum class Kind { kRaft, kVote, kTxs } kind;
    std::string raft;
    v1::CommitVote vote;
    std::vector<std::string> txs;
    size_t bytes = 0;
  };
  void Enqueue(Item item);
  void SendLoop();
  void DialLoop();
  void ReadLoop(PeerStream& stream);
  void Attach(PeerStream* stream);
  void Detach(PeerStream* stream);

  const Member remote_;
  const PeerInbound inbound_;
  const DialFn dial_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;
  size_t queue_bytes_ = 0;
  PeerStream* active_ = nullptr;  // guarded by mu_; writes hold write_mu_
  std::mutex write_mu_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> dropped_{0};
  std::thread sender_;
  std::thread dialer_;
};

}  // namespace lincao::node
