// The rules of a neutrality claim (碳中和见证) that other transaction types
// reach: which retirement purpose covers which kind of entity, how an entity
// is named, and the link a retirement makes to a claim (Retire.claim_id,
// chaincode version 4). The claim's own transactions are in tx_claims.cc;
// docs/formats.md "Neutrality claims" is the specification.
//
// Thread-safety: pure functions over a state view.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "chaincode/claim_records.h"
#include "chaincode/records.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"

namespace lincao {

// Retirements one claim may link: a claim's detail pages through them, and
// the bound keeps what one entity's claim can grow to finite.
inline constexpr uint64_t kMaxClaimRetirements = 10000;
// An entity's public name, in bytes.
inline constexpr size_t kMaxEntityNameBytes = 256;
// covered_kg stays below this (retirements are at most kMaxQuantity each).
inline constexpr uint64_t kMaxCoveredKg = 1ull << 62;

// The purpose a retirement must have to cover a claim about `kind`
// (PURPOSE_UNSPECIFIED for a kind that is not 1..5).
v1::RetirementPurpose PurposeCovering(uint32_t kind);

// INVALID_ARGUMENT unless `entity` is one spelling of a name: 1 to
// kMaxEntityNameBytes bytes, no control character (below 0x20, or 0x7f), no
// space at either end, no two spaces in a row. (UTF-8 validity is the
// canonical encoding's rule.) Names that differ only in spacing would be two
// entities in the "claims by entity" index.
Status CheckEntityName(std::string_view entity);

// Links the retirement `rec` (complete: id, holder, quantity, purpose and
// consumption period set) to claim `claim_id`. In order: the claim exists
// (UNKNOWN_CLAIM); rec.holder is its declarant or its platform
// (NOT_DECLARANT); it is active (CLAIM_CLOSED); rec.purpose is the one that
// covers its entity kind (PURPOSE_MISMATCH); the event name (LARGE_EVENT)
// or the neutrality subject (the other purposes) is the claim's entity,
// byte for byte (ENTITY_MISMATCH); the consumption period
// [period_start_ms, period_end_ms] lies inside the claim's period
// (OUTSIDE_CLAIM_PERIOD); it has fewer than kMaxClaimRetirements links
// (CLAIM_FULL); covered_kg + quantity stays within kMaxCoveredKg
// (QUANTITY_OVERFLOW). Writes K/<claim>/<retirement> and the claim with the
// quantity added to covered_kg and one more retirement.
Status LinkRetirementToClaim(StateView& state, uint64_t claim_id, const RetirementRecordData& rec);

}  // namespace lincao
