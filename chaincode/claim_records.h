// Neutrality claims (碳中和见证, chaincode version 4): the records and keys
// behind declare_claim, witness_claim, withdraw_claim and the link a
// retirement makes to a claim (chaincode/neutrality_claims.h). The layouts
// are in docs/formats.md "Neutrality claims".
//
//   N                                 ClaimCounterRecord: the next claim id
//   N/<u64 claim id>                  NeutralityClaimRecord
//   E/<u32 kind><str entity><u64 id>  empty: the claims of one entity
//   K/<u64 claim id>/<u64 retirement> empty: the retirements linked to a claim
//
// The entity index carries the name with its length (str), so one entity's
// prefix never is a prefix of another's, whatever bytes the names hold.
// The claim counter lives under its own key rather than in Counters ('c'):
// chains of earlier versions keep their counter bytes (and state hashes)
// exactly as they were.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "chaincode/bytes.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"
#include "lincao/v1/state.pb.h"

namespace lincao {

namespace keys {
std::string ClaimCounter();                                             // N
std::string Claim(uint64_t claim_id);                                   // N/<id>
std::string ClaimPrefix();                                              // N/
std::string EntityClaimPrefix(uint32_t kind, std::string_view entity);  // E/<kind><str entity>
std::string EntityClaim(uint32_t kind, std::string_view entity, uint64_t claim_id);
std::string ClaimLinkPrefix(uint64_t claim_id);  // K/<id>/
std::string ClaimLink(uint64_t claim_id, uint64_t retirement_id);
}  // namespace keys

// 'c' at N. Absent until the first claim: the next id is then 1.
struct ClaimCounterRecord {
  uint64_t next_claim_id = 1;

  Bytes Encode() const;
  static bool Decode(std::string_view in, ClaimCounterRecord* out);
};

// 'n' at N/<id>. `state` is v1::ClaimState; the coverage (open, partly
// covered, covered) is derived from covered_kg and footprint_kg, never
// stored, so it cannot disagree with them.
struct NeutralityClaimRecord {
  uint64_t id = 0;
  Hash32 tx_id{};
  uint64_t height = 0;
  uint64_t time_ms = 0;
  std::string declarant;
  uint32_t entity_kind = 0;  // v1::ClaimEntityKind
  std::string entity;
  uint64_t period_start_ms = 0;
  uint64_t period_end_ms = 0;
  uint64_t footprint_kg = 0;
  Hash32 evidence_hash{};
  std::string platform;  // may be empty
  uint64_t covered_kg = 0;
  uint64_t retirements = 0;
  uint32_t state = v1::CLAIM_ACTIVE;
  // Closing (witness or withdrawal); zero or empty while active.
  std::string closed_by;
  uint64_t closed_height = 0;
  uint64_t closed_time_ms = 0;
  Hash32 closed_tx_id{};
  std::string statement_hash;   // witnessed: 32 bytes; else empty
  std::string withdraw_reason;  // withdrawn: the reason; else empty

  bool active() const { return state == v1::CLAIM_ACTIVE; }
  v1::ClaimCoverage coverage() const;
  Bytes Encode() const;
  static bool Decode(std::string_view in, NeutralityClaimRecord* out);
  v1::NeutralityClaim ToProto() const;
};

// The claim `id`: UNKNOWN_CLAIM when absent, INTERNAL when corrupt.
Result<NeutralityClaimRecord> LoadClaim(const StateReader& state, uint64_t id);

// "witnessed by X in block H" / "withdrawn by X in block H (reason)": what
// a refusal of a closed claim says.
std::string DescribeClosedClaim(const NeutralityClaimRecord& claim);

}  // namespace lincao
