// Retirement (注销 for offset): units leave their holder for good and a
// RetirementRecord says for whom, why, where and for which period. The one
// implementation of it, shared by the retire transaction (tx_retire.cc) and
// by every other rule that retires on someone's behalf (personal carbon
// points exchanged for an offset, neutrality claims).
//
// Under chaincode versions 1-3 a retirement writes the record in format 1,
// byte for byte as those versions always did, so old ledgers replay to the
// same state roots. From version 4 the Retire body carries the detail its
// purpose needs (event, tree-planting duties, the court's case, the
// footprint category, the neutrality subject), the record is format 2, and
// the retirement is indexed (docs/formats.md "Chaincode version 4: using
// credits"):
//
//   R/c/<32-byte commitment>/<u64 id>   empty: retirements of a person
//   R/p/<u32 purpose>/<u64 id>          empty: retirements by purpose
//   R/j/<project>/<u64 id>              empty: retirements of units of a project
//   R/s/<u64 period start>/<u64 id>     empty: by start of the consumption period
//   R/t/<u32 purpose>                   RetirementTotalsRecord: kg and count
//
// Thread-safety: pure functions over the caller's state view.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chaincode/apply.h"
#include "chaincode/bytes.h"
#include "chaincode/records.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"
#include "lincao/v1/state.pb.h"
#include "lincao/v1/tx.pb.h"

namespace lincao {

namespace keys {
std::string RetirementPrefix();  // r/
std::string RetirementByCommitmentPrefix(std::string_view commitment);
std::string RetirementByCommitment(std::string_view commitment, uint64_t id);
std::string RetirementByPurposePrefix(uint32_t purpose);
std::string RetirementByPurpose(uint32_t purpose, uint64_t id);
std::string RetirementByProjectPrefix(std::string_view project);
std::string RetirementByProject(std::string_view project, uint64_t id);
std::string RetirementByPeriodPrefix();  // R/s/
std::string RetirementByPeriod(uint64_t period_start_ms, uint64_t id);
std::string RetirementTotals(uint32_t purpose);
}  // namespace keys

// 't' at R/t/<u32 purpose>: what was retired for one purpose under
// chaincode version 4 (retirements of earlier versions are not counted).
struct RetirementTotalsRecord {
  uint64_t kg = 0;
  uint64_t count = 0;

  Bytes Encode() const;
  static bool Decode(std::string_view in, RetirementTotalsRecord* out);
};

// Validates `body` for `holder` under the version in ctx, takes the units
// from `holder` (lowest first, or the ranges named), checks freezes, adds
// them to each batch's `retired`, writes r/<id> (and from version 4 the
// indexes and totals), advances next_retirement_id and sets
// ctx.output->created_id. `cosigners` are the transaction's (Tx.cosigners):
// an eco-judicial retirement names its court among them. The caller has
// checked who acts: this is every rule of the retirement itself, in the
// order of docs/formats.md, and the first failure decides the code.
Result<RetirementRecordData> RecordRetirement(const ApplyContext& ctx, StateView& state,
                                              const std::string& holder, const v1::Retire& body,
                                              const std::vector<std::string>& cosigners = {});

// A retirement record by id (UNKNOWN_RETIREMENT when absent).
Result<RetirementRecordData> LoadRetirement(const StateReader& state, uint64_t id);

}  // namespace lincao
