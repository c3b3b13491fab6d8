// open_personal_account: a service platform opens a custodial personal
// carbon account (个人碳账户) for a person. The person appears only as a
// salted commitment the platform keeps; the account holds PARTICIPANT and no
// keys: the platform signs for it (chaincode/custody.h) until the person adds
// keys of their own with update_keys.
#include "chaincode/tx_rules.h"

namespace lincao::rules {

Status OpenPersonalAccount(const ApplyContext& ctx, const AccountRecord& actor,
                           const v1::OpenPersonalAccount& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::SERVICE_PLATFORM, "open personal accounts"));
  if (IsValidAccountId(body.id()) && state.Get(keys::Account(body.id()))) {
    return Status(v1::ACCOUNT_EXISTS, "account '" + body.id() +
                                          "' already exists (ids of closed accounts are never "
                                          "reused)");
  }
  if (!IsValidAccountId(body.id())) {
    return Status(v1::BAD_ACCOUNT_ID, "account id '" + body.id() +
                                          "' must be 2-64 characters of a-z, 0-9, '.', '_', "
                                          "'-', starting with a letter or digit");
  }
  if (body.holder_commitment().size() != 32) {
    return Status(v1::INVALID_ARGUMENT,
                  "holder_commitment must be the 32-byte salted hash of the person's identity "
                  "(never a name or id number), got " +
                      std::to_string(body.holder_commitment().size()) + " bytes");
  }
  AccountRecord rec;
  rec.id = body.id();
  rec.roles_mask = 1u << v1::PARTICIPANT;
  rec.threshold = 0;  // the custodian's threshold applies
  rec.opened_height = ctx.height;
  rec.custodian = actor.id;
  rec.holder_commitment = body.holder_commitment();
  state.Put(keys::Account(rec.id), rec.Encode());
  AccountRecord platform = actor;
  platform.accounts_in_custody += 1;
  state.Put(keys::Account(platform.id), platform.Encode());
  return Status::Ok();
}

}  // namespace lincao::rules
