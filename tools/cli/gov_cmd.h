// Governance and identity transactions: `lincao gov role|policy|param|
// chaincode|node ...`, `lincao account keys ...` and `lincao sanction ...`.
// Each builds its body from the options (syntax only; the chaincode applies
// the rules, docs/formats.md "Chaincode versions 1 and 2") and hands it to
// SubmitTx, so each also takes --out, --cosigner and --json.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "chaincode/status.h"
#include "lincao/v1/tx.pb.h"
#include "tools/cli/command.h"
#include "tools/cli/submit.h"

namespace lincao::cli {

// Every option a governance subcommand may take; each uses a few.
struct GovOptions {
  TxOptions tx;
  std::string account;  // the account acted upon (role, sanction)
  std::string role;
  std::vector<std::string> sectors;
  std::vector<std::string> accounts;  // policy members
  uint32_t threshold = 0;
  std::string name;  // parameter
  uint64_t value = 0;
  uint32_t version = 0;
  uint64_t height = 0;
  std::string node_id;
  std::string pubkey_hex;
  std::string pubkey_file;
  std::optional<uint32_t> key_id;  // with --pubkey; the id of a key to remove or replace
  std::string address;
  bool non_voter = false;
  std::vector<std::string> allow;
  std::string reason;
};

Result<v1::GrantRole> BuildGrantRole(const GovOptions& o);
Result<v1::RevokeRole> BuildRevokeRole(const GovOptions& o);
Result<v1::SetGovernancePolicy> BuildPolicy(const GovOptions& o);
Result<v1::SetNode> BuildSetNode(const GovOptions& o);
Result<v1::ImposeSanction> BuildSanction(const GovOptions& o, v1::SanctionKind kind);

void AddGovCommands(CLI::App& app, Runner& runner);

}  // namespace lincao::cli
