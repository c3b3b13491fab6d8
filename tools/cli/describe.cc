#include "tools/cli/describe.h"

#include <cctype>

#include "chaincode/bytes.h"
#include "chaincode/suite.h"
#include "chaincode/vintage.h"
#include "tools/cli/format.h"
#include "tools/cli/names.h"
#include "tools/cli/parcels.h"
#include "tools/cli/ranges.h"
#include "tools/cli/render.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

std::string RoleText(int role) {
  return v1::Role_IsValid(role) ? v1::Role_Name(static_cast<v1::Role>(role))
                                : "role " + std::to_string(role);
}

std::string Sectors(const google::protobuf::RepeatedField<int>& sectors) {
  std::string out;
  for (int s : sectors) {
    out += (out.empty() ? "" : ", ") + (v1::Sector_IsValid(s)
                                            ? v1::Sector_Name(static_cast<v1::Sector>(s))
                                            : "sector " + std::to_string(s));
  }
  return out;
}

std::string RangesText(const google::protobuf::RepeatedPtrField<v1::SerialRange>& ranges) {
  std::string out;
  for (const auto& r : ranges) out += (out.empty() ? "" : ", ") + FormatRange(r.first(), r.last());
  return out;
}

std::string HashText(const std::string& h) { return h.empty() ? "-" : ToHex(h); }

// [start, end) in China Standard Time, the lifecycle's calendar.
std::string Span(uint64_t start_ms, uint64_t end_ms) {
  return FormatChinaTimeMs(start_ms) + " to " + FormatChinaTimeMs(end_ms) + " (end exclusive)";
}

std::string Verdict(bool approve) { return approve ? "approve" : "reject"; }

std::string Until(uint64_t expiry_ms, const std::string& none) {
  return expiry_ms == 0 ? none : "until " + FormatChinaTimeMs(expiry_ms);
}

std::string Key(const v1::PublicKey& k) {
  return "key " + std::to_string(k.key_id()) + " (" + std::string(SuiteName(k.suite())) + " " +
         ToHex(k.key()) + ")";
}

}  // namespace

std::string BodyType(const v1::Tx& tx) {
  const auto* oneof = tx.GetDescriptor()->FindOneofByName("body");
  const auto* field = tx.GetReflection()->GetOneofFieldDescriptor(tx, oneof);
  return field == nullptr ? "" : field->name();
}

int BodyNumber(const std::string& name) {
  if (auto n = ParseUint(name)) {
    const auto* f = v1::Tx::descriptor()->FindFieldByNumber(static_cast<int>(*n));
    return f != nullptr && f->containing_oneof() != nullptr ? f->number() : 0;
  }
  std::string spelled = name;
  for (char& c : spelled)
    c = c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto* f = v1::Tx::descriptor()->FindFieldByName(spelled);
  return f != nullptr && f->containing_oneof() != nullptr ? f->number() : 0;
}

std::string BodyName(int number) {
  const auto* f = v1::Tx::descriptor()->FindFieldByNumber(number);
  return f != nullptr && f->containing_oneof() != nullptr ? f->name() : std::to_string(number);
}

std::vector<std::string> DescribeBody(const v1::Tx& tx) {
  std::vector<std::string> l;
  const std::string& actor = tx.account();
  switch (tx.body_case()) {
    case v1::Tx::kOpenAccount: {
      const auto& b = tx.open_account();
      std::string roles;
      for (int r : b.roles()) roles += (roles.empty() ? "" : ", ") + RoleText(r);
      l.push_back("open account " + b.id() + " with roles " + OrDash(roles) + ", " +
                  std::to_string(b.threshold()) + " of " + std::to_string(b.keys_size()) +
                  " key(s) to act");
      for (const auto& k : b.keys()) l.push_back("  " + Key(k));
      if (!b.display_name().empty()) l.push_back("  named \"" + b.display_name() + "\"");
      l.push_back(b.identity_hash().empty()
                      ? "  no identity documents hash (refused from chaincode version 2 on)"
                      : "  identity documents hash " + ToHex(b.identity_hash()));
      break;
    }
    case v1::Tx::kOpenPersonalAccount: {
      const auto& b = tx.open_personal_account();
      l.push_back("open custodial personal account " + b.id() + " (PARTICIPANT, no keys of " +
                  "its own) for a person, signed for by " + actor);
      l.push_back("  holder commitment " + ToHex(b.holder_commitment()));
      break;
    }
    case v1::Tx::kCloseAccount:
      l.push_back("close account " + tx.close_account().account() +
                  " for good: it never acts, signs or receives units again");
      break;
    case v1::Tx::kUpdateKeys: {
      const auto& b = tx.update_keys();
      l.push_back("change the keys of " + actor +
                  " (signed by its current keys; for a custodial account, by its custodian: "
                  "adding keys ends custody)");
      for (uint32_t id : b.remove()) {
        l.push_back("  remove key " + std::to_string(id) + " for good (never valid again)");
      }
      for (const auto& k : b.add()) l.push_back("  add " + Key(k));
      l.push_back(b.threshold() == 0
                      ? "  keep the current threshold (1 for a custodial account taking its "
                        "own keys)"
                      : "  then " + std::to_string(b.threshold()) + " distinct key(s) must sign");
      break;
    }
    case v1::Tx::kGrantRole: {
      const auto& b = tx.grant_role();
      std::string s = "grant role " + RoleText(b.role()) + " to " + b.account();
      if (!b.sectors().empty()) s += " in sectors " + Sectors(b.sectors());
      l.push_back(s);
      break;
    }
    case v1::Tx::kRevokeRole:
      l.push_back("revoke role " + RoleText(tx.revoke_role().role()) + " from " +
                  tx.revoke_role().account());
      break;
    case v1::Tx::kSetGovernancePolicy: {
      const auto& b = tx.set_governance_policy();
      std::string accounts;
      for (const auto& a : b.accounts()) accounts += (accounts.empty() ? "" : ", ") + a;
      l.push_back("replace the governance policy: " + std::to_string(b.threshold()) + " of " +
                  std::to_string(b.accounts_size()) + " governing accounts (" + accounts +
                  ") must approve each governance transaction");
      break;
    }
    case v1::Tx::kSetParameter:
      l.push_back("set chain parameter " + tx.set_parameter().name() + " to " +
                  std::to_string(tx.set_parameter().value()) + ", from the next block on");
      break;
    case v1::Tx::kActivateChaincode:
      l.push_back("run chaincode version " + std::to_string(tx.activate_chaincode().version()) +
                  " from block " + std::to_string(tx.activate_chaincode().height()) + " on");
      break;
    case v1::Tx::kSetNode: {
      const auto& b = tx.set_node();
      l.push_back("add or replace node " + b.id() + " as a " +
                  (b.voter() ? "voting member" : "non-voting member") + " at " + b.address());
      l.push_back("  node key " + std::string(SuiteName(b.suite())) + " " + ToHex(b.public_key()));
      break;
    }
    case v1::Tx::kRemoveNode:
      l.push_back("remove node " + tx.remove_node().id() + " from the membership");
      break;
    case v1::Tx::kImposeSanction: {
      const auto& b = tx.impose_sanction();
      std::string s;
      switch (b.kind()) {
        case v1::SUSPENDED:
          s = "suspend " + b.account() +
              (b.sectors().empty() ? ": no action at all"
                                   : ": no verifier work in sectors " + Sectors(b.sectors()));
          break;
        case v1::RESTRICTED: {
          std::string allowed;
          for (uint32_t n : b.allowed_actions()) {
            allowed += (allowed.empty() ? "" : ", ") + BodyName(static_cast<int>(n));
          }
          s = "restrict " + b.account() + " to " + OrDash(allowed);
          break;
        }
        case v1::REVOKED:
          s = "revoke " + b.account() +
              ": no action at all; only the governance quorum can lift this";
          break;
        default:
          s = "sanction " + b.account() + " (kind " + std::to_string(b.kind()) + ")";
      }
      l.push_back(s + ", replacing any sanction in force");
      l.push_back("  public reason: " + b.reason());
      break;
    }
    case v1::Tx::kLiftSanction:
      l.push_back("lift the sanction on " + tx.lift_sanction().account() +
                  " (a revocation needs the governance quorum)");
      l.push_back("  public reason: " + tx.lift_sanction().reason());
      break;
    case v1::Tx::kIssueBatch: {
      const auto& b = tx.issue_batch();
      l.push_back("issue " + FormatUnits(b.quantity()) + " to " + b.to() + " for project " +
                  b.project_id() + ", vintage " + std::to_string(b.vintage()));
      break;
    }
    case v1::Tx::kTransfer: {
      const auto& b = tx.transfer();
      std::string s = "transfer " + FormatUnits(b.quantity()) + " from " + actor + " to " + b.to();
      if (!b.ranges().empty()) s += ", serials " + RangesText(b.ranges());
      l.push_back(s);
      break;
    }
    case v1::Tx::kRetire: {
      const auto& b = tx.retire();
      const std::string who =
          b.beneficiary().has_person_commitment()
              ? "a person (commitment " + ToHex(b.beneficiary().person_commitment()) + ")"
              : b.beneficiary().organisation();
      std::string s = "retire " + FormatUnits(b.quantity()) + " held by " + actor + " for " + who +
                      ", purpose " + PurposeShortName(b.purpose());
      if (!b.ranges().empty()) s += ", serials " + RangesText(b.ranges());
      l.push_back(s);
      // Chaincode version 4's detail, worded as the record will show it.
      v1::RetirementRecord view;
      switch (b.detail_case()) {
        case v1::Retire::kEvent:
          *view.mutable_event() = b.event();
          break;
        case v1::Retire::kTreePlanting:
          *view.mutable_tree_planting() = b.tree_planting();
          break;
        case v1::Retire::kEcoJudicial:
          *view.mutable_eco_judicial() = b.eco_judicial();
          break;
        case v1::Retire::kFootprint:
          *view.mutable_footprint() = b.footprint();
          break;
        case v1::Retire::kSubject:
          *view.mutable_subject() = b.subject();
          break;
        case v1::Retire::DETAIL_NOT_SET:
          break;
      }
      if (b.has_tree_planting()) {
        l.push_back("  " + std::to_string(b.tree_planting().duties()) +
                    " tree-planting duties (quantity = duties x kg_per_planting_duty)");
      } else if (const std::string detail = RetirementDetailText(view); !detail.empty()) {
        l.push_back("  " + detail);
      }
      if (b.claim_id() != 0)
        l.push_back("  covers neutrality claim " + std::to_string(b.claim_id()));
      break;
    }
    // --- using credits (chaincode version 4) ---
    case v1::Tx::kSetSettlementMandate: {
      const auto& b = tx.set_settlement_mandate();
      l.push_back(b.enabled() ? "let exchange " + b.exchange() + " settle the trades of " + actor
                              : "withdraw the settlement mandate of " + actor + " from exchange " +
                                    b.exchange());
      break;
    }
    case v1::Tx::kSettleTrade: {
      const auto& b = tx.settle_trade();
      l.push_back("as exchange " + actor + ", settle trade " + b.trade_ref() + " in " +
                  std::to_string(b.legs_size()) + " leg(s), all or none:");
      for (int i = 0; i < b.legs_size(); ++i) {
        const auto& leg = b.legs(i);
        std::string s = "  leg " + std::to_string(i) + ": " + FormatUnits(leg.quantity()) +
                        " from " + leg.from() + " to " + leg.to();
        if (!leg.ranges().empty()) s += ", serials " + RangesText(leg.ranges());
        l.push_back(s);
      }
      break;
    }
    // --- credit lifecycle (chaincode version 3) ---
    case v1::Tx::kProposeMethodology: {
      const auto& b = tx.propose_methodology();
      l.push_back("propose methodology " + b.id() + " (" +
                  (v1::Sector_IsValid(b.sector()) ? v1::Sector_Name(b.sector())
                                                  : "sector " + std::to_string(b.sector())) +
                  ") \"" + b.title() + "\": " + FormatBasisPoints(b.buffer_bps()) +
                  " of each issuance to the pooled buffer, " + std::to_string(b.factors_size()) +
                  " conversion factor(s)");
      for (const auto& f : b.factors()) {
        l.push_back("  factor " + f.name() + " = " + std::to_string(f.value()) + " " + f.unit());
      }
      l.push_back("  methodology document hash " + HashText(b.evidence_hash()));
      break;
    }
    case v1::Tx::kEvaluateMethodology: {
      const auto& b = tx.evaluate_methodology();
      l.push_back("as an expert of its sector, " + Verdict(b.approve()) + " methodology " + b.id());
      l.push_back("  opinion hash " + HashText(b.opinion_hash()));
      break;
    }
    case v1::Tx::kApproveMethodology:
      l.push_back("approve methodology " + tx.approve_methodology().id() +
                  " (a supervisor, after the expert quorum approved): projects may use it");
      break;
    case v1::Tx::kDeprecateMethodology:
      l.push_back("deprecate methodology " + tx.deprecate_methodology().id() +
                  ": no new project may use it; existing projects and batches keep it");
      l.push_back("  public reason: " + tx.deprecate_methodology().reason());
      break;
    case v1::Tx::kSubmitProject: {
      const auto& b = tx.submit_project();
      uint64_t centiha = 0;
      for (const auto& p : b.parcels()) centiha += p.area_centiha();
      l.push_back("submit project " + b.id() + " \"" + b.title() + "\" owned by " + actor +
                  " on methodology " + b.methodology() + " in area " + b.area_code() + ": " +
                  std::to_string(b.parcels_size()) + " parcel(s), " + FormatHectares(centiha) +
                  ", crediting period " + Span(b.crediting_start_ms(), b.crediting_end_ms()));
      for (int t : b.tags()) l.push_back("  tag " + ProjectTagText(t));
      if (!b.collective().empty()) {
        l.push_back("  entrusted by collective " + b.collective() + ", its benefit share " +
                    FormatBasisPoints(b.collective_share_bps()));
      }
      for (const auto& p : b.parcels()) {
        l.push_back("  parcel " + ParcelText(p) + ", " + FormatHectares(p.area_centiha()) +
                    ", boundary hash " + HashText(p.boundary_hash()));
      }
      l.push_back("  design document hash " + HashText(b.design_hash()));
      l.push_back("  survey attestation hash " + HashText(b.survey_hash()));
      break;
    }
    case v1::Tx::kEvaluateProject: {
      const auto& b = tx.evaluate_project();
      l.push_back("as an expert of its sector, " + Verdict(b.approve()) + " project " + b.id());
      l.push_back("  opinion hash " + HashText(b.opinion_hash()));
      break;
    }
    case v1::Tx::kApproveProject:
      l.push_back("approve project " + tx.approve_project().id() +
                  " (a supervisor, after the expert quorum approved)");
      break;
    case v1::Tx::kRegisterProject:
      l.push_back("register project " + tx.register_project().id() +
                  " (the registrar): its owner may submit monitoring reports");
      break;
    case v1::Tx::kHoldProject:
      l.push_back("put project " + tx.hold_project().id() +
                  " on hold: no reports and no issuance until resumed");
      l.push_back("  public reason: " + tx.hold_project().reason());
      break;
    case v1::Tx::kResumeProject:
      l.push_back("resume project " + tx.resume_project().id() + " from hold");
      l.push_back("  public reason: " + tx.resume_project().reason());
      break;
    case v1::Tx::kTerminateProject:
      l.push_back("terminate project " + tx.terminate_project().id() +
                  ": its parcels become free to claim again; issued credits stay");
      l.push_back("  public reason: " + tx.terminate_project().reason());
      break;
    case v1::Tx::kSubmitReport: {
      const auto& b = tx.submit_report();
      l.push_back("submit a monitoring report for project " + b.project() + ": period " +
                  Span(b.period_start_ms(), b.period_end_ms()) + ", claiming " +
                  FormatUnits(b.claimed_kg()));
      if (b.period_end_ms() > 0) {
        l.push_back("  its credits will be of vintage " +
                    std::to_string(VintageOfPeriod(b.period_end_ms())) +
                    " (the year, in China Standard Time, of the period's last moment)");
      }
      l.push_back("  monitoring evidence hash " + HashText(b.evidence_hash()));
      break;
    }
    case v1::Tx::kAttestReport: {
      const auto& b = tx.attest_report();
      l.push_back("as a verifier of its sector, attest report " + std::to_string(b.report()) +
                  " of project " + b.project() + ": verified " + FormatUnits(b.verified_kg()));
      l.push_back("  verification report hash " + HashText(b.attestation_hash()));
      break;
    }
    case v1::Tx::kEvaluateReport: {
      const auto& b = tx.evaluate_report();
      l.push_back("as an expert of its sector, " + Verdict(b.approve()) + " report " +
                  std::to_string(b.report()) + " of project " + b.project());
      l.push_back("  opinion hash " + HashText(b.opinion_hash()));
      break;
    }
    case v1::Tx::kIssueCredits: {
      const auto& b = tx.issue_credits();
      l.push_back("issue credits for report " + std::to_string(b.report()) + " of project " +
                  b.project() +
                  ": the verified quantity, the methodology's buffer share to the pooled "
                  "buffer, the rest to the project owner");
      if (!b.note().empty()) l.push_back("  note: " + b.note());
      break;
    }
    case v1::Tx::kPledgeUnits: {
      const auto& b = tx.pledge_units();
      l.push_back("pledge " + FormatUnits(b.quantity()) + " held by " + actor + ", serials " +
                  RangesText(b.ranges()) + ", to " + b.pledgee() + " (which co-signs), " +
                  Until(b.expiry_ms(), "with no expiry"));
      l.push_back("  reason (loan contract): " + b.reason());
      break;
    }
    case v1::Tx::kFreezeUnits: {
      const auto& b = tx.freeze_units();
      l.push_back("freeze " + FormatUnits(b.quantity()) + " held by " + b.holder() + ", serials " +
                  RangesText(b.ranges()) + ", by court order, " +
                  Until(b.expiry_ms(), "with no expiry"));
      l.push_back("  reason (court case): " + b.reason());
      break;
    }
    case v1::Tx::kReleaseHold:
      l.push_back("release hold " + std::to_string(tx.release_hold().hold()) +
                  ": its units return to the holder's tradable holdings");
      l.push_back("  public reason: " + tx.release_hold().reason());
      break;
    case v1::Tx::kEnforcePledge:
      l.push_back("enforce pledge " + std::to_string(tx.enforce_pledge().hold()) +
                  ": its units move to the pledgee");
      l.push_back("  public reason: " + tx.enforce_pledge().reason());
      break;
    case v1::Tx::kSetSupervisoryFreeze: {
      const auto& b = tx.set_supervisory_freeze();
      std::string effect = b.target() == v1::FREEZE_PROJECT
                               ? "no unit of its batches moves or retires, and it gets no issuance"
                               : "none of its units moves or retires";
      l.push_back("freeze " + FreezeTargetText(b.target()) + " " + b.id() +
                  " (supervisory): " + effect + ", " + Until(b.expiry_ms(), "until lifted"));
      l.push_back("  public reason: " + b.reason());
      break;
    }
    case v1::Tx::kLiftSupervisoryFreeze: {
      const auto& b = tx.lift_supervisory_freeze();
      l.push_back("lift the supervisory freeze on " + FreezeTargetText(b.target()) + " " + b.id());
      l.push_back("  public reason: " + b.reason());
      break;
    }
    case v1::Tx::kCancelUnits: {
      const auto& b = tx.cancel_units();
      std::string what = b.hold() != 0 ? "all units of hold " + std::to_string(b.hold())
                                       : FormatUnits(b.quantity()) + " held by " + b.holder() +
                                             ", serials " + RangesText(b.ranges());
      l.push_back("cancel " + what + " for " + CancellationReasonText(b.reason()) +
                  " (the registrar, with a supervisor co-signing); cancelled units never move "
                  "again");
      l.push_back("  what was wrong: " + b.note());
      break;
    }
    case v1::Tx::kReportLoss: {
      const auto& b = tx.report_loss();
      l.push_back("record a " + LossKindText(b.kind()) + " loss of " + FormatUnits(b.loss_kg()) +
                  " on project " + b.project() + " on " + FormatChinaTimeMs(b.occurred_ms()) +
                  ": cancelled from the buffer (the project's own contributions first, then "
                  "the pool); any rest becomes the project's shortfall");
      l.push_back("  evidence hash " + HashText(b.evidence_hash()));
      if (!b.note().empty()) l.push_back("  note: " + b.note());
      break;
    }
    case v1::Tx::kClearShortfall:
      l.push_back("clear the shortfall of project " + tx.clear_shortfall().project() +
                  ": it may be issued credits again");
      l.push_back("  public reason: " + tx.clear_shortfall().reason());
      break;
    // --- neutrality claims and personal carbon points (chaincode version 4) ---
    case v1::Tx::kDeclareClaim: {
      const auto& b = tx.declare_claim();
      l.push_back("declare a neutrality claim for " + EntityKindText(b.entity_kind()) + " \"" +
                  b.entity() + "\": footprint " + FormatUnits(b.footprint_kg()) + " over " +
                  FormatTimeMs(b.period_start_ms()) + " to " + FormatTimeMs(b.period_end_ms()) +
                  " (end exclusive), declared by " + actor);
      l.push_back("  evidence hash " + HashText(b.evidence_hash()));
      l.push_back(b.platform().empty()
                      ? "  covered by the declarant's own retirements"
                      : "  covered by retirements of the declarant or of platform " + b.platform());
      break;
    }
    case v1::Tx::kWitnessClaim:
      l.push_back("witness neutrality claim " + std::to_string(tx.witness_claim().claim()) +
                  " as covered (a service platform); it then takes no more retirements");
      l.push_back("  statement hash " + HashText(tx.witness_claim().statement_hash()));
      break;
    case v1::Tx::kWithdrawClaim:
      l.push_back("withdraw neutrality claim " + std::to_string(tx.withdraw_claim().claim()) +
                  " (its declarant)");
      l.push_back("  public reason: " + tx.withdraw_claim().reason());
      break;
    case v1::Tx::kRecordBehaviour: {
      const auto& b = tx.record_behaviour();
      l.push_back("record " + std::to_string(b.points()) + " points for " +
                  FootprintCategoryText(b.category()) + " on " + FormatChinaDay(b.day()) +
                  " to personal account " + actor + " (its custodian signs)");
      l.push_back("  evidence hash " + HashText(b.evidence_hash()));
      break;
    }
    case v1::Tx::kRedeemPoints: {
      const auto& b = tx.redeem_points();
      if (b.has_retirement()) {
        const auto& r = b.retirement();
        std::string s = "redeem points of " + actor + " for the retirement of " +
                        FormatUnits(r.quantity()) + " from its custodian's holdings, for " +
                        FootprintCategoryText(r.category()) + " (quantity x points_per_kg points)";
        if (!r.ranges().empty()) s += ", serials " + RangesText(r.ranges());
        l.push_back(s);
      } else if (b.has_benefit()) {
        l.push_back("redeem " + std::to_string(b.benefit().points()) + " points of " + actor +
                    " for the benefit \"" + b.benefit().name() + "\"");
      } else {
        l.push_back("redeem points of " + actor + " for nothing (refused)");
      }
      break;
    }
    default:
      l.push_back("(no body this client knows)");
  }
  return l;
}

}  // namespace lincao::cli
