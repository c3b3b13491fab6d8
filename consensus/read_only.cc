#include "consensus/read_only.h"

#include <algorithm>
#include <utility>

namespace lincao::consensus {

std::string EncodeReadRound(uint64_t round) {
  if (round == 0) return std::string();
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[static_cast<size_t>(i)] = static_cast<char>(round & 0xff);
    round >>= 8;
  }
  return out;
}

uint64_t DecodeReadRound(const std::string& context) {
  if (context.size() != 8) return 0;
  uint64_t round = 0;
  for (char c : context) round = (round << 8) | static_cast<uint8_t>(c);
  return round;
}

uint64_t ReadOnly::Add(std::string context, uint64_t index, NodeId from) {
  if (full()) return 0;
  Request req;
  req.context = std::move(context);
  req.index = index;
  req.from = from;
  req.round = ++last_round_;
  queue_.push_back(std::move(req));
  return last_round_;
}

void ReadOnly::RecvAck(NodeId from, uint64_t round) {
  // An id this leader never issued is ignored (it cannot prove anything).
  if (round == 0 || round > last_round_) return;
  uint64_t& acked = acked_[from];
  acked = std::max(acked, round);
}

uint64_t ReadOnly::Acked(NodeId id) const {
  auto it = acked_.find(id);
  return it == acked_.end() ? 0 : it->second;
}

std::vector<ReadOnly::Request> ReadOnly::ReleaseUpTo(uint64_t round) {
  std::vector<Request> out;
  while (!queue_.empty() && queue_.front().round <= round) {
    out.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return out;
}

std::vector<ReadOnly::Request> ReadOnly::Reset() {
  std::vector<Request> out(std::make_move_iterator(queue_.begin()),
                           std::make_move_iterator(queue_.end()));
  queue_.clear();
  acked_.clear();
  return out;
}

}  // namespace lincao::consensus
