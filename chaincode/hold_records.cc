#include "chaincode/hold_records.h"

#include "chaincode/batch_ranges.h"
#include "chaincode/canonical.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/records.h"

namespace lincao {
namespace {
constexpr uint8_t kTagHold = 'Z';
constexpr uint8_t kVersion1 = 1;

bool ReadHash(CanonicalReader& r, Hash32* out) {
  auto h = ToHash32(r.Raw(32));
  if (!h) return false;
  *out = *h;
  return true;
}
}  // namespace

Bytes HoldRecord::Encode() const {
  CanonicalWriter w;
  w.U8(kTagHold).U8(kVersion1);
  w.U64(id).U32(kind).Str(holder).Str(pledgee).Str(authority).Str(reason).U64(expiry_ms);
  w.U64(quantity);
  WriteBatchRanges(w, ranges);
  w.U32(status).U64(height).U64(time_ms).Raw(AsView(tx_id));
  w.U64(closed_height).U64(closed_time_ms).Raw(AsView(closed_tx_id));
  w.Str(closed_by).Str(close_reason);
  return w.Take();
}

bool HoldRecord::Decode(std::string_view in, HoldRecord* out) {
  CanonicalReader r(in);
  if (r.U8() != kTagHold || r.U8() != kVersion1) return false;
  out->id = r.U64();
  out->kind = r.U32();
  out->holder = r.Str();
  out->pledgee = r.Str();
  out->authority = r.Str();
  out->reason = r.Str();
  out->expiry_ms = r.U64();
  out->quantity = r.U64();
  if (!ReadBatchRanges(r, in, &out->ranges)) return false;
  out->status = r.U32();
  out->height = r.U64();
  out->time_ms = r.U64();
  if (!ReadHash(r, &out->tx_id)) return false;
  out->closed_height = r.U64();
  out->closed_time_ms = r.U64();
  if (!ReadHash(r, &out->closed_tx_id)) return false;
  out->closed_by = r.Str();
  out->close_reason = r.Str();
  return r.AtEnd();
}

v1::Hold HoldRecord::ToProto() const {
  v1::Hold p;
  p.set_id(id);
  p.set_kind(static_cast<v1::HoldKind>(kind));
  p.set_holder(holder);
  p.set_pledgee(pledgee);
  p.set_authority(authority);
  p.set_reason(reason);
  p.set_expiry_ms(expiry_ms);
  p.set_quantity(quantity);
  AddBatchRanges(ranges, p.mutable_ranges());
  p.set_status(static_cast<v1::HoldStatus>(status));
  p.set_height(height);
  p.set_time_ms(time_ms);
  p.set_tx_id(AsBytes(tx_id));
  if (!active()) {
    p.set_closed_height(closed_height);
    p.set_closed_time_ms(closed_time_ms);
    p.set_closed_tx_id(AsBytes(closed_tx_id));
    p.set_closed_by(closed_by);
    p.set_close_reason(close_reason);
  }
  return p;
}

std::string HoldKindName(uint32_t kind) {
  switch (kind) {
    case v1::HOLD_PLEDGE:
      return "pledge";
    case v1::HOLD_JUDICIAL_FREEZE:
      return "judicial freeze";
    default:
      return "hold";
  }
}

std::string HoldStatusName(uint32_t status) {
  switch (status) {
    case v1::HOLD_ACTIVE:
      return "active";
    case v1::HOLD_RELEASED:
      return "released";
    case v1::HOLD_ENFORCED:
      return "enforced";
    case v1::HOLD_CANCELLED:
      return "cancelled";
    default:
      return "unknown";
  }
}

Result<HoldRecord> LoadHold(const StateReader& state, uint64_t hold_id) {
  auto rec = LoadRecord<HoldRecord>(state, keys::Hold(hold_id));
  if (!rec.ok()) return rec.status();
  if (!rec.value()) {
    return Status(v1::UNKNOWN_HOLD,
                  "no pledge or judicial freeze with id " + std::to_string(hold_id));
  }
  return std::move(**rec);
}

void StoreHold(StateView& state, const HoldRecord& hold) {
  state.Put(keys::Hold(hold.id), hold.Encode());
  const std::string index = keys::HolderHold(hold.holder, hold.id);
  if (hold.active()) {
    state.Put(index, "");
  } else if (state.Get(index)) {
    state.Delete(index);
  }
}

void CloseHold(const ApplyContext& ctx, StateView& state, HoldRecord& hold, v1::HoldStatus status,
               std::string_view by, std::string_view reason) {
  hold.status = status;
  hold.closed_height = ctx.height;
  hold.closed_time_ms = ctx.time_ms;
  hold.closed_tx_id = ctx.tx_id;
  hold.closed_by = std::string(by);
  hold.close_reason = std::string(reason);
  StoreHold(state, hold);
}

}  // namespace lincao
