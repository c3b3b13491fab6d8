// Who may act: the governance quorum, sanctions, and who may hold units.
#include <string>

#include "chaincode/governance_records.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {
namespace {

std::string JoinQuoted(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "'" : ", '") + i + "'";
  return out.empty() ? "none" : out;
}

// Whether a sanction forbids its holder transactions of type `action`.
bool Forbids(const SanctionRecord& s, uint32_t action) {
  switch (s.kind) {
    case v1::SUSPENDED:
      // A per-sector suspension bars expert and verifier work in those
      // sectors only, which the sector-bound rules check themselves
      // (CheckSectorWork); no transaction type is forbidden as a whole.
      return s.sectors_mask == 0;
    case v1::RESTRICTED:
      for (uint32_t a : s.allowed_actions) {
        if (a == action) return false;
      }
      return true;
    default:  // REVOKED
      return true;
  }
}

}  // namespace

bool IsGovernanceBody(v1::Tx::BodyCase body) {
  switch (body) {
    case v1::Tx::kGrantRole:
    case v1::Tx::kRevokeRole:
    case v1::Tx::kSetGovernancePolicy:
    case v1::Tx::kSetParameter:
    case v1::Tx::kActivateChaincode:
    case v1::Tx::kSetNode:
    case v1::Tx::kRemoveNode:
    case v1::Tx::kClearShortfall:
      return true;
    default:
      return false;
  }
}

bool LiftNeedsQuorum(v1::SanctionKind kind) { return kind == v1::REVOKED; }

bool NeedsGovernanceQuorum(const v1::Tx& tx, std::optional<v1::SanctionKind> lifted) {
  if (IsGovernanceBody(tx.body_case())) return true;
  return tx.has_lift_sanction() && lifted.has_value() && LiftNeedsQuorum(*lifted);
}

std::vector<std::string> NamedAccounts(const v1::Tx& tx) {
  std::vector<std::string> out = {tx.account()};
  out.insert(out.end(), tx.cosigners().begin(), tx.cosigners().end());
  return out;
}

Status CheckGovernanceQuorum(const StateReader& state, const v1::Tx& tx, std::string_view action) {
  auto policy = LoadGovernancePolicy(state);
  if (!policy.ok()) return policy.status();
  if (!policy.value()) {
    return Status(v1::UNAUTHORIZED, std::string(action) +
                                        " needs the governance policy's quorum, and this chain "
                                        "has no governance policy (genesis sets it)");
  }
  std::vector<std::string> signed_by;
  for (const std::string& a : NamedAccounts(tx)) {
    if ((*policy)->Includes(a)) signed_by.push_back(a);
  }
  if (signed_by.size() >= (*policy)->threshold) return Status::Ok();
  return Status(v1::GOVERNANCE_QUORUM_NOT_MET,
                std::string(action) + " needs " + std::to_string((*policy)->threshold) +
                    " of the " + std::to_string((*policy)->accounts.size()) +
                    " governing accounts (" + JoinQuoted((*policy)->accounts) +
                    ") as acting account or cosigners; named: " + JoinQuoted(signed_by) +
                    ". Add cosigners and collect their signatures");
}

Status CheckAccountMayAct(const StateReader& state, const AccountRecord& account, uint32_t action) {
  // A custodial account acts through its custodian: a sanction on either
  // forbids the action, and once governance revokes SERVICE_PLATFORM the
  // platform acts for no one.
  std::vector<std::string> parties = {account.id};
  if (account.custodial()) {
    auto custodian = LoadExistingAccount(state, account.custodian, "custodian");
    if (!custodian.ok()) return custodian.status();
    LINCAO_RETURN_IF_ERROR(RequireRole(*custodian, v1::SERVICE_PLATFORM,
                                       "sign for custodial account '" + account.id + "'"));
    parties.push_back(account.custodian);
  }
  for (const std::string& a : parties) {
    auto s = LoadRecord<SanctionRecord>(state, keys::Sanction(a));
    if (!s.ok()) return s.status();
    if (!s.value() || !Forbids(**s, action)) continue;
    const std::string who = a == account.id
                                ? "account '" + a + "'"
                                : "custodian '" + a + "' of account '" + account.id + "'";
    return Status(v1::SANCTIONED,
                  who + " is " + v1::SanctionKind_Name(static_cast<v1::SanctionKind>((*s)->kind)) +
                      " by '" + (*s)->authority + "' since block " + std::to_string((*s)->height) +
                      " (" + (*s)->reason + "): it may not sign transaction type " +
                      std::to_string(action));
  }
  return Status::Ok();
}

Status CheckNamedAccounts(const StateReader& state, const v1::Tx& tx, const AccountRecord& actor) {
  const auto action = static_cast<uint32_t>(tx.body_case());
  for (const std::string& named : NamedAccounts(tx)) {
    if (named == actor.id) {
      LINCAO_RETURN_IF_ERROR(CheckAccountMayAct(state, actor, action));
      continue;
    }
    auto loaded = LoadExistingAccount(state, named, "cosigner");
    if (!loaded.ok()) return loaded.status();
    LINCAO_RETURN_IF_ERROR(CheckAccountMayAct(state, *loaded, action));
  }
  return Status::Ok();
}

bool HasOversightRole(const AccountRecord& account) {
  return account.HasRole(v1::REGISTRAR) || account.HasRole(v1::SUPERVISOR) ||
         account.HasRole(v1::EXPERT) || account.HasRole(v1::VERIFIER) ||
         account.HasRole(v1::AUDITOR);
}

Status CheckSectorWork(const StateReader& state, const AccountRecord& actor, v1::Role role,
                       uint32_t sector, std::string_view action) {
  const std::string role_name = v1::Role_Name(role);
  const std::string sector_name = v1::Sector_Name(static_cast<v1::Sector>(sector));
  if (!actor.HasRole(role)) {
    return Status(v1::UNAUTHORIZED, "account '" + actor.id + "' may not " + std::string(action) +
                                        ": it needs role " + role_name + " for sector " +
                                        sector_name);
  }
  auto sectors = LoadRecord<RoleSectorsRecord>(state, keys::RoleSectors(actor.id, role));
  if (!sectors.ok()) return sectors.status();
  if (!sectors.value() || ((*sectors)->sectors_mask >> sector & 1u) == 0) {
    return Status(v1::UNAUTHORIZED, "account '" + actor.id + "' may not " + std::string(action) +
                                        ": its " + role_name + " role does not cover sector " +
                                        sector_name + " (governance grants sectors)");
  }
  auto sanction = LoadRecord<SanctionRecord>(state, keys::Sanction(actor.id));
  if (!sanction.ok()) return sanction.status();
  if (sanction.value() && (*sanction)->kind == v1::SUSPENDED &&
      ((*sanction)->sectors_mask >> sector & 1u) != 0) {
    return Status(v1::SANCTIONED, "account '" + actor.id + "' is SUSPENDED in sector " +
                                      sector_name + " by '" + (*sanction)->authority +
                                      "' since block " + std::to_string((*sanction)->height) +
                                      " (" + (*sanction)->reason + "): it may not " +
                                      std::string(action));
  }
  return Status::Ok();
}

Status CheckMayReceive(const ApplyContext& ctx, const StateReader& state,
                       const AccountRecord& account) {
  if (account.closed()) {
    return Status(v1::ACCOUNT_CLOSED, "account '" + account.id + "' was closed in block " +
                                          std::to_string(account.closed_height) +
                                          " and cannot receive units");
  }
  auto s = LoadRecord<SanctionRecord>(state, keys::Sanction(account.id));
  if (!s.ok()) return s.status();
  if (s.value() &&
      ((*s)->kind == v1::REVOKED || ((*s)->kind == v1::SUSPENDED && (*s)->sectors_mask == 0))) {
    return Status(v1::SANCTIONED,
                  "account '" + account.id + "' is " +
                      v1::SanctionKind_Name(static_cast<v1::SanctionKind>((*s)->kind)) +
                      " and cannot receive units (" + (*s)->reason + ")");
  }
  if (GovernanceGrantsRoles(ctx) && HasOversightRole(account)) {
    return Status(v1::CONFLICT_OF_INTEREST,
                  "account '" + account.id +
                      "' holds an oversight role (registrar, supervisor, expert, verifier or "
                      "auditor) and never holds units");
  }
  return Status::Ok();
}

}  // namespace lincao::rules
