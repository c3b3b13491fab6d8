#include "chaincode/cancellation_records.h"

#include "chaincode/batch_ranges.h"
#include "chaincode/canonical.h"

namespace lincao {
namespace {
constexpr uint8_t kTagCancellation = 'Q';
constexpr uint8_t kVersion1 = 1;
}  // namespace

Bytes CancellationRecord::Encode() const {
  CanonicalWriter w;
  w.U8(kTagCancellation).U8(kVersion1);
  w.U64(id).Raw(AsView(tx_id)).U64(height).U64(time_ms).Str(holder).U64(quantity);
  WriteBatchRanges(w, ranges);
  w.U32(reason).Str(note).U64(hold_id).Str(registrar).Str(supervisor);
  return w.Take();
}

bool CancellationRecord::Decode(std::string_view in, CancellationRecord* out) {
  CanonicalReader r(in);
  if (r.U8() != kTagCancellation || r.U8() != kVersion1) return false;
  out->id = r.U64();
  auto tx = ToHash32(r.Raw(32));
  if (!tx) return false;
  out->tx_id = *tx;
  out->height = r.U64();
  out->time_ms = r.U64();
  out->holder = r.Str();
  out->quantity = r.U64();
  if (!ReadBatchRanges(r, in, &out->ranges)) return false;
  out->reason = r.U32();
  out->note = r.Str();
  out->hold_id = r.U64();
  out->registrar = r.Str();
  out->supervisor = r.Str();
  return r.AtEnd();
}

v1::Cancellation CancellationRecord::ToProto() const {
  v1::Cancellation p;
  p.set_id(id);
  p.set_tx_id(AsBytes(tx_id));
  p.set_height(height);
  p.set_time_ms(time_ms);
  p.set_holder(holder);
  p.set_quantity(quantity);
  AddBatchRanges(ranges, p.mutable_ranges());
  p.set_reason(static_cast<v1::CancellationReason>(reason));
  p.set_note(note);
  p.set_hold(hold_id);
  p.set_registrar(registrar);
  p.set_supervisor(supervisor);
  return p;
}

}  // namespace lincao
