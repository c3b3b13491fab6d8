#include "chaincode/neutrality_claims.h"

#include <string>

namespace lincao {
namespace {

std::string PeriodText(uint64_t start_ms, uint64_t end_ms) {
  std::string text = "[";
  text += std::to_string(start_ms);
  text += ", ";
  text += std::to_string(end_ms);
  text += "]";
  return text;
}

// Who may cover `claim` with retirements of their own.
std::string Coverers(const NeutralityClaimRecord& claim) {
  std::string who = "its declarant '" + claim.declarant + "'";
  if (!claim.platform.empty()) who += " or its platform '" + claim.platform + "'";
  return who;
}

}  // namespace

v1::RetirementPurpose PurposeCovering(uint32_t kind) {
  switch (kind) {
    case v1::ENTITY_ORGANISATION:
      return v1::ORGANISATION_NEUTRALITY;
    case v1::ENTITY_EVENT:
      return v1::LARGE_EVENT;
    case v1::ENTITY_PRODUCT:
      return v1::PRODUCT_NEUTRALITY;
    case v1::ENTITY_BUILDING:
      return v1::BUILDING_NEUTRALITY;
    case v1::ENTITY_REGION:
      return v1::REGION_NEUTRALITY;
    default:
      return v1::PURPOSE_UNSPECIFIED;
  }
}

Status CheckEntityName(std::string_view entity) {
  auto bad = [](const std::string& why) {
    return Status(v1::INVALID_ARGUMENT, "entity name " + why +
                                            ": an entity has one spelling, so that all its "
                                            "claims are found under it");
  };
  if (entity.empty() || entity.size() > kMaxEntityNameBytes) {
    return bad("must be 1-" + std::to_string(kMaxEntityNameBytes) + " bytes, got " +
               std::to_string(entity.size()));
  }
  for (size_t i = 0; i < entity.size(); ++i) {
    const auto c = static_cast<unsigned char>(entity[i]);
    if (c < 0x20 || c == 0x7f) return bad("holds a control character at byte " + std::to_string(i));
    if (c == ' ' && i > 0 && entity[i - 1] == ' ') return bad("holds two spaces in a row");
  }
  if (entity.front() == ' ' || entity.back() == ' ') return bad("begins or ends with a space");
  return Status::Ok();
}

Status LinkRetirementToClaim(StateView& state, uint64_t claim_id, const RetirementRecordData& rec) {
  auto claim = LoadClaim(state, claim_id);
  if (!claim.ok()) return claim.status();
  const std::string which = "claim " + std::to_string(claim_id);
  if (rec.holder != claim->declarant &&
      (claim->platform.empty() || rec.holder != claim->platform)) {
    return Status(v1::NOT_DECLARANT, which + " is covered by retirements of " + Coverers(*claim) +
                                         ", not of '" + rec.holder + "'");
  }
  if (!claim->active()) {
    return Status(v1::CLAIM_CLOSED,
                  which + " was " + DescribeClosedClaim(*claim) + "; it takes no more retirements");
  }
  const v1::RetirementPurpose needed = PurposeCovering(claim->entity_kind);
  if (rec.purpose != static_cast<uint32_t>(needed)) {
    return Status(
        v1::PURPOSE_MISMATCH,
        which + " is about a " +
            v1::ClaimEntityKind_Name(static_cast<v1::ClaimEntityKind>(claim->entity_kind)) +
            ": it is covered by retirements with purpose " + v1::RetirementPurpose_Name(needed));
  }
  const std::string& named = needed == v1::LARGE_EVENT ? rec.event_name : rec.subject;
  if (named != claim->entity) {
    return Status(v1::ENTITY_MISMATCH, "the retirement names '" + named + "' as its " +
                                           (needed == v1::LARGE_EVENT ? "event" : "subject") +
                                           ", but " + which + " is about '" + claim->entity +
                                           "': name the claim's entity exactly");
  }
  if (rec.period_start_ms < claim->period_start_ms || rec.period_end_ms > claim->period_end_ms) {
    return Status(v1::OUTSIDE_CLAIM_PERIOD,
                  "the retirement's consumption period " +
                      PeriodText(rec.period_start_ms, rec.period_end_ms) + " is not inside " +
                      which + "'s period " +
                      PeriodText(claim->period_start_ms, claim->period_end_ms) + " (chain ms)");
  }
  if (claim->retirements >= kMaxClaimRetirements) {
    return Status(v1::CLAIM_FULL, which + " already links " + std::to_string(kMaxClaimRetirements) +
                                      " retirements, the most one claim may; retire larger "
                                      "quantities, or declare another claim");
  }
  if (rec.quantity > kMaxCoveredKg - claim->covered_kg) {
    return Status(v1::QUANTITY_OVERFLOW, which + " would cover more than 2^62 kg");
  }
  claim->covered_kg += rec.quantity;
  claim->retirements += 1;
  state.Put(keys::ClaimLink(claim_id, rec.id), Bytes());
  state.Put(keys::Claim(claim_id), claim->Encode());
  return Status::Ok();
}

}  // namespace lincao
