#include "consensus/read_only.h"

#include <utility>

namespace lincao::consensus {

bool ReadOnly::Add(std::string context, uint64_t index, NodeId from) {
  if (queue_.size() >= max_pending_ || pending_.count(context) != 0) return false;
  Request req;
  req.context = context;
  req.index = index;
  req.from = from;
  pending_.emplace(context, std::move(req));
  queue_.push_back(std::move(context));
  return true;
}

const std::set<NodeId>* ReadOnly::RecvAck(NodeId from, const std::string& context) {
  auto it = pending_.find(context);
  if (it == pending_.end()) return nullptr;
  it->second.acks.insert(from);
  return &it->second.acks;
}

std::vector<ReadOnly::Request> ReadOnly::Release(const std::string& context) {
  std::vector<Request> out;
  if (pending_.count(context) == 0) return out;
  while (!queue_.empty()) {
    std::string ctx = std::move(queue_.front());
    queue_.pop_front();
    auto it = pending_.find(ctx);
    out.push_back(std::move(it->second));
    pending_.erase(it);
    if (ctx == context) break;
  }
  return out;
}

std::string ReadOnly::LastContext() const { return queue_.empty() ? "" : queue_.back(); }

void ReadOnly::Reset() {
  pending_.clear();
  queue_.clear();
}

}  // namespace lincao::consensus
