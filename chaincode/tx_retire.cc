#include <map>

#include "chaincode/freezes.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {
namespace {

Status CheckRetireBody(const v1::Retire& body) {
  switch (body.beneficiary().who_case()) {
    case v1::Beneficiary::kOrganisation:
      LINCAO_RETURN_IF_ERROR(
          CheckText("beneficiary organisation", body.beneficiary().organisation(), true));
      break;
    case v1::Beneficiary::kPersonCommitment:
      if (body.beneficiary().person_commitment().size() != 32) {
        return Status(v1::INVALID_ARGUMENT,
                      "a person is recorded as a 32-byte salted commitment, never by name");
      }
      break;
    case v1::Beneficiary::WHO_NOT_SET:
      return Status(v1::INVALID_ARGUMENT, "a retirement needs a beneficiary");
  }
  if (!v1::RetirementPurpose_IsValid(body.purpose()) || body.purpose() == v1::PURPOSE_UNSPECIFIED) {
    return Status(v1::INVALID_ARGUMENT,
                  "a retirement needs a purpose (large-event, "
                  "tree-planting-duty, eco-judicial, ...)");
  }
  if (body.purpose() == v1::ECO_JUDICIAL && body.scenario_ref().empty()) {
    return Status(v1::INVALID_ARGUMENT,
                  "an eco-judicial retirement needs the court case number in scenario_ref");
  }
  LINCAO_RETURN_IF_ERROR(CheckText("scenario_ref", body.scenario_ref(), false));
  LINCAO_RETURN_IF_ERROR(CheckText("jurisdiction", body.jurisdiction(), false));
  LINCAO_RETURN_IF_ERROR(CheckText("note", body.note(), false));
  if (body.period_end_ms() < body.period_start_ms()) {
    return Status(v1::INVALID_ARGUMENT, "consumption period ends before it starts");
  }
  return Status::Ok();
}

}  // namespace

Status Retire(const ApplyContext& ctx, const AccountRecord& actor, const v1::Retire& body,
              StateView& state) {
  LINCAO_RETURN_IF_ERROR(CheckRetireBody(body));
  auto counters = LoadCounters(state);
  if (!counters.ok()) return counters.status();
  auto moved = TakeUnits(ctx, state, actor.id, body.quantity(), body.ranges());
  if (!moved.ok()) return moved.status();
  LINCAO_RETURN_IF_ERROR(CheckUnitsMayMove(ctx, state, actor.id, *moved));

  RetirementRecordData rec;
  rec.id = counters->next_retirement_id;
  rec.tx_id = ctx.tx_id;
  rec.height = ctx.height;
  rec.time_ms = ctx.time_ms;
  rec.holder = actor.id;
  rec.quantity = body.quantity();
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

  // Retired units per batch, in batch order (std::map: deterministic).
  std::map<uint64_t, uint64_t> per_batch;
  for (const HeldRange& r : *moved) {
    rec.ranges.push_back({r.batch_id, r.first, r.last});
    per_batch[r.batch_id] += r.count();
  }
  for (const auto& [batch_id, units] : per_batch) {
    auto batch = LoadRecord<CreditBatchRecord>(state, keys::Batch(batch_id));
    if (!batch.ok()) return batch.status();
    if (!batch.value()) return Status(v1::INTERNAL, "held units of a missing batch");
    (*batch)->retired += units;
    state.Put(keys::Batch(batch_id), (*batch)->Encode());
  }
  counters->next_retirement_id += 1;
  state.Put(keys::Retirement(rec.id), rec.Encode());
  state.Put(keys::Counters(), counters->Encode());
  if (ctx.output != nullptr) ctx.output->created_id = rec.id;
  return Status::Ok();
}

}  // namespace lincao::rules
