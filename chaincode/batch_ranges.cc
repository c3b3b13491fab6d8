#include "chaincode/batch_ranges.h"

namespace lincao {

void WriteBatchRanges(CanonicalWriter& w, const Holdings& ranges) {
  w.U32(static_cast<uint32_t>(ranges.size()));
  for (const HeldRange& r : ranges) w.U64(r.batch_id).U64(r.first).U64(r.last);
}

bool ReadBatchRanges(CanonicalReader& r, std::string_view record, Holdings* out) {
  const uint32_t n = r.U32();
  // Each range takes 24 bytes: a larger count is corruption, not a size to allocate.
  if (!r.ok() || n > record.size() / 24) return false;
  out->clear();
  out->reserve(n);
  for (uint32_t i = 0; i < n && r.ok(); ++i) {
    HeldRange h;
    h.batch_id = r.U64();
    h.first = r.U64();
    h.last = r.U64();
    if (h.first == 0 || h.first > h.last) return false;
    out->push_back(h);
  }
  return r.ok();
}

void AddBatchRanges(const Holdings& ranges,
                    google::protobuf::RepeatedPtrField<v1::BatchRange>* out) {
  for (const HeldRange& h : ranges) {
    v1::BatchRange* b = out->Add();
    b->set_batch_id(h.batch_id);
    b->mutable_range()->set_first(h.first);
    b->mutable_range()->set_last(h.last);
  }
}

}  // namespace lincao
