#include "chaincode/claim_records.h"

#include "chaincode/canonical.h"
#include "chaincode/records.h"

namespace lincao {
namespace {
constexpr uint8_t kTagClaimCounter = 'c';
constexpr uint8_t kTagClaim = 'n';
constexpr uint8_t kVersion1 = 1;
}  // namespace

namespace keys {
std::string ClaimCounter() { return "N"; }
std::string Claim(uint64_t claim_id) { return ClaimPrefix() + BigEndian64(claim_id); }
std::string ClaimPrefix() { return "N/"; }
std::string EntityClaimPrefix(uint32_t kind, std::string_view entity) {
  CanonicalWriter w;
  w.Raw("E/").U32(kind).Str(entity);
  return w.Take();
}
std::string EntityClaim(uint32_t kind, std::string_view entity, uint64_t claim_id) {
  return EntityClaimPrefix(kind, entity) + BigEndian64(claim_id);
}
std::string ClaimLinkPrefix(uint64_t claim_id) { return "K/" + BigEndian64(claim_id) + "/"; }
std::string ClaimLink(uint64_t claim_id, uint64_t retirement_id) {
  return ClaimLinkPrefix(claim_id) + BigEndian64(retirement_id);
}
}  // namespace keys

Bytes ClaimCounterRecord::Encode() const {
  CanonicalWriter w;
  w.U8(kTagClaimCounter).U8(kVersion1).U64(next_claim_id);
  return w.Take();
}

bool ClaimCounterRecord::Decode(std::string_view in, ClaimCounterRecord* out) {
  CanonicalReader r(in);
  if (r.U8() != kTagClaimCounter || r.U8() != kVersion1) return false;
  out->next_claim_id = r.U64();
  return r.AtEnd();
}

v1::ClaimCoverage NeutralityClaimRecord::coverage() const {
  if (covered_kg == 0) return v1::CLAIM_OPEN;
  return covered_kg >= footprint_kg ? v1::CLAIM_COVERED : v1::CLAIM_PARTLY_COVERED;
}

Bytes NeutralityClaimRecord::Encode() const {
  CanonicalWriter w;
  w.U8(kTagClaim).U8(kVersion1);
  w.U64(id).Raw(AsView(tx_id)).U64(height).U64(time_ms).Str(declarant);
  w.U32(entity_kind).Str(entity).U64(period_start_ms).U64(period_end_ms).U64(footprint_kg);
  w.Raw(AsView(evidence_hash)).Str(platform).U64(covered_kg).U64(retirements).U32(state);
  w.Str(closed_by).U64(closed_height).U64(closed_time_ms).Raw(AsView(closed_tx_id));
  w.Str(statement_hash).Str(withdraw_reason);
  return w.Take();
}

bool NeutralityClaimRecord::Decode(std::string_view in, NeutralityClaimRecord* out) {
  CanonicalReader r(in);
  auto hash = [&r](Hash32* h) {
    auto read = ToHash32(r.Raw(32));
    if (read) *h = *read;
    return read.has_value();
  };
  if (r.U8() != kTagClaim || r.U8() != kVersion1) return false;
  out->id = r.U64();
  if (!hash(&out->tx_id)) return false;
  out->height = r.U64();
  out->time_ms = r.U64();
  out->declarant = r.Str();
  out->entity_kind = r.U32();
  out->entity = r.Str();
  out->period_start_ms = r.U64();
  out->period_end_ms = r.U64();
  out->footprint_kg = r.U64();
  if (!hash(&out->evidence_hash)) return false;
  out->platform = r.Str();
  out->covered_kg = r.U64();
  out->retirements = r.U64();
  out->state = r.U32();
  out->closed_by = r.Str();
  out->closed_height = r.U64();
  out->closed_time_ms = r.U64();
  if (!hash(&out->closed_tx_id)) return false;
  out->statement_hash = r.Str();
  out->withdraw_reason = r.Str();
  return r.AtEnd();
}

v1::NeutralityClaim NeutralityClaimRecord::ToProto() const {
  v1::NeutralityClaim p;
  p.set_id(id);
  p.set_tx_id(AsBytes(tx_id));
  p.set_height(height);
  p.set_time_ms(time_ms);
  p.set_declarant(declarant);
  p.set_entity_kind(static_cast<v1::ClaimEntityKind>(entity_kind));
  p.set_entity(entity);
  p.set_period_start_ms(period_start_ms);
  p.set_period_end_ms(period_end_ms);
  p.set_footprint_kg(footprint_kg);
  p.set_evidence_hash(AsBytes(evidence_hash));
  p.set_platform(platform);
  p.set_covered_kg(covered_kg);
  p.set_retirements(retirements);
  p.set_state(static_cast<v1::ClaimState>(state));
  p.set_coverage(coverage());
  if (!active()) {
    p.set_closed_by(closed_by);
    p.set_closed_height(closed_height);
    p.set_closed_time_ms(closed_time_ms);
    p.set_closed_tx_id(AsBytes(closed_tx_id));
    p.set_statement_hash(statement_hash);
    p.set_withdraw_reason(withdraw_reason);
  }
  return p;
}

Result<NeutralityClaimRecord> LoadClaim(const StateReader& state, uint64_t id) {
  auto rec = LoadRecord<NeutralityClaimRecord>(state, keys::Claim(id));
  if (!rec.ok()) return rec.status();
  if (!rec.value()) {
    return Status(v1::UNKNOWN_CLAIM, "no neutrality claim " + std::to_string(id) +
                                         "; `lincao query claims` lists them by entity");
  }
  return std::move(**rec);
}

std::string DescribeClosedClaim(const NeutralityClaimRecord& claim) {
  const std::string where = claim.closed_by + "' in block " + std::to_string(claim.closed_height);
  if (claim.state == v1::CLAIM_WITNESSED) return "witnessed by '" + where;
  return "withdrawn by '" + where + " (" + claim.withdraw_reason + ")";
}

}  // namespace lincao
