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

Status OpenAccount(const ApplyContext& ctx, const AccountRecord& actor, const v1::OpenAccount& body,
                   StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::REGISTRAR, "open accounts"));
  if (!IsValidAccountId(body.id())) {
    return Status(v1::BAD_ACCOUNT_ID, "account id '" + body.id() +
                                          "' must be 2-64 characters of a-z, 0-9, '.', '_', "
                                          "'-', starting with a letter or digit");
  }
  if (state.Get(keys::Account(body.id()))) {
    return Status(v1::ACCOUNT_EXISTS, "account '" + body.id() + "' already exists");
  }
  if (body.roles().empty()) {
    return Status(v1::INVALID_ARGUMENT, "an account needs at least one role");
  }
  for (int r : body.roles()) {
    if (!v1::Role_IsValid(r) || r == v1::ROLE_UNSPECIFIED) {
      return Status(v1::INVALID_ARGUMENT, "unknown role number " + std::to_string(r));
    }
    if (IsGovernanceRole(static_cast<v1::Role>(r))) {
      return Status(v1::UNAUTHORIZED, "role " + v1::Role_Name(static_cast<v1::Role>(r)) +
                                          " is granted only by genesis or governance");
    }
  }
  if (body.keys().empty() || static_cast<size_t>(body.keys_size()) > kMaxKeysPerAccount) {
    return Status(v1::BAD_KEY_SET,
                  "an account needs 1 to " + std::to_string(kMaxKeysPerAccount) + " keys");
  }
  AccountRecord rec;
  rec.id = body.id();
  rec.roles_mask = RolesMask(body.roles());
  rec.display_name = body.display_name();
  rec.opened_height = ctx.height;
  std::set<uint32_t> ids;
  std::set<Bytes> publics;
  for (const auto& k : body.keys()) {
    const SignatureSuite* suite = FindSuite(k.suite());
    if (suite == nullptr || k.suite() != ctx.params.suite) {
      return Status(v1::UNKNOWN_SUITE, "key " + std::to_string(k.key_id()) + " uses suite " +
                                           std::string(SuiteName(k.suite())) +
                                           ", not this chain's " +
                                           std::string(SuiteName(ctx.params.suite)));
    }
    if (k.key().size() != suite->public_key_bytes()) {
      return Status(v1::BAD_KEY_SET, "key " + std::to_string(k.key_id()) + " is " +
                                         std::to_string(k.key().size()) + " bytes; expected " +
                                         std::to_string(suite->public_key_bytes()));
    }
    if (!ids.insert(k.key_id()).second || !publics.insert(k.key()).second) {
      return Status(v1::BAD_KEY_SET, "key ids and public keys must be unique");
    }
    rec.keys.push_back({k.key_id(), k.suite(), k.key()});
  }
  std::sort(rec.keys.begin(), rec.keys.end(),
            [](const auto& a, const auto& b) { return a.key_id < b.key_id; });
  if (body.threshold() < 1 || body.threshold() > rec.keys.size()) {
    return Status(v1::BAD_KEY_SET, "threshold " + std::to_string(body.threshold()) +
                                       " must be between 1 and the number of keys (" +
                                       std::to_string(rec.keys.size()) + ")");
  }
  rec.threshold = body.threshold();
  LINCAO_RETURN_IF_ERROR(CheckText("display_name", body.display_name(), false));
  state.Put(keys::Account(rec.id), rec.Encode());
  return Status::Ok();
}

}  // namespace lincao::rules
