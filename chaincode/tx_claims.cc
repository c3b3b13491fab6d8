// declare_claim, witness_claim, withdraw_claim (chaincode version 4): a
// neutrality claim (碳中和见证) is declared by the account whose entity's
// footprint it states, covered by retirements that name it
// (neutrality_claims.h, called from the retirement rules), witnessed by a
// service platform once covered, or withdrawn by its declarant. Witness and
// withdrawal close it for good. docs/formats.md "Neutrality claims".
#include "chaincode/neutrality_claims.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {
namespace {

// Marks `claim` closed by the acting account of this transaction.
void Close(const ApplyContext& ctx, const AccountRecord& actor, v1::ClaimState state,
           NeutralityClaimRecord& claim) {
  claim.state = state;
  claim.closed_by = actor.id;
  claim.closed_height = ctx.height;
  claim.closed_time_ms = ctx.time_ms;
  claim.closed_tx_id = ctx.tx_id;
}

Status RequireActive(const NeutralityClaimRecord& claim, std::string_view step) {
  if (claim.active()) return Status::Ok();
  return Status(v1::CLAIM_CLOSED, "claim " + std::to_string(claim.id) + " was " +
                                      DescribeClosedClaim(claim) + "; it cannot be " +
                                      std::string(step) + " any more");
}

}  // namespace

Status DeclareClaim(const ApplyContext& ctx, const AccountRecord& actor,
                    const v1::DeclareClaim& body, StateView& state) {
  if (actor.custodial()) {
    return Status(v1::UNAUTHORIZED,
                  "a personal account does not declare neutrality claims: a claim names its "
                  "entity in public; a person offsets through points (lincao points redeem)");
  }
  if (HasOversightRole(actor)) {
    return Status(v1::CONFLICT_OF_INTEREST,
                  "account '" + actor.id +
                      "' holds an oversight role and never holds units, so it cannot cover a "
                      "neutrality claim");
  }
  if (PurposeCovering(body.entity_kind()) == v1::PURPOSE_UNSPECIFIED) {
    return Status(v1::INVALID_ARGUMENT,
                  "entity_kind must be organisation, event, product, building or region");
  }
  LINCAO_RETURN_IF_ERROR(CheckEntityName(body.entity()));
  if (body.period_start_ms() >= body.period_end_ms()) {
    return Status(v1::INVALID_ARGUMENT,
                  "the footprint period [start, end) must end after it starts");
  }
  if (body.footprint_kg() == 0) {
    return Status(v1::ZERO_QUANTITY, "a footprint is at least 1 kg CO2e");
  }
  if (body.footprint_kg() > kMaxQuantity) {
    return Status(v1::QUANTITY_OVERFLOW, "a footprint is at most 2^50 kg CO2e");
  }
  LINCAO_RETURN_IF_ERROR(CheckHash("evidence_hash", body.evidence_hash()));
  if (!body.platform().empty()) {
    auto platform = LoadExistingAccount(state, body.platform(), "platform");
    if (!platform.ok()) return platform.status();
    if (platform->id == actor.id) {
      return Status(v1::INVALID_ARGUMENT,
                    "platform names the declarant itself; leave it empty (the declarant's own "
                    "retirements always count)");
    }
    LINCAO_RETURN_IF_ERROR(
        RequireRole(*platform, v1::SERVICE_PLATFORM, "cover neutrality claims for others"));
  }

  auto counter = LoadRecord<ClaimCounterRecord>(state, keys::ClaimCounter());
  if (!counter.ok()) return counter.status();
  ClaimCounterRecord next = counter.value() ? **counter : ClaimCounterRecord{};
  NeutralityClaimRecord claim;
  claim.id = next.next_claim_id;
  claim.tx_id = ctx.tx_id;
  claim.height = ctx.height;
  claim.time_ms = ctx.time_ms;
  claim.declarant = actor.id;
  claim.entity_kind = static_cast<uint32_t>(body.entity_kind());
  claim.entity = body.entity();
  claim.period_start_ms = body.period_start_ms();
  claim.period_end_ms = body.period_end_ms();
  claim.footprint_kg = body.footprint_kg();
  claim.evidence_hash = *ToHash32(body.evidence_hash());
  claim.platform = body.platform();
  next.next_claim_id += 1;
  state.Put(keys::Claim(claim.id), claim.Encode());
  state.Put(keys::EntityClaim(claim.entity_kind, claim.entity, claim.id), Bytes());
  state.Put(keys::ClaimCounter(), next.Encode());
  if (ctx.output != nullptr) ctx.output->created_id = claim.id;
  return Status::Ok();
}

Status WitnessClaim(const ApplyContext& ctx, const AccountRecord& actor,
                    const v1::WitnessClaim& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::SERVICE_PLATFORM, "witness neutrality claims"));
  LINCAO_RETURN_IF_ERROR(CheckHash("statement_hash", body.statement_hash()));
  auto claim = LoadClaim(state, body.claim());
  if (!claim.ok()) return claim.status();
  if (claim->declarant == actor.id) {
    return Status(v1::CONFLICT_OF_INTEREST, "'" + actor.id + "' declared claim " +
                                                std::to_string(claim->id) +
                                                "; another service platform must witness it");
  }
  LINCAO_RETURN_IF_ERROR(RequireActive(*claim, "witnessed"));
  if (claim->coverage() != v1::CLAIM_COVERED) {
    return Status(v1::CLAIM_NOT_COVERED,
                  "claim " + std::to_string(claim->id) + " is covered by " +
                      std::to_string(claim->covered_kg) + " of its " +
                      std::to_string(claim->footprint_kg) +
                      " kg; retirements naming it must cover the whole footprint first");
  }
  Close(ctx, actor, v1::CLAIM_WITNESSED, *claim);
  claim->statement_hash = body.statement_hash();
  state.Put(keys::Claim(claim->id), claim->Encode());
  return Status::Ok();
}

Status WithdrawClaim(const ApplyContext& ctx, const AccountRecord& actor,
                     const v1::WithdrawClaim& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(CheckText("reason", body.reason(), true));
  auto claim = LoadClaim(state, body.claim());
  if (!claim.ok()) return claim.status();
  if (claim->declarant != actor.id) {
    return Status(v1::NOT_DECLARANT, "only the declarant '" + claim->declarant +
                                         "' withdraws claim " + std::to_string(claim->id));
  }
  LINCAO_RETURN_IF_ERROR(RequireActive(*claim, "withdrawn"));
  Close(ctx, actor, v1::CLAIM_WITHDRAWN, *claim);
  claim->withdraw_reason = body.reason();
  state.Put(keys::Claim(claim->id), claim->Encode());
  return Status::Ok();
}

}  // namespace lincao::rules
