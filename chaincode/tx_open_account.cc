#include <algorithm>
#include <set>

#include "chaincode/limits.h"
#include "chaincode/suite.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {
namespace {

// Roles that only genesis or governance may grant: they change who governs.
bool IsGovernanceRole(v1::Role role) {
  return role == v1::REGISTRAR || role == v1::SUPERVISOR || role == v1::EXPERT ||
         role == v1::PARTNER_REGISTRY;
}

}  // namespace

Status CheckPublicKey(const ChainParams& params, const AccountKeyRecord& k,
                      const std::string& who) {
  const SignatureSuite* suite = FindSuite(k.suite);
  const std::string key = "key " + std::to_string(k.key_id);
  if (suite == nullptr || k.suite != params.suite) {
    return Status(v1::UNKNOWN_SUITE, who + key + " uses suite " + std::string(SuiteName(k.suite)) +
                                         ", not this chain's " +
                                         std::string(SuiteName(params.suite)));
  }
  if (k.public_key.size() != suite->public_key_bytes()) {
    return Status(v1::BAD_KEY_SET, who + key + " is " + std::to_string(k.public_key.size()) +
                                       " bytes; expected " +
                                       std::to_string(suite->public_key_bytes()));
  }
  if (!suite->IsValidPublicKey(k.public_key)) {
    return Status(v1::BAD_KEY_SET, who + key + " is not a valid public key of suite " +
                                       std::string(suite->name()) +
                                       " (small-order or non-canonical point): generate it "
                                       "with `lincao keys new`");
  }
  return Status::Ok();
}

Result<AccountRecord> ValidateNewAccount(const ChainParams& params, const NewAccount& spec,
                                         OpenableRoles openable) {
  if (!IsValidAccountId(spec.id)) {
    return Status(v1::BAD_ACCOUNT_ID, "account id '" + std::string(spec.id) +
                                          "' must be 2-64 characters of a-z, 0-9, '.', '_', "
                                          "'-', starting with a letter or digit");
  }
  const std::string who = "account '" + std::string(spec.id) + "': ";
  if (spec.roles.empty()) {
    return Status(v1::INVALID_ARGUMENT, who + "an account needs at least one role");
  }
  AccountRecord rec;
  rec.id = std::string(spec.id);
  for (int r : spec.roles) {
    if (!v1::Role_IsValid(r) || r == v1::ROLE_UNSPECIFIED) {
      return Status(v1::INVALID_ARGUMENT, who + "unknown role number " + std::to_string(r));
    }
    const auto role = static_cast<v1::Role>(r);
    const bool refused = (openable == OpenableRoles::kNonGovernance && IsGovernanceRole(role)) ||
                         (openable == OpenableRoles::kHoldersOnly && role != v1::PROJECT_OWNER &&
                          role != v1::PARTICIPANT);
    if (refused) {
      return Status(v1::UNAUTHORIZED, who + "role " + v1::Role_Name(role) +
                                          " is granted only by genesis or governance "
                                          "(grant_role)");
    }
    if (rec.roles_mask & (1u << r)) {
      return Status(v1::INVALID_ARGUMENT,
                    who + "role " + v1::Role_Name(static_cast<v1::Role>(r)) + " is listed twice");
    }
    rec.roles_mask |= 1u << r;
  }
  if (spec.keys.empty() || spec.keys.size() > kMaxKeysPerAccount) {
    return Status(v1::BAD_KEY_SET,
                  who + "an account needs 1 to " + std::to_string(kMaxKeysPerAccount) + " keys");
  }
  std::set<uint32_t> ids;
  std::set<Bytes> publics;  // one key under two ids would fake a threshold
  for (const auto& k : spec.keys) {
    LINCAO_RETURN_IF_ERROR(CheckPublicKey(params, k, who));
    if (!ids.insert(k.key_id).second || !publics.insert(k.public_key).second) {
      return Status(v1::BAD_KEY_SET, who + "key ids and public keys must be unique");
    }
    rec.keys.push_back(k);
  }
  std::sort(rec.keys.begin(), rec.keys.end(),
            [](const auto& a, const auto& b) { return a.key_id < b.key_id; });
  if (spec.threshold < 1 || spec.threshold > rec.keys.size()) {
    return Status(v1::BAD_KEY_SET, who + "threshold " + std::to_string(spec.threshold) +
                                       " must be between 1 and the number of keys (" +
                                       std::to_string(rec.keys.size()) + ")");
  }
  rec.threshold = spec.threshold;
  LINCAO_RETURN_IF_ERROR(CheckText("display_name", spec.display_name, false));
  rec.display_name = std::string(spec.display_name);
  return rec;
}

Status OpenAccount(const ApplyContext& ctx, const AccountRecord& actor, const v1::OpenAccount& body,
                   StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::REGISTRAR, "open accounts"));
  if (IsValidAccountId(body.id()) && state.Get(keys::Account(body.id()))) {
    return Status(v1::ACCOUNT_EXISTS, "account '" + body.id() + "' already exists");
  }
  NewAccount spec{body.id(),
                  {body.roles().begin(), body.roles().end()},
                  body.threshold(),
                  {},
                  body.display_name()};
  for (const auto& k : body.keys()) spec.keys.push_back({k.key_id(), k.suite(), k.key()});
  auto rec = ValidateNewAccount(
      ctx.params, spec,
      GovernanceGrantsRoles(ctx) ? OpenableRoles::kHoldersOnly : OpenableRoles::kNonGovernance);
  if (!rec.ok()) return rec.status();
  // The registrar records which identity documents it checked, as their
  // hash (the documents stay off chain). Version 1 did not ask for it.
  const bool required = IdentityRulesApply(ctx);
  if ((required || !body.identity_hash().empty()) && body.identity_hash().size() != 32) {
    return Status(v1::INVALID_ARGUMENT,
                  "account '" + body.id() + "': identity_hash must be the 32-byte hash of the " +
                      "identity documents the registrar checked (lincao account open " +
                      "--identity-file FILE)" + (required ? "; it is required" : "") + ", got " +
                      std::to_string(body.identity_hash().size()) + " bytes");
  }
  rec->identity_hash = body.identity_hash();
  rec->opened_height = ctx.height;
  state.Put(keys::Account(rec->id), rec->Encode());
  return Status::Ok();
}

}  // namespace lincao::rules
