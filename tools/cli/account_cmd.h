// `lincao account open`: the registrar opens an account with roles and a
// public key (transaction OpenAccount).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "chaincode/status.h"
#include "lincao/v1/tx.pb.h"
#include "tools/cli/command.h"
#include "tools/cli/submit.h"

namespace lincao::cli {

struct AccountOpenOptions {
  TxOptions tx;
  std::string id;
  std::vector<std::string> roles;
  std::string pubkey_hex;
  std::string pubkey_file;
  uint32_t key_id = 0;  // with --pubkey; a key file names its own
  uint32_t threshold = 1;
  std::string name;
};

// The OpenAccount body, or INVALID_ARGUMENT describing what is wrong.
Result<v1::OpenAccount> BuildOpenAccount(const AccountOpenOptions& opts);

int RunAccountOpen(const AccountOpenOptions& opts, const Io& io);

void AddAccountCommand(CLI::App& app, Runner& runner);

}  // namespace lincao::cli
