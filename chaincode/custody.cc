#include "chaincode/custody.h"

namespace lincao {

Result<AccountRecord> SigningAccountOf(const StateReader& state, const AccountRecord& account) {
  if (!account.custodial()) return account;
  auto custodian = LoadRecord<AccountRecord>(state, keys::Account(account.custodian));
  if (!custodian.ok()) return custodian.status();
  if (!custodian.value()) {
    return Status(v1::INTERNAL, "custodian '" + account.custodian + "' of account '" + account.id +
                                    "' is missing from state");
  }
  return std::move(**custodian);
}

}  // namespace lincao
