#include "consensus/inflights.h"

#include "consensus/check.h"

namespace lincao::consensus {

Inflights::Inflights(size_t max_msgs, uint64_t max_bytes)
    : slots_(max_msgs), max_bytes_(max_bytes) {
  LINCAO_CHECK(max_msgs > 0, "inflight window must hold at least one message");
}

void Inflights::Add(uint64_t index, uint64_t bytes) {
  LINCAO_CHECK(count_ < slots_.size(), "inflight window overflow");
  size_t pos = start_ + count_;
  if (pos >= slots_.size()) pos -= slots_.size();
  if (count_ > 0) {
    size_t last = pos == 0 ? slots_.size() - 1 : pos - 1;
    LINCAO_DCHECK(slots_[last].index < index, "inflight indexes must increase");
  }
  slots_[pos] = Slot{index, bytes};
  ++count_;
  bytes_ += bytes;
}

void Inflights::FreeLE(uint64_t index) {
  while (count_ > 0 && slots_[start_].index <= index) {
    bytes_ -= slots_[start_].bytes;
    if (++start_ == slots_.size()) start_ = 0;
    --count_;
  }
  if (count_ == 0) start_ = 0;
}

void Inflights::FreeFirstOne() {
  if (count_ > 0) FreeLE(slots_[start_].index);
}

void Inflights::Reset() {
  start_ = 0;
  count_ = 0;
  bytes_ = 0;
}

}  // namespace lincao::consensus
