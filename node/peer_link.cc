#include "node/peer_link.h"

#include "node/log.h"

namespace lincao::node {

PeerLink::PeerLink(Member remote, PeerInbound inbound, DialFn dial)
    : remote_(std::move(remote)), inbound_(std::move(inbound)), dial_(std::move(dial)) {}

PeerLink::~PeerLink() { Stop(); }

void PeerLink::Start() {
  sender_ = std::thread([this] { SendLoop(); });
  if (dial_) dialer_ = std::thread([this] { DialLoop(); });
}

void PeerLink::Stop() {
  if (stop_.exchange(true)) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (active_ != nullptr) active_->cancel();
  }
  cv_.notify_all();
  if (sender_.joinable()) sender_.join();
  if (dialer_.joinable()) dialer_.join();
}

void PeerLink::Enqueue(Item item) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stop_ || queue_.size() >= kMaxPeerQueueItems ||
        queue_bytes_ + item.bytes > kMaxPeerQueueBytes) {
      if ((++dropped_ & 1023) == 1) {
        spdlog::warn("event=peer_queue_full peer={} dropped_total={}", remote_.node_id,
                     dropped_.load());
      }
      return;
    }
    queue_bytes_ += item.bytes;
    queue_.push_back(std::move(item));
  }
  cv_.notify_one();
}

void PeerLink::EnqueueRaft(std::string message) {
  Item item{Item::Kind::kRaft, std::move(message), {}, {}, 0};
  item.bytes = item.raft.size();
  Enqueue(std::move(item));
}

void PeerLink::EnqueueVote(const v1::CommitVote& vote) {
  Item item{Item::Kind::kVote, {}, vote, {}, 0};
  item.bytes = vote.ByteSizeLong();
  Enqueue(std::move(item));
}

void PeerLink::EnqueueTxs(std::vector<std::string> txs) {
  Item item{Item::Kind::kTxs, {}, {}, std::move(txs), 0};
  for (const auto& t : item.txs) item.bytes += t.size();
  Enqueue(std::move(item));
}

void PeerLink::Attach(PeerStream* stream) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    active_ = stream;
  }
  spdlog::info("event=peer_connected peer={}", remote_.node_id);
  cv_.notify_all();
}

void PeerLink::Detach(PeerStream* stream) {
  bool was_active = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (active_ == stream) {
      active_ = nullptr;
      was_active = true;
    }
  }
  stream->cancel();
  // Wait for a write in progress on this stream to return before the
  // stream goes away.
  { std::lock_guard<std::mutex> wait_for_writer(write_mu_); }
  if (was_active) spdlog::info("event=peer_disconnected peer={}", remote_.node_id);
}

void PeerLink::SendLoop() {
  while (!stop_) {
    std::vector<Item> items;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stop_ || (active_ != nullptr && !queue_.empty()); });
      if (stop_) return;
      size_t bytes = 0;
      while (!queue_.empty() &&
             (items.empty() || bytes + queue_.front().bytes <= kMaxPeerFrameBytes)) {
        bytes += queue_.front().bytes;
        queue_bytes_ -= queue_.front().bytes;
        items.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::lock_guard<std::mutex> writing(write_mu_);
    PeerStream* stream;
    {
      std::lock_guard<std::mutex> lock(mu_);
      stream = active_;
    }
    if (stream == nullptr) continue;  // detached meanwhile: these items are lost, Raft resends
    v1::PeerFrame frame;
    bool ok = true;
    auto flush = [&] {
      if (ok && frame.ByteSizeLong() > 0) ok = stream->write(frame);
      frame.Clear();
    };
    for (Item& item : items) {
      switch (item.kind) {
        case Item::Kind::kRaft:
          if (item.raft.size() > kPeerChunkBytes) {
            flush();
            for (size_t off = 0; ok && off < item.raft.size(); off += kPeerChunkBytes) {
              v1::PeerFrame piece;
              v1::MessageChunk* c = piece.mutable_chunk();
              c->set_total_bytes(item.raft.size());
              c->set_part(item.raft.substr(off, kPeerChunkBytes));
              c->set_last(off + kPeerChunkBytes >= item.raft.size());
              ok = stream->write(piece);
            }
          } else {
            frame.add_raft_messages(std::move(item.raft));
          }
          break;
        case Item::Kind::kVote:
          *frame.add_votes() = std::move(item.vote);
          break;
        case Item::Kind::kTxs:
          for (auto& t : item.txs) frame.add_forwarded_txs(std::move(t));
          break;
      }
    }
    flush();
  }
}

void PeerLink::ReadLoop(PeerStream& stream) {
  std::string assembling;
  uint64_t total = 0;
  v1::PeerFrame f;
  while (!stop_ && stream.read(&f)) {
    for (auto& m : *f.mutable_raft_messages()) inbound_.raft(std::move(m));
    if (f.has_chunk()) {
      const v1::MessageChunk& c = f.chunk();
      if (total == 0) total = c.total_bytes();
      if (total == 0 || total > kMaxPeerMessageBytes || c.total_bytes() != total ||
          assembling.size() + c.part().size() > total) {
        spdlog::warn("event=peer_protocol_error peer={} what=chunk", remote_.node_id);
        return;
      }
      assembling += c.part();
      if (c.last()) {
        if (assembling.size() != total) {
          spdlog::warn("event=peer_protocol_error peer={} what=short_message", remote_.node_id);
          return;
        }
        inbound_.raft(std::move(assembling));
        assembling.clear();
        total = 0;
      }
    }
    for (auto& v : *f.mutable_votes()) {
      if (v.signature().node_id() == remote_.node_id) inbound_.vote(std::move(v));
    }
    if (f.forwarded_txs_size() > 0) {
      std::vector<std::string> txs(std::make_move_iterator(f.mutable_forwarded_txs()->begin()),
                                   std::make_move_iterator(f.mutable_forwarded_txs()->end()));
      inbound_.txs(std::move(txs));
    }
    f.Clear();
  }
}

void PeerLink::Serve(PeerStream& stream) {
  if (stop_) return;
  Attach(&stream);
  ReadLoop(stream);
  Detach(&stream);
}

void PeerLink::DialLoop() {
  while (!stop_) {
    std::unique_ptr<PeerStream> stream = dial_(stop_);
    if (stream) {
      Attach(stream.get());
      ReadLoop(*stream);
      Detach(stream.get());
      stream.reset();
    }
    for (int waited = 0; waited < kPeerRedialMs && !stop_; waited += 10) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
}

}  // namespace lincao::node
