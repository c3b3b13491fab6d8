#include "chaincode/retirements.h"

#include <algorithm>
#include <map>
#include <set>

#include "chaincode/canonical.h"
#include "chaincode/freezes.h"
#include "chaincode/neutrality_claims.h"
#include "chaincode/tx_rules.h"

namespace lincao {
namespace {

constexpr uint8_t kTagRetirementTotals = 't';
constexpr uint8_t kVersion1 = 1;
constexpr uint8_t kRecordFormat2 = 2;

// A purpose in a key: u32 big-endian, so keys sort by purpose number.
std::string PurposeInKey(uint32_t purpose) { return CanonicalWriter().U32(purpose).Take(); }

bool UsingCredits(const ApplyContext& ctx) {
  return ctx.params.chaincode_version >= rules::kUsingCreditsVersion;
}

// The Retire fields that chaincode version 4 added, by name, when one is
// set; empty when none is.
std::string FirstVersion4Field(const v1::Retire& body) {
  switch (body.detail_case()) {
    case v1::Retire::kEvent:
      return "event";
    case v1::Retire::kTreePlanting:
      return "tree_planting";
    case v1::Retire::kEcoJudicial:
      return "eco_judicial";
    case v1::Retire::kFootprint:
      return "footprint";
    case v1::Retire::kSubject:
      return "subject";
    case v1::Retire::DETAIL_NOT_SET:
      break;
  }
  return body.claim_id() != 0 ? "claim_id" : "";
}

// The detail a purpose needs (DETAIL_NOT_SET for OTHER), and the option
// that gives it in `lincao tx retire`, for messages.
v1::Retire::DetailCase DetailOf(v1::RetirementPurpose purpose) {
  switch (purpose) {
    case v1::LARGE_EVENT:
      return v1::Retire::kEvent;
    case v1::TREE_PLANTING_DUTY:
      return v1::Retire::kTreePlanting;
    case v1::ECO_JUDICIAL:
      return v1::Retire::kEcoJudicial;
    case v1::PERSONAL_FOOTPRINT:
      return v1::Retire::kFootprint;
    case v1::ORGANISATION_NEUTRALITY:
    case v1::PRODUCT_NEUTRALITY:
    case v1::BUILDING_NEUTRALITY:
    case v1::REGION_NEUTRALITY:
      return v1::Retire::kSubject;
    default:
      return v1::Retire::DETAIL_NOT_SET;
  }
}

std::string_view DetailName(v1::Retire::DetailCase detail) {
  switch (detail) {
    case v1::Retire::kEvent:
      return "event (name and kind: meeting, exhibition or competition)";
    case v1::Retire::kTreePlanting:
      return "tree_planting (the number of duties)";
    case v1::Retire::kEcoJudicial:
      return "eco_judicial (case number, and the co-signing court or the court order)";
    case v1::Retire::kFootprint:
      return "footprint (category: clothing, food, housing, travel or use)";
    case v1::Retire::kSubject:
      return "subject (the organisation, product, building or region made neutral)";
    case v1::Retire::DETAIL_NOT_SET:
      break;
  }
  return "no detail";
}

Status CheckBeneficiary(const v1::Retire& body) {
  switch (body.beneficiary().who_case()) {
    case v1::Beneficiary::kOrganisation:
      return rules::CheckText("beneficiary organisation", body.beneficiary().organisation(), true);
    case v1::Beneficiary::kPersonCommitment:
      if (body.beneficiary().person_commitment().size() != 32) {
        return Status(v1::INVALID_ARGUMENT,
                      "a person is recorded as a 32-byte salted commitment, never by name");
      }
      return Status::Ok();
    case v1::Beneficiary::WHO_NOT_SET:
      break;
  }
  return Status(v1::INVALID_ARGUMENT, "a retirement needs a beneficiary");
}

bool IsAreaCode(std::string_view s) {
  return s.size() == 6 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Version 4: the detail `body.purpose()` needs, and only that one.
Status CheckDetail(const ApplyContext& ctx, const StateReader& state, const v1::Retire& body,
                   const std::vector<std::string>& cosigners) {
  const v1::Retire::DetailCase want = DetailOf(body.purpose());
  const std::string purpose = v1::RetirementPurpose_Name(body.purpose());
  if (body.detail_case() != want) {
    if (want == v1::Retire::DETAIL_NOT_SET) {
      return Status(v1::INVALID_ARGUMENT, "a " + purpose + " retirement carries no detail; " +
                                              std::string(DetailName(body.detail_case())) +
                                              " belongs to another purpose");
    }
    if (body.detail_case() == v1::Retire::DETAIL_NOT_SET) {
      return Status(v1::INVALID_ARGUMENT,
                    "a " + purpose + " retirement needs its " + std::string(DetailName(want)));
    }
    return Status(v1::INVALID_ARGUMENT, "a " + purpose + " retirement needs its " +
                                            std::string(DetailName(want)) + ", not " +
                                            std::string(DetailName(body.detail_case())));
  }
  switch (want) {
    case v1::Retire::kEvent: {
      LINCAO_RETURN_IF_ERROR(rules::CheckText("event name", body.event().name(), true));
      const v1::EventKind kind = body.event().kind();
      if (kind != v1::MEETING && kind != v1::EXHIBITION && kind != v1::COMPETITION) {
        return Status(v1::INVALID_ARGUMENT,
                      "event kind must be meeting, exhibition or competition (会议、展览、赛事)");
      }
      return Status::Ok();
    }
    case v1::Retire::kTreePlanting: {
      const uint64_t duties = body.tree_planting().duties();
      if (duties == 0) {
        return Status(v1::INVALID_ARGUMENT, "a tree-planting retirement covers at least 1 duty");
      }
      const uint64_t kg = ctx.params.kg_per_planting_duty;
      if (kg == 0) {
        return Status(v1::PARAMETER_NOT_SET,
                      "governance has not set kg_per_planting_duty (kg CO2e per tree-planting "
                      "duty): tree-planting retirements wait for that decision "
                      "(`lincao gov param set kg_per_planting_duty KG`)");
      }
      // duties < 2^32 and kg <= kMaxKgPerPlantingDuty < 2^20: no wrap.
      if (body.quantity() != duties * kg) {
        return Status(v1::CONVERSION_MISMATCH,
                      std::to_string(duties) + " tree-planting dut" + (duties == 1 ? "y" : "ies") +
                          " at kg_per_planting_duty " + std::to_string(kg) + " retire " +
                          std::to_string(duties * kg) + " kg; the quantity is " +
                          std::to_string(body.quantity()));
      }
      return Status::Ok();
    }
    case v1::Retire::kEcoJudicial: {
      const v1::EcoJudicialOrder& order = body.eco_judicial();
      LINCAO_RETURN_IF_ERROR(rules::CheckText("court case number", order.case_number(), true));
      switch (order.authority_case()) {
        case v1::EcoJudicialOrder::kCourtOrderRef:
          return rules::CheckText("court order reference", order.court_order_ref(), true);
        case v1::EcoJudicialOrder::kCourt: {
          auto court = rules::LoadExistingAccount(state, order.court(), "court");
          if (!court.ok()) return court.status();
          LINCAO_RETURN_IF_ERROR(
              rules::RequireRole(*court, v1::JUDICIAL, "order an eco-judicial retirement"));
          if (std::find(cosigners.begin(), cosigners.end(), order.court()) == cosigners.end()) {
            return Status(v1::UNAUTHORIZED,
                          "court '" + order.court() +
                              "' must co-sign the eco-judicial retirement (add it as a cosigner "
                              "and collect its signature), or give the court order reference "
                              "instead");
          }
          return Status::Ok();
        }
        case v1::EcoJudicialOrder::AUTHORITY_NOT_SET:
          break;
      }
      return Status(v1::INVALID_ARGUMENT,
                    "an eco-judicial retirement names the co-signing court's account or the "
                    "court order's reference");
    }
    case v1::Retire::kFootprint: {
      const v1::FootprintCategory c = body.footprint().category();
      if (c < v1::CLOTHING || c > v1::USE) {
        return Status(v1::INVALID_ARGUMENT,
                      "footprint category must be clothing, food, housing, travel or use "
                      "(衣食住行用)");
      }
      if (body.beneficiary().who_case() != v1::Beneficiary::kPersonCommitment) {
        return Status(v1::INVALID_ARGUMENT,
                      "a personal footprint is a person's: the beneficiary is the person's "
                      "salted commitment");
      }
      return Status::Ok();
    }
    case v1::Retire::kSubject:
      return rules::CheckText("neutrality subject", body.subject().name(), true);
    case v1::Retire::DETAIL_NOT_SET:
      break;
  }
  // OTHER: the note says what the retirement is for.
  return rules::CheckText("note (what an OTHER retirement is for)", body.note(), true);
}

// Every check of the body that reads no holdings, in the documented order.
Status CheckRetireBody(const ApplyContext& ctx, const StateReader& state, const v1::Retire& body,
                       const std::vector<std::string>& cosigners) {
  const bool v4 = UsingCredits(ctx);
  if (!v4) {
    if (std::string field = FirstVersion4Field(body); !field.empty()) {
      return Status(v1::INVALID_ARGUMENT,
                    "retire field '" + field +
                        "' needs chaincode version 4 (using credits); this chain runs version " +
                        std::to_string(ctx.params.chaincode_version));
    }
  }
  LINCAO_RETURN_IF_ERROR(CheckBeneficiary(body));
  if (!v1::RetirementPurpose_IsValid(body.purpose()) || body.purpose() == v1::PURPOSE_UNSPECIFIED) {
    return Status(v1::INVALID_ARGUMENT,
                  "a retirement needs a purpose (large-event, "
                  "tree-planting-duty, eco-judicial, ...)");
  }
  if (v4) {
    LINCAO_RETURN_IF_ERROR(CheckDetail(ctx, state, body, cosigners));
  } else if (body.purpose() == v1::ECO_JUDICIAL && body.scenario_ref().empty()) {
    return Status(v1::INVALID_ARGUMENT,
                  "an eco-judicial retirement needs the court case number in scenario_ref");
  }
  LINCAO_RETURN_IF_ERROR(rules::CheckText("scenario_ref", body.scenario_ref(), false));
  LINCAO_RETURN_IF_ERROR(rules::CheckText("jurisdiction", body.jurisdiction(), false));
  LINCAO_RETURN_IF_ERROR(rules::CheckText("note", body.note(), false));
  if (v4) {
    if (!body.jurisdiction().empty() && !IsAreaCode(body.jurisdiction())) {
      return Status(v1::INVALID_ARGUMENT,
                    "jurisdiction is a 6-digit administrative area code (e.g. 510100), or empty");
    }
    if (body.period_start_ms() >= body.period_end_ms()) {
      return Status(v1::INVALID_ARGUMENT,
                    "the consumption period [start, end) must start before it ends");
    }
  } else if (body.period_end_ms() < body.period_start_ms()) {
    return Status(v1::INVALID_ARGUMENT, "consumption period ends before it starts");
  }
  return Status::Ok();
}

RetirementRecordData NewRecord(const ApplyContext& ctx, uint64_t id, const std::string& holder,
                               const v1::Retire& body, const Holdings& moved) {
  RetirementRecordData rec;
  rec.id = id;
  rec.tx_id = ctx.tx_id;
  rec.height = ctx.height;
  rec.time_ms = ctx.time_ms;
  rec.holder = holder;
  rec.quantity = body.quantity();
  for (const HeldRange& r : moved) rec.ranges.push_back({r.batch_id, r.first, r.last});
  if (body.beneficiary().who_case() == v1::Beneficiary::kOrganisation) {
    rec.beneficiary_organisation = body.beneficiary().organisation();
  } else {
    rec.beneficiary_commitment = body.beneficiary().person_commitment();
  }
  rec.purpose = static_cast<uint32_t>(body.purpose());
  rec.scenario_ref = body.scenario_ref();
  rec.jurisdiction = body.jurisdiction();
  rec.period_start_ms = body.period_start_ms();
  rec.period_end_ms = body.period_end_ms();
  rec.note = body.note();
  if (!UsingCredits(ctx)) return rec;  // format 1: the bytes versions 1-3 wrote
  rec.format = kRecordFormat2;
  switch (body.detail_case()) {
    case v1::Retire::kEvent:
      rec.event_name = body.event().name();
      rec.event_kind = static_cast<uint32_t>(body.event().kind());
      break;
    case v1::Retire::kTreePlanting:
      rec.planting_duties = body.tree_planting().duties();
      rec.kg_per_planting_duty = ctx.params.kg_per_planting_duty;
      break;
    case v1::Retire::kEcoJudicial:
      rec.case_number = body.eco_judicial().case_number();
      rec.court = body.eco_judicial().court();
      rec.court_order_ref = body.eco_judicial().court_order_ref();
      break;
    case v1::Retire::kFootprint:
      rec.footprint_category = static_cast<uint32_t>(body.footprint().category());
      break;
    case v1::Retire::kSubject:
      rec.subject = body.subject().name();
      break;
    case v1::Retire::DETAIL_NOT_SET:
      break;
  }
  rec.claim_id = body.claim_id();
  return rec;
}

// Version 4's indexes and totals of a new retirement. `projects` are the
// distinct projects of its batches (ascending).
Status IndexRetirement(StateView& state, const RetirementRecordData& rec,
                       const std::set<std::string>& projects) {
  if (!rec.beneficiary_commitment.empty()) {
    state.Put(keys::RetirementByCommitment(rec.beneficiary_commitment, rec.id), "");
  }
  state.Put(keys::RetirementByPurpose(rec.purpose, rec.id), "");
  for (const std::string& project : projects) {
    state.Put(keys::RetirementByProject(project, rec.id), "");
  }
  state.Put(keys::RetirementByPeriod(rec.period_start_ms, rec.id), "");
  auto totals = LoadRecord<RetirementTotalsRecord>(state, keys::RetirementTotals(rec.purpose));
  if (!totals.ok()) return totals.status();
  RetirementTotalsRecord t = totals.value() ? **totals : RetirementTotalsRecord{};
  // Every retired unit has its own serial below kMaxSerial = 2^62, so the
  // sum of all retirements stays below 2^62 too.
  t.kg += rec.quantity;
  t.count += 1;
  state.Put(keys::RetirementTotals(rec.purpose), t.Encode());
  return Status::Ok();
}

}  // namespace

namespace keys {
std::string RetirementPrefix() { return "r/"; }
std::string RetirementByCommitmentPrefix(std::string_view commitment) {
  return "R/c/" + std::string(commitment) + "/";
}
std::string RetirementByCommitment(std::string_view commitment, uint64_t id) {
  return RetirementByCommitmentPrefix(commitment) + BigEndian64(id);
}
std::string RetirementByPurposePrefix(uint32_t purpose) {
  return "R/p/" + PurposeInKey(purpose) + "/";
}
std::string RetirementByPurpose(uint32_t purpose, uint64_t id) {
  return RetirementByPurposePrefix(purpose) + BigEndian64(id);
}
std::string RetirementByProjectPrefix(std::string_view project) {
  return "R/j/" + std::string(project) + "/";
}
std::string RetirementByProject(std::string_view project, uint64_t id) {
  return RetirementByProjectPrefix(project) + BigEndian64(id);
}
std::string RetirementByPeriodPrefix() { return "R/s/"; }
std::string RetirementByPeriod(uint64_t period_start_ms, uint64_t id) {
  return RetirementByPeriodPrefix() + BigEndian64(period_start_ms) + "/" + BigEndian64(id);
}
std::string RetirementTotals(uint32_t purpose) { return "R/t/" + PurposeInKey(purpose); }
}  // namespace keys

Bytes RetirementTotalsRecord::Encode() const {
  CanonicalWriter w;
  w.U8(kTagRetirementTotals).U8(kVersion1).U64(kg).U64(count);
  return w.Take();
}

bool RetirementTotalsRecord::Decode(std::string_view in, RetirementTotalsRecord* out) {
  CanonicalReader r(in);
  if (r.U8() != kTagRetirementTotals || r.U8() != kVersion1) return false;
  out->kg = r.U64();
  out->count = r.U64();
  return r.AtEnd();
}

Result<RetirementRecordData> RecordRetirement(const ApplyContext& ctx, StateView& state,
                                              const std::string& holder, const v1::Retire& body,
                                              const std::vector<std::string>& cosigners) {
  LINCAO_RETURN_IF_ERROR(CheckRetireBody(ctx, state, body, cosigners));
  auto counters = rules::LoadCounters(state);
  if (!counters.ok()) return counters.status();
  auto moved = rules::TakeUnits(ctx, state, holder, body.quantity(), body.ranges());
  if (!moved.ok()) return moved.status();
  LINCAO_RETURN_IF_ERROR(CheckUnitsMayMove(ctx, state, holder, *moved));

  RetirementRecordData rec = NewRecord(ctx, counters->next_retirement_id, holder, body, *moved);
  // Retired units per batch, in batch order (std::map: deterministic).
  std::map<uint64_t, uint64_t> per_batch;
  for (const HeldRange& r : *moved) per_batch[r.batch_id] += r.count();
  std::set<std::string> projects;
  for (const auto& [batch_id, units] : per_batch) {
    auto batch = LoadRecord<CreditBatchRecord>(state, keys::Batch(batch_id));
    if (!batch.ok()) return batch.status();
    if (!batch.value()) return Status(v1::INTERNAL, "held units of a missing batch");
    (*batch)->retired += units;
    state.Put(keys::Batch(batch_id), (*batch)->Encode());
    // A batch with a code came from issue_credits and belongs to a project
    // the chain knows; issue_batch batches name free text, not a project.
    if (!(*batch)->code.empty()) projects.insert((*batch)->project_id);
  }
  counters->next_retirement_id += 1;
  state.Put(keys::Retirement(rec.id), rec.Encode());
  state.Put(keys::Counters(), counters->Encode());
  if (UsingCredits(ctx)) LINCAO_RETURN_IF_ERROR(IndexRetirement(state, rec, projects));
  // A retirement naming a neutrality claim covers it (chaincode/neutrality_claims.h).
  if (rec.claim_id != 0) LINCAO_RETURN_IF_ERROR(LinkRetirementToClaim(state, rec.claim_id, rec));
  if (ctx.output != nullptr) ctx.output->created_id = rec.id;
  return rec;
}

Result<RetirementRecordData> LoadRetirement(const StateReader& state, uint64_t id) {
  auto rec = LoadRecord<RetirementRecordData>(state, keys::Retirement(id));
  if (!rec.ok()) return rec.status();
  if (!rec.value()) {
    return Status(v1::UNKNOWN_RETIREMENT,
                  "no retirement " + std::to_string(id) +
                      " (ids are 1, 2, ... in the order retired; `lincao query retirements` "
                      "lists them)");
  }
  return std::move(**rec);
}

}  // namespace lincao
