// Chaincode rule sets, looked up by version. Every block names the
// chaincode version its transactions ran under (header chaincode_version,
// from ChainParams), and a node must apply exactly those rules: a binary
// that does not implement the version a ledger or block needs refuses it
// (UNSUPPORTED_CHAINCODE_VERSION) instead of applying other rules and
// forking. Replay from genesis follows the versions in force: genesis
// names the first, and activate_chaincode schedules later ones at a height
// (chaincode/parameters.h ChaincodeVersionAt). Version 2 differs from 1 in
// who grants roles and who may hold units (chaincode/tx_rules.h); version 3
// adds the credit lifecycle (methodologies to reversal) and retires
// issue_batch.
//
// Thread-safety: immutable tables, any thread.
#pragma once

#include <cstdint>

#include "chaincode/apply.h"

namespace lincao {

// The versions this binary implements are 1..kLatestChaincodeVersion.
inline constexpr uint32_t kLatestChaincodeVersion = 4;

struct RuleSet {
  uint32_t version = 0;
  // Runs one transaction's rules (roles and the rules of its body type).
  Status (*apply)(const ApplyContext& ctx, const v1::Tx& tx, StateView& state) = nullptr;
};

// The rule set of `version`, or nullptr when this binary lacks it.
const RuleSet* FindRuleSet(uint32_t version);

// OK, or UNSUPPORTED_CHAINCODE_VERSION naming `what` (e.g. "genesis",
// "block 12") and the versions this binary implements.
Status CheckChaincodeVersion(uint32_t version, std::string_view what);

}  // namespace lincao
