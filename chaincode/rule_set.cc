#include "chaincode/rule_set.h"

#include <string>

#include "chaincode/tx_rules.h"

namespace lincao {
namespace {

// The human name of a governance body type, for quorum messages.
std::string_view BodyName(v1::Tx::BodyCase body) {
  switch (body) {
    case v1::Tx::kGrantRole:
      return "grant_role";
    case v1::Tx::kRevokeRole:
      return "revoke_role";
    case v1::Tx::kSetGovernancePolicy:
      return "set_governance_policy";
    case v1::Tx::kSetParameter:
      return "set_parameter";
    case v1::Tx::kActivateChaincode:
      return "activate_chaincode";
    case v1::Tx::kSetNode:
      return "set_node";
    case v1::Tx::kRemoveNode:
      return "remove_node";
    case v1::Tx::kClearShortfall:
      return "clear_shortfall";
    default:
      return "this transaction";
  }
}

// Credit lifecycle bodies (Tx fields 30-59, 63 and 70-89) exist from
// version 3, which in turn refuses issue_batch: from then on credits are
// issued only for a verified report (issue_credits). The bodies for using
// credits (Tx fields 64-69 and 90-119) exist from version 4.
Status CheckBodyInVersion(uint32_t version, v1::Tx::BodyCase body) {
  const int field = static_cast<int>(body);
  const bool using_credits = (field >= 64 && field < 70) || (field >= 90 && field < 120);
  if (using_credits && version < rules::kUsingCreditsVersion) {
    return Status(v1::UNSUPPORTED_TX_TYPE,
                  "transaction type (Tx field " + std::to_string(field) +
                      ") belongs to using credits (settlement, neutrality claims, points), "
                      "which needs chaincode version 4; this chain runs version " +
                      std::to_string(version) + " (governance activates a later one)");
  }
  const bool lifecycle = (field >= 30 && field < 60) || field == 63 || (field >= 70 && field < 90);
  if (lifecycle && version < rules::kCreditLifecycleVersion) {
    return Status(v1::UNSUPPORTED_TX_TYPE,
                  "transaction type (Tx field " + std::to_string(field) +
                      ") belongs to the credit lifecycle, which needs chaincode version 3; "
                      "this chain runs version " +
                      std::to_string(version) + " (governance activates a later one)");
  }
  if ((body == v1::Tx::kOpenPersonalAccount || body == v1::Tx::kCloseAccount) &&
      version < rules::kIdentityVersion) {
    return Status(v1::UNSUPPORTED_TX_TYPE,
                  "personal accounts and closing accounts need chaincode version 2; this chain "
                  "runs version " +
                      std::to_string(version));
  }
  if (body == v1::Tx::kIssueBatch && version >= rules::kCreditLifecycleVersion) {
    return Status(v1::UNSUPPORTED_TX_TYPE,
                  "issue_batch is not accepted from chaincode version 3 on: credits are issued "
                  "for a verified monitoring report with issue_credits");
  }
  return Status::Ok();
}

// Versions 1 to 4 share this dispatcher; the two rules in which they
// differ read the version from ctx.params (rules::GovernanceGrantsRoles).
// Order of the checks every type shares (docs/formats.md "Chaincode"):
// acting account exists and is open, is not auditor-only, every named
// account is open (and a custodial one's custodian still a platform), no
// named account or its custodian is sanctioned for this type, the body
// exists in this version, governance types meet the quorum; then the body's
// own rules.
Status ApplyRules(const ApplyContext& ctx, const v1::Tx& tx, StateView& state) {
  auto actor = rules::LoadExistingAccount(state, tx.account(), "acting account");
  if (!actor.ok()) return actor.status();
  if (rules::IsAuditorOnly(*actor)) {
    return Status(v1::UNAUTHORIZED, "account '" + actor->id +
                                        "' is an auditor: auditors read the ledger, never write");
  }
  LINCAO_RETURN_IF_ERROR(rules::CheckNamedAccounts(state, tx, *actor));
  LINCAO_RETURN_IF_ERROR(CheckBodyInVersion(ctx.params.chaincode_version, tx.body_case()));
  if (rules::IsGovernanceBody(tx.body_case())) {
    LINCAO_RETURN_IF_ERROR(rules::CheckGovernanceQuorum(state, tx, BodyName(tx.body_case())));
  }
  switch (tx.body_case()) {
    case v1::Tx::kOpenAccount:
      return rules::OpenAccount(ctx, *actor, tx.open_account(), state);
    case v1::Tx::kUpdateKeys:
      return rules::UpdateKeys(ctx, *actor, tx.update_keys(), state);
    case v1::Tx::kOpenPersonalAccount:
      return rules::OpenPersonalAccount(ctx, *actor, tx.open_personal_account(), state);
    case v1::Tx::kCloseAccount:
      return rules::CloseAccount(ctx, *actor, tx.close_account(), state);
    case v1::Tx::kIssueBatch:
      return rules::IssueBatch(ctx, *actor, tx.issue_batch(), state);
    case v1::Tx::kTransfer:
      return rules::Transfer(ctx, *actor, tx.transfer(), state);
    case v1::Tx::kRetire:
      return rules::Retire(ctx, *actor, tx, state);
    case v1::Tx::kGrantRole:
      return rules::GrantRole(ctx, tx.grant_role(), state);
    case v1::Tx::kRevokeRole:
      return rules::RevokeRole(ctx, tx.revoke_role(), state);
    case v1::Tx::kSetGovernancePolicy:
      return rules::SetGovernancePolicy(ctx, tx.set_governance_policy(), state);
    case v1::Tx::kSetParameter:
      return rules::SetParameter(ctx, tx.set_parameter(), state);
    case v1::Tx::kActivateChaincode:
      return rules::ActivateChaincode(ctx, tx.activate_chaincode(), state);
    case v1::Tx::kSetNode:
      return rules::SetNode(ctx, tx.set_node(), state);
    case v1::Tx::kRemoveNode:
      return rules::RemoveNode(ctx, tx.remove_node(), state);
    case v1::Tx::kImposeSanction:
      return rules::ImposeSanction(ctx, *actor, tx.impose_sanction(), state);
    case v1::Tx::kLiftSanction:
      return rules::LiftSanction(ctx, *actor, tx, state);
    case v1::Tx::kProposeMethodology:
      return rules::ProposeMethodology(ctx, *actor, tx.propose_methodology(), state);
    case v1::Tx::kEvaluateMethodology:
      return rules::EvaluateMethodology(ctx, *actor, tx.evaluate_methodology(), state);
    case v1::Tx::kApproveMethodology:
      return rules::ApproveMethodology(ctx, *actor, tx.approve_methodology(), state);
    case v1::Tx::kDeprecateMethodology:
      return rules::DeprecateMethodology(ctx, *actor, tx.deprecate_methodology(), state);
    case v1::Tx::kSubmitProject:
      return rules::SubmitProject(ctx, *actor, tx.submit_project(), state);
    case v1::Tx::kEvaluateProject:
      return rules::EvaluateProject(ctx, *actor, tx.evaluate_project(), state);
    case v1::Tx::kApproveProject:
      return rules::ApproveProject(ctx, *actor, tx.approve_project(), state);
    case v1::Tx::kRegisterProject:
      return rules::RegisterProject(ctx, *actor, tx.register_project(), state);
    case v1::Tx::kHoldProject:
      return rules::HoldProject(ctx, *actor, tx.hold_project(), state);
    case v1::Tx::kResumeProject:
      return rules::ResumeProject(ctx, *actor, tx.resume_project(), state);
    case v1::Tx::kTerminateProject:
      return rules::TerminateProject(ctx, *actor, tx.terminate_project(), state);
    case v1::Tx::kSubmitReport:
      return rules::SubmitReport(ctx, *actor, tx.submit_report(), state);
    case v1::Tx::kAttestReport:
      return rules::AttestReport(ctx, *actor, tx.attest_report(), state);
    case v1::Tx::kEvaluateReport:
      return rules::EvaluateReport(ctx, *actor, tx.evaluate_report(), state);
    case v1::Tx::kIssueCredits:
      return rules::IssueCredits(ctx, *actor, tx.issue_credits(), state);
    case v1::Tx::kSettleTrade:
      return rules::SettleTrade(ctx, *actor, tx.settle_trade(), state);
    case v1::Tx::kSetSettlementMandate:
      return rules::SetSettlementMandate(ctx, *actor, tx.set_settlement_mandate(), state);
    case v1::Tx::kPledgeUnits:
      return rules::PledgeUnits(ctx, *actor, tx, state);
    case v1::Tx::kFreezeUnits:
      return rules::FreezeUnits(ctx, *actor, tx.freeze_units(), state);
    case v1::Tx::kReleaseHold:
      return rules::ReleaseHold(ctx, *actor, tx.release_hold(), state);
    case v1::Tx::kEnforcePledge:
      return rules::EnforcePledge(ctx, *actor, tx.enforce_pledge(), state);
    case v1::Tx::kSetSupervisoryFreeze:
      return rules::SetSupervisoryFreeze(ctx, *actor, tx.set_supervisory_freeze(), state);
    case v1::Tx::kLiftSupervisoryFreeze:
      return rules::LiftSupervisoryFreeze(ctx, *actor, tx.lift_supervisory_freeze(), state);
    case v1::Tx::kCancelUnits:
      return rules::CancelUnits(ctx, *actor, tx, state);
    case v1::Tx::kReportLoss:
      return rules::ReportLoss(ctx, *actor, tx.report_loss(), state);
    case v1::Tx::kClearShortfall:
      return rules::ClearShortfall(ctx, tx.clear_shortfall(), state);
    case v1::Tx::kDeclareClaim:
      return rules::DeclareClaim(ctx, *actor, tx.declare_claim(), state);
    case v1::Tx::kWitnessClaim:
      return rules::WitnessClaim(ctx, *actor, tx.witness_claim(), state);
    case v1::Tx::kWithdrawClaim:
      return rules::WithdrawClaim(ctx, *actor, tx.withdraw_claim(), state);
    case v1::Tx::kRecordBehaviour:
      return rules::RecordBehaviour(ctx, *actor, tx.record_behaviour(), state);
    case v1::Tx::kRedeemPoints:
      return rules::RedeemPoints(ctx, *actor, tx.redeem_points(), state);
    case v1::Tx::BODY_NOT_SET:
      return Status(v1::MISSING_BODY, "transaction has no body");
  }
  return Status(v1::UNSUPPORTED_TX_TYPE, "transaction type not supported by chaincode version " +
                                             std::to_string(ctx.params.chaincode_version));
}

constexpr RuleSet kRuleSets[] = {
    {1, &ApplyRules},
    {2, &ApplyRules},
    {3, &ApplyRules},
    {4, &ApplyRules},
};

}  // namespace

const RuleSet* FindRuleSet(uint32_t version) {
  for (const RuleSet& r : kRuleSets) {
    if (r.version == version) return &r;
  }
  return nullptr;
}

Status CheckChaincodeVersion(uint32_t version, std::string_view what) {
  if (FindRuleSet(version) != nullptr) return Status::Ok();
  return Status(v1::UNSUPPORTED_CHAINCODE_VERSION,
                std::string(what) + " needs chaincode version " + std::to_string(version) +
                    ", but this lincaod implements versions 1.." +
                    std::to_string(kLatestChaincodeVersion) +
                    ": run a lincaod release that implements it");
}

}  // namespace lincao
