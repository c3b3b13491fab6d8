// Inflights: the sliding window of append messages a leader has sent to one
// follower and not yet seen acknowledged. Each slot remembers the last index
// and payload bytes of one MsgApp; the window is full when it holds
// max_msgs messages or max_bytes bytes, and the leader then stops sending
// entries to that follower until acknowledgments free slots.
//
// A fixed ring, allocated once: the bound is the memory. Thread-safety: none;
// owned by a Progress.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lincao::consensus {

class Inflights {
 public:
  Inflights(size_t max_msgs, uint64_t max_bytes);

  // Records a message whose last entry is `index`; indexes must increase.
  void Add(uint64_t index, uint64_t bytes);
  // Frees every message whose last index is <= index.
  void FreeLE(uint64_t index);
  // Frees the oldest message: a heartbeat answer shows the follower is alive,
  // so lost MsgApps must not keep the window shut forever.
  void FreeFirstOne();
  void Reset();

  bool Full() const { return count_ == slots_.size() || bytes_ >= max_bytes_; }
  size_t count() const { return count_; }
  uint64_t bytes() const { return bytes_; }

 private:
  struct Slot {
    uint64_t index = 0;
    uint64_t bytes = 0;
  };
  std::vector<Slot> slots_;
  uint64_t max_bytes_;
  size_t start_ = 0;
  size_t count_ = 0;
  uint64_t bytes_ = 0;
};

}  // namespace lincao::consensus
