// Custodial personal accounts (个人碳账户, issue #9): a SERVICE_PLATFORM
// account opens them (open_personal_account) and signs for them. A custodial
// account has no keys of its own; a signature in its name is made with one
// of its custodian's current keys, and the custodian's threshold applies
// (docs/formats.md "Transactions"). So the signature rules (grouping by named
// account, key ids ascending) stay as they are: only the key set a named
// account is judged against changes. Custody ends when the person adds keys
// of their own (update_keys) or the account is closed.
//
// Thread-safety: pure functions over a state reader.
#pragma once

#include "chaincode/records.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"

namespace lincao {

// The account whose keys and threshold sign for `account`: `account` itself,
// or the custodian it names. INTERNAL when a named custodian's record is
// missing or does not decode (accounts are never deleted, so that is
// corruption).
Result<AccountRecord> SigningAccountOf(const StateReader& state, const AccountRecord& account);

}  // namespace lincao
