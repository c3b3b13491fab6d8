// The per-type rules behind ApplyTx and the helpers they share. One file per
// transaction type (tx_<type>.cc). Only the state reader LoadExistingAccount
// and IsGovernanceBody (the CLI's `inspect` asks it which bodies need the
// quorum) are meant for use outside chaincode; queries read holdings through
// chaincode/holdings.h, the same code as the rules.
#pragma once

#include <optional>
#include <string_view>

#include "chaincode/apply.h"
#include "chaincode/holdings.h"
#include "chaincode/serial_range.h"

namespace lincao::rules {

Status OpenAccount(const ApplyContext& ctx, const AccountRecord& actor, const v1::OpenAccount& body,
                   StateView& state);
Status IssueBatch(const ApplyContext& ctx, const AccountRecord& actor, const v1::IssueBatch& body,
                  StateView& state);
Status Transfer(const ApplyContext& ctx, const AccountRecord& actor, const v1::Transfer& body,
                StateView& state);
// The whole Tx: an eco-judicial retirement's court co-signs (Tx.cosigners).
Status Retire(const ApplyContext& ctx, const AccountRecord& actor, const v1::Tx& tx,
              StateView& state);
Status UpdateKeys(const ApplyContext& ctx, const AccountRecord& actor, const v1::UpdateKeys& body,
                  StateView& state);
Status OpenPersonalAccount(const ApplyContext& ctx, const AccountRecord& actor,
                           const v1::OpenPersonalAccount& body, StateView& state);
Status CloseAccount(const ApplyContext& ctx, const AccountRecord& actor,
                    const v1::CloseAccount& body, StateView& state);
Status GrantRole(const ApplyContext& ctx, const v1::GrantRole& body, StateView& state);
Status RevokeRole(const ApplyContext& ctx, const v1::RevokeRole& body, StateView& state);
Status SetGovernancePolicy(const ApplyContext& ctx, const v1::SetGovernancePolicy& body,
                           StateView& state);
Status SetParameter(const ApplyContext& ctx, const v1::SetParameter& body, StateView& state);
Status ActivateChaincode(const ApplyContext& ctx, const v1::ActivateChaincode& body,
                         StateView& state);
Status SetNode(const ApplyContext& ctx, const v1::SetNode& body, StateView& state);
Status RemoveNode(const ApplyContext& ctx, const v1::RemoveNode& body, StateView& state);
Status ImposeSanction(const ApplyContext& ctx, const AccountRecord& actor,
                      const v1::ImposeSanction& body, StateView& state);
Status LiftSanction(const ApplyContext& ctx, const AccountRecord& actor, const v1::Tx& tx,
                    StateView& state);

// --- credit lifecycle, chaincode version 3 (tx_methodologies.cc,
// tx_projects.cc, tx_reports.cc, tx_issue_credits.cc) ---
Status ProposeMethodology(const ApplyContext& ctx, const AccountRecord& actor,
                          const v1::ProposeMethodology& body, StateView& state);
Status EvaluateMethodology(const ApplyContext& ctx, const AccountRecord& actor,
                           const v1::EvaluateMethodology& body, StateView& state);
Status ApproveMethodology(const ApplyContext& ctx, const AccountRecord& actor,
                          const v1::ApproveMethodology& body, StateView& state);
Status DeprecateMethodology(const ApplyContext& ctx, const AccountRecord& actor,
                            const v1::DeprecateMethodology& body, StateView& state);
Status SubmitProject(const ApplyContext& ctx, const AccountRecord& actor,
                     const v1::SubmitProject& body, StateView& state);
Status EvaluateProject(const ApplyContext& ctx, const AccountRecord& actor,
                       const v1::EvaluateProject& body, StateView& state);
Status ApproveProject(const ApplyContext& ctx, const AccountRecord& actor,
                      const v1::ApproveProject& body, StateView& state);
Status RegisterProject(const ApplyContext& ctx, const AccountRecord& actor,
                       const v1::RegisterProject& body, StateView& state);
Status HoldProject(const ApplyContext& ctx, const AccountRecord& actor, const v1::HoldProject& body,
                   StateView& state);
Status ResumeProject(const ApplyContext& ctx, const AccountRecord& actor,
                     const v1::ResumeProject& body, StateView& state);
Status TerminateProject(const ApplyContext& ctx, const AccountRecord& actor,
                        const v1::TerminateProject& body, StateView& state);
Status SubmitReport(const ApplyContext& ctx, const AccountRecord& actor,
                    const v1::SubmitReport& body, StateView& state);
Status AttestReport(const ApplyContext& ctx, const AccountRecord& actor,
                    const v1::AttestReport& body, StateView& state);
Status EvaluateReport(const ApplyContext& ctx, const AccountRecord& actor,
                      const v1::EvaluateReport& body, StateView& state);
Status IssueCredits(const ApplyContext& ctx, const AccountRecord& actor,
                    const v1::IssueCredits& body, StateView& state);

// --- holds, supervisory freezes, cancellation, reversal (chaincode v3) ---

// tx_holds.cc: pledges (质押) and judicial freezes (司法冻结) of named ranges.
Status PledgeUnits(const ApplyContext& ctx, const AccountRecord& actor, const v1::Tx& tx,
                   StateView& state);
Status FreezeUnits(const ApplyContext& ctx, const AccountRecord& actor, const v1::FreezeUnits& body,
                   StateView& state);
Status ReleaseHold(const ApplyContext& ctx, const AccountRecord& actor, const v1::ReleaseHold& body,
                   StateView& state);
Status EnforcePledge(const ApplyContext& ctx, const AccountRecord& actor,
                     const v1::EnforcePledge& body, StateView& state);
// tx_supervisory_freezes.cc
Status SetSupervisoryFreeze(const ApplyContext& ctx, const AccountRecord& actor,
                            const v1::SetSupervisoryFreeze& body, StateView& state);
Status LiftSupervisoryFreeze(const ApplyContext& ctx, const AccountRecord& actor,
                             const v1::LiftSupervisoryFreeze& body, StateView& state);
// tx_settlement.cc (chaincode version 4): exchange settlement.
Status SetSettlementMandate(const ApplyContext& ctx, const AccountRecord& actor,
                            const v1::SetSettlementMandate& body, StateView& state);
Status SettleTrade(const ApplyContext& ctx, const AccountRecord& actor, const v1::SettleTrade& body,
                   StateView& state);
// tx_transfer.cc: what a transfer and each settlement leg share.
// The receiving account `to`: exists and is open (UNKNOWN_ACCOUNT,
// ACCOUNT_CLOSED), is not auditor-only (UNAUTHORIZED) and may receive units
// (CheckMayReceive).
Result<AccountRecord> LoadReceiver(const ApplyContext& ctx, const StateReader& state,
                                   std::string_view to);
// Takes `quantity` (or the named `ranges`) from `from` (TakeUnits), checks
// the freezes of `from` and the taken units (FROZEN), receives them at `to`
// and holds `to` to its range limit (HOLDINGS_FRAGMENTED). Returns what moved.
Result<Holdings> MoveUnits(const ApplyContext& ctx, StateView& state, std::string_view from,
                           std::string_view to, uint64_t quantity,
                           const google::protobuf::RepeatedPtrField<v1::SerialRange>& ranges);
// tx_cancel_units.cc
Status CancelUnits(const ApplyContext& ctx, const AccountRecord& actor, const v1::Tx& tx,
                   StateView& state);
// tx_reversal.cc: loss events cancelled from the buffer, and shortfalls.
Status ReportLoss(const ApplyContext& ctx, const AccountRecord& actor, const v1::ReportLoss& body,
                  StateView& state);
Status ClearShortfall(const ApplyContext& ctx, const v1::ClearShortfall& body, StateView& state);

// --- neutrality claims and personal carbon points (chaincode v4) ---

// tx_claims.cc: neutrality claims (碳中和见证); a retirement links to one
// through chaincode/neutrality_claims.h.
Status DeclareClaim(const ApplyContext& ctx, const AccountRecord& actor,
                    const v1::DeclareClaim& body, StateView& state);
Status WitnessClaim(const ApplyContext& ctx, const AccountRecord& actor,
                    const v1::WitnessClaim& body, StateView& state);
Status WithdrawClaim(const ApplyContext& ctx, const AccountRecord& actor,
                     const v1::WithdrawClaim& body, StateView& state);
// tx_points.cc: personal carbon points; the acting account is the custodial
// personal account, signed for by its platform.
Status RecordBehaviour(const ApplyContext& ctx, const AccountRecord& actor,
                       const v1::RecordBehaviour& body, StateView& state);
Status RedeemPoints(const ApplyContext& ctx, const AccountRecord& actor,
                    const v1::RedeemPoints& body, StateView& state);
// INVALID_ARGUMENT "<field> must be a 32-byte hash" unless `value` is 32
// bytes (tx_common.cc).
Status CheckHash(std::string_view field, std::string_view value);

// --- authority (tx_authority.cc) ---

// Governance bodies: those that need the governance policy's quorum
// (clear_shortfall too: one body alone must not lift a project's debt).
bool IsGovernanceBody(v1::Tx::BodyCase body);
// Lifting a sanction of `kind` needs the governance quorum: a revocation
// (取消) is undone only by governance, never by one supervisor.
bool LiftNeedsQuorum(v1::SanctionKind kind);
// Whether `tx` needs the governance quorum: a governance body always; a
// lift_sanction when the sanction in force on its account, `lifted`, is one
// that LiftNeedsQuorum names (nullopt: no sanction in force). The CLI's
// `inspect` asks this rather than keeping its own copy of the rule.
bool NeedsGovernanceQuorum(const v1::Tx& tx, std::optional<v1::SanctionKind> lifted);
// The acting account and the cosigners (all of which signed to threshold).
std::vector<std::string> NamedAccounts(const v1::Tx& tx);
// UNAUTHORIZED when the chain has no policy; GOVERNANCE_QUORUM_NOT_MET when
// fewer than the policy's threshold of governing accounts are named.
Status CheckGovernanceQuorum(const StateReader& state, const v1::Tx& tx, std::string_view action);
// For each named account in order (`actor`, already loaded, is the first):
// it exists and is open (UNKNOWN_ACCOUNT, ACCOUNT_CLOSED); a custodial one's
// custodian still holds SERVICE_PLATFORM (UNAUTHORIZED); no sanction in force
// on it or on its custodian forbids this transaction type (SANCTIONED).
Status CheckNamedAccounts(const StateReader& state, const v1::Tx& tx, const AccountRecord& actor);
// The per-account part of CheckNamedAccounts: a custodial `account`'s
// custodian still holds SERVICE_PLATFORM (UNAUTHORIZED), and no sanction in
// force on it or its custodian forbids transaction type `action` (Tx body
// field number; SANCTIONED). Also for accounts whose units a transaction
// moves without their signature (a settlement leg's sender).
Status CheckAccountMayAct(const StateReader& state, const AccountRecord& account, uint32_t action);
// Whether `account` may receive units: open (ACCOUNT_CLOSED), not suspended
// or revoked, and (from chaincode version 2) holding no oversight role
// (CONFLICT_OF_INTEREST).
Status CheckMayReceive(const ApplyContext& ctx, const StateReader& state,
                       const AccountRecord& account);
// Oversight roles act in their role and never hold units (issue #9).
bool HasOversightRole(const AccountRecord& account);
// Sector-bound work (chaincode version 3): UNAUTHORIZED unless `actor`
// holds `role` (EXPERT or VERIFIER) with `sector` among the sectors its
// e/<account>/<role> record lists; SANCTIONED when a SUSPENDED sanction
// names `sector` (a per-sector suspension bars expert and verifier work
// there, nothing else). `action` completes "may not ...".
Status CheckSectorWork(const StateReader& state, const AccountRecord& actor, v1::Role role,
                       uint32_t sector, std::string_view action);

// Chaincode version 2 differs from version 1 in two rules only: open_account
// grants only PROJECT_OWNER and PARTICIPANT (every other role comes from
// governance), and accounts with an oversight role never receive units.
inline constexpr uint32_t kGovernedRolesVersion = 2;
inline bool GovernanceGrantsRoles(const ApplyContext& ctx) {
  return ctx.params.chaincode_version >= kGovernedRolesVersion;
}
// Chaincode version 2 also brings identity: open_account needs the hash of
// the identity documents, and the bodies open_personal_account (custody) and
// close_account exist from it on.
inline constexpr uint32_t kIdentityVersion = 2;
inline bool IdentityRulesApply(const ApplyContext& ctx) {
  return ctx.params.chaincode_version >= kIdentityVersion;
}
// Chaincode version 3 adds the credit lifecycle bodies (Tx fields 30-59,
// 63-89) and refuses issue_batch (chaincode/rule_set.cc).
inline constexpr uint32_t kCreditLifecycleVersion = 3;
// Chaincode version 4 adds using credits: exchange settlement (Tx fields
// 64-69), neutrality claims and personal carbon points (Tx fields 90-119),
// and the retirement fields of docs/formats.md "Chaincode version 4".
inline constexpr uint32_t kUsingCreditsVersion = 4;

// An account as opening it asks (open_account, or an account in genesis).
struct NewAccount {
  std::string_view id;
  std::vector<int> roles;  // v1::Role numbers
  uint32_t threshold = 0;
  std::vector<AccountKeyRecord> keys;
  std::string_view display_name;
};
// The one validation of a new account, shared by open_account and genesis:
// id syntax, roles (known, not repeated; governance roles only when
// allowed), 1..kMaxKeysPerAccount valid keys of the chain's suite with
// unique ids and public keys, 1 <= threshold <= keys, display name bound.
// Returns the record with keys sorted by id and opened_height 0.
// Which roles a new account may be given at opening.
enum class OpenableRoles {
  kAll,            // genesis
  kNonGovernance,  // open_account, chaincode v1: not REGISTRAR, SUPERVISOR, EXPERT,
                   // PARTNER_REGISTRY
  kHoldersOnly,    // open_account, chaincode v2: PROJECT_OWNER and PARTICIPANT
};
Result<AccountRecord> ValidateNewAccount(const ChainParams& params, const NewAccount& spec,
                                         OpenableRoles openable);
// The checks of one new public key for `account` (suite, length, valid
// point), shared by accounts and node records. `who` prefixes messages.
Status CheckPublicKey(const ChainParams& params, const AccountKeyRecord& key,
                      const std::string& who);

// --- shared helpers (tx_common.cc) ---

// [a-z0-9][a-z0-9._-]{1,63}
bool IsValidAccountId(std::string_view id);
// Auditors read everything and write nothing: they neither act nor hold units.
bool IsAuditorOnly(const AccountRecord& account);
Status CheckText(std::string_view field, std::string_view value, bool required);
Status RequireRole(const AccountRecord& actor, v1::Role role, std::string_view action);

// The account `id`, which must exist (UNKNOWN_ACCOUNT) and be open
// (ACCOUNT_CLOSED): a closed account is refused wherever a rule names it
// (acting, receiving, granted a role, governing, sanctioned, ...). `what`
// says in messages which account it is ("receiving account").
Result<AccountRecord> LoadExistingAccount(const StateReader& state, std::string_view id,
                                          std::string_view what);
Result<Counters> LoadCounters(const StateReader& state);

// Validates quantity and optional named ranges, then takes units from
// `account`: lowest first, or exactly the ranges named (their total must be
// `quantity`). Writes the holder's remaining holdings; returns what moved.
// HOLDINGS_FRAGMENTED when named ranges split the holder's ranges beyond the
// chain's max_ranges_per_account.
Result<Holdings> TakeUnits(const ApplyContext& ctx, StateView& state, std::string_view account,
                           uint64_t quantity,
                           const google::protobuf::RepeatedPtrField<v1::SerialRange>& ranges);

// The checks of a body's quantity and named ranges, in order: quantity
// >= 1 (ZERO_QUANTITY) and <= kMaxQuantity (QUANTITY_OVERFLOW); at least one
// range named (INVALID_ARGUMENT); at most max_ranges_per_tx
// (TOO_MANY_RANGES); each 1 <= first <= last < kMaxSerial (INVALID_ARGUMENT);
// running total <= kMaxQuantity (QUANTITY_OVERFLOW) and equal to `quantity`,
// no overlaps (INVALID_ARGUMENT). Returns the ranges sorted by first serial.
Result<Holdings> ParseNamedRanges(
    const ApplyContext& ctx, uint64_t quantity,
    const google::protobuf::RepeatedPtrField<v1::SerialRange>& ranges);

// Whether taking units holds the holder to max_ranges_per_account. An
// authority acting on someone else's units (a court, the registrar) is
// exempt: a holder must not be able to block it by fragmenting its holdings.
enum class RangeLimit { kEnforce, kExempt };

// ParseNamedRanges, then takes exactly those ranges from `account`
// (RANGE_NOT_HELD when one is not inside a held range), then the range limit.
Result<Holdings> TakeNamedUnits(const ApplyContext& ctx, StateView& state, std::string_view account,
                                uint64_t quantity,
                                const google::protobuf::RepeatedPtrField<v1::SerialRange>& ranges,
                                RangeLimit limit);

}  // namespace lincao::rules
