#include "chaincode/freezes.h"

#include <set>

#include "chaincode/canonical.h"
#include "chaincode/credit_batches.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/records.h"
#include "chaincode/tx_rules.h"

namespace lincao {
namespace {
constexpr uint8_t kTagFreeze = 'F';
constexpr uint8_t kVersion1 = 1;

std::string_view TargetName(uint32_t target) {
  switch (target) {
    case v1::FREEZE_ACCOUNT:
      return "account";
    case v1::FREEZE_PROJECT:
      return "project";
    case v1::FREEZE_BATCH:
      return "batch";
    default:
      return "subject";
  }
}
}  // namespace

Bytes FreezeRecord::Encode() const {
  CanonicalWriter w;
  w.U8(kTagFreeze).U8(kVersion1);
  w.U32(target).Str(id).Str(authority).Str(reason).U64(height).U64(time_ms).U64(expiry_ms);
  w.Raw(AsBytes(tx_id));
  return w.Take();
}

bool FreezeRecord::Decode(std::string_view in, FreezeRecord* out) {
  CanonicalReader r(in);
  if (r.U8() != kTagFreeze || r.U8() != kVersion1) return false;
  out->target = r.U32();
  out->id = r.Str();
  out->authority = r.Str();
  out->reason = r.Str();
  out->height = r.U64();
  out->time_ms = r.U64();
  out->expiry_ms = r.U64();
  std::string tx_id = r.Raw(out->tx_id.size());
  if (!r.AtEnd()) return false;
  std::copy(tx_id.begin(), tx_id.end(), out->tx_id.begin());
  return true;
}

v1::SupervisoryFreeze FreezeRecord::ToProto() const {
  v1::SupervisoryFreeze p;
  p.set_target(static_cast<v1::FreezeTarget>(target));
  p.set_id(id);
  p.set_authority(authority);
  p.set_reason(reason);
  p.set_height(height);
  p.set_time_ms(time_ms);
  p.set_expiry_ms(expiry_ms);
  p.set_tx_id(AsBytes(tx_id));
  return p;
}

char FreezeTargetLetter(v1::FreezeTarget target) {
  switch (target) {
    case v1::FREEZE_ACCOUNT:
      return 'a';
    case v1::FREEZE_PROJECT:
      return 'p';
    case v1::FREEZE_BATCH:
      return 'b';
    default:
      return 0;
  }
}

Status CheckNotFrozen(const ApplyContext& ctx, const StateReader& state, v1::FreezeTarget target,
                      std::string_view id) {
  const char letter = FreezeTargetLetter(target);
  if (letter == 0) return Status(v1::INTERNAL, "CheckNotFrozen called with an unknown target");
  auto rec = LoadRecord<FreezeRecord>(state, keys::Freeze(letter, id));
  if (!rec.ok()) return rec.status();
  if (!rec.value() || !(*rec)->InForce(ctx.time_ms)) return Status::Ok();
  const FreezeRecord& f = **rec;
  return Status(v1::FROZEN, std::string(TargetName(f.target)) + " '" + f.id +
                                "' is under a supervisory freeze by '" + f.authority +
                                "' (reason: " + f.reason + ")");
}

Status CheckUnitsMayMove(const ApplyContext& ctx, const StateReader& state, std::string_view holder,
                         const Holdings& moved) {
  if (ctx.params.chaincode_version < rules::kCreditLifecycleVersion) return Status::Ok();
  LINCAO_RETURN_IF_ERROR(CheckNotFrozen(ctx, state, v1::FREEZE_ACCOUNT, holder));
  std::set<uint64_t> batch_ids;  // ordered: the first frozen batch reported is the lowest
  for (const HeldRange& r : moved) batch_ids.insert(r.batch_id);
  for (uint64_t id : batch_ids) {
    auto batch = LoadBatch(state, id);
    if (!batch.ok()) {
      if (batch.status().code() == v1::INTERNAL) return batch.status();
      return Status(v1::INTERNAL, "held units of a missing batch " + std::to_string(id));
    }
    if (batch->code.empty()) continue;
    LINCAO_RETURN_IF_ERROR(CheckNotFrozen(ctx, state, v1::FREEZE_BATCH, batch->code));
    LINCAO_RETURN_IF_ERROR(CheckNotFrozen(ctx, state, v1::FREEZE_PROJECT, batch->project_id));
  }
  return Status::Ok();
}

}  // namespace lincao
