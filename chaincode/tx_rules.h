// The per-type rules behind ApplyTx and the helpers they share. One file per
// transaction type (tx_<type>.cc). Only the state reader LoadExistingAccount
// is meant for use outside chaincode; queries read holdings through
// chaincode/holdings.h, the same code as the rules.
#pragma once

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
Status Retire(const ApplyContext& ctx, const AccountRecord& actor, const v1::Retire& body,
              StateView& state);

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
Result<AccountRecord> ValidateNewAccount(const ChainParams& params, const NewAccount& spec,
                                         bool governance_roles_allowed);

// --- shared helpers (tx_common.cc) ---

// [a-z0-9][a-z0-9._-]{1,63}
bool IsValidAccountId(std::string_view id);
// Auditors read everything and write nothing: they neither act nor hold units.
bool IsAuditorOnly(const AccountRecord& account);
Status CheckText(std::string_view field, std::string_view value, bool required);
Status RequireRole(const AccountRecord& actor, v1::Role role, std::string_view action);

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

}  // namespace lincao::rules
