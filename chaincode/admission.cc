#include "chaincode/admission.h"

#include "chaincode/apply.h"
#include "chaincode/parameters.h"
#include "chaincode/rule_set.h"

namespace lincao {

bool RefusedAtAdmission(ErrorCode code) {
  switch (code) {
    // Who may act: roles, sanctions, the quorum. A transaction earlier in
    // the queue could change these (a grant, a lift), but a client that
    // depends on one submits after it commits; refusing here keeps
    // unauthorized traffic out of blocks.
    case v1::UNKNOWN_ACCOUNT:
    case v1::UNAUTHORIZED:
    case v1::SANCTIONED:
    case v1::GOVERNANCE_QUORUM_NOT_MET:
    case v1::CONFLICT_OF_INTEREST:
    // Closing is final: a closed account never acts again.
    case v1::ACCOUNT_CLOSED:
    // Values the body type never accepts, whatever the state.
    case v1::INVALID_ARGUMENT:
    case v1::BAD_ACCOUNT_ID:
    case v1::BAD_KEY_SET:
    case v1::ZERO_QUANTITY:
    case v1::UNKNOWN_PARAMETER:
    case v1::PARAMETER_OUT_OF_BOUNDS:
    case v1::UNSUPPORTED_TX_TYPE:
    // Neutrality claims and points (chaincode version 4): a claim's kind,
    // entity, declarant and platform never change and closing it is final;
    // an account that is not custodial never becomes so.
    case v1::CLAIM_CLOSED:
    case v1::NOT_DECLARANT:
    case v1::PURPOSE_MISMATCH:
    case v1::ENTITY_MISMATCH:
    case v1::NOT_CUSTODIAL:
      return true;
    default:
      // Holdings, existence and ordering rules (INSUFFICIENT_UNITS,
      // ACCOUNT_EXISTS, ROLE_ALREADY_HELD, ...) can change with any pending
      // transaction: apply decides them.
      return false;
  }
}

Status CheckAdmission(const ChainParams& genesis, const StateReader& state, uint64_t next_height,
                      uint64_t next_time_ms, const DecodedTx& dtx, const SignatureMemo* memo) {
  auto params = ParamsInForce(genesis, state, next_height);
  if (!params.ok()) return params.status();
  LINCAO_RETURN_IF_ERROR(
      CheckChainAndExpiry(dtx.tx, params->chain_id, next_time_ms, params->max_tx_horizon_ms));
  LINCAO_RETURN_IF_ERROR(VerifySignatures(dtx, state, memo));
  if (FindRuleSet(params->chaincode_version) == nullptr) return Status::Ok();  // apply stops
  OverlayState scratch(state);
  ApplyContext ctx{*params, next_height, next_time_ms, dtx.id, nullptr};
  Status verdict = ApplyTx(ctx, dtx.tx, scratch);
  if (verdict.code() == v1::INTERNAL) return verdict;
  if (!verdict.ok() && RefusedAtAdmission(verdict.code())) return verdict;
  return Status::Ok();
}

}  // namespace lincao
