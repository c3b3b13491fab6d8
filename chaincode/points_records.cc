#include "chaincode/points_records.h"

#include "chaincode/canonical.h"
#include "chaincode/records.h"

namespace lincao {
namespace {
constexpr uint8_t kTagPointsAccount = 'p';
constexpr uint8_t kTagPointMovement = 'm';
constexpr uint8_t kTagDailyPoints = 'd';
constexpr uint8_t kVersion1 = 1;
}  // namespace

namespace keys {
std::string PointsAccount(std::string_view account) { return "P/" + std::string(account); }
std::string PointMovementPrefix(std::string_view account) {
  return "M/" + std::string(account) + "/";
}
std::string PointMovement(std::string_view account, uint64_t seq) {
  return PointMovementPrefix(account) + BigEndian64(seq);
}
std::string DailyPointsPrefix(std::string_view account) {
  return "D/" + std::string(account) + "/";
}
std::string DailyPoints(std::string_view account, uint64_t day) {
  return DailyPointsPrefix(account) + BigEndian64(day);
}
}  // namespace keys

Bytes PointsAccountRecord::Encode() const {
  CanonicalWriter w;
  w.U8(kTagPointsAccount).U8(kVersion1).U64(balance).U64(earned).U64(redeemed).U64(movements);
  return w.Take();
}

bool PointsAccountRecord::Decode(std::string_view in, PointsAccountRecord* out) {
  CanonicalReader r(in);
  if (r.U8() != kTagPointsAccount || r.U8() != kVersion1) return false;
  out->balance = r.U64();
  out->earned = r.U64();
  out->redeemed = r.U64();
  out->movements = r.U64();
  return r.AtEnd();
}

Bytes PointMovementRecord::Encode() const {
  CanonicalWriter w;
  w.U8(kTagPointMovement).U8(kVersion1);
  w.U64(seq).U32(kind).U64(points).U64(balance_after).U64(height).U64(time_ms);
  w.Raw(AsView(tx_id)).Str(platform).U64(day).U32(category).Str(evidence_hash);
  w.U64(retirement_id).U64(quantity_kg).Str(benefit);
  return w.Take();
}

bool PointMovementRecord::Decode(std::string_view in, PointMovementRecord* out) {
  CanonicalReader r(in);
  if (r.U8() != kTagPointMovement || r.U8() != kVersion1) return false;
  out->seq = r.U64();
  out->kind = r.U32();
  out->points = r.U64();
  out->balance_after = r.U64();
  out->height = r.U64();
  out->time_ms = r.U64();
  auto tx = ToHash32(r.Raw(32));
  if (!tx) return false;
  out->tx_id = *tx;
  out->platform = r.Str();
  out->day = r.U64();
  out->category = r.U32();
  out->evidence_hash = r.Str();
  out->retirement_id = r.U64();
  out->quantity_kg = r.U64();
  out->benefit = r.Str();
  return r.AtEnd();
}

v1::PointMovement PointMovementRecord::ToProto(std::string_view account) const {
  v1::PointMovement p;
  p.set_account(std::string(account));
  p.set_seq(seq);
  p.set_kind(static_cast<v1::PointMovementKind>(kind));
  p.set_points(points);
  p.set_balance_after(balance_after);
  p.set_height(height);
  p.set_time_ms(time_ms);
  p.set_tx_id(AsBytes(tx_id));
  p.set_platform(platform);
  p.set_day(static_cast<uint32_t>(day));
  p.set_category(static_cast<v1::FootprintCategory>(category));
  p.set_evidence_hash(evidence_hash);
  p.set_retirement_id(retirement_id);
  p.set_quantity_kg(quantity_kg);
  p.set_benefit(benefit);
  return p;
}

Bytes DailyPointsRecord::Encode() const {
  CanonicalWriter w;
  w.U8(kTagDailyPoints).U8(kVersion1).U64(points);
  return w.Take();
}

bool DailyPointsRecord::Decode(std::string_view in, DailyPointsRecord* out) {
  CanonicalReader r(in);
  if (r.U8() != kTagDailyPoints || r.U8() != kVersion1) return false;
  out->points = r.U64();
  return r.AtEnd();
}

Result<PointsAccountRecord> LoadPointsAccount(const StateReader& state, std::string_view account) {
  auto rec = LoadRecord<PointsAccountRecord>(state, keys::PointsAccount(account));
  if (!rec.ok()) return rec.status();
  return rec.value() ? **rec : PointsAccountRecord{};
}

}  // namespace lincao
