// `lincao account open|open-personal|close`: the registrar opens an
// organisation account with roles, a public key and the hash of the identity
// documents it checked (OpenAccount); a service platform opens a custodial
// personal account (OpenPersonalAccount); an account that holds nothing
// closes itself (CloseAccount).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "chaincode/status.h"
#include "lincao/v1/tx.pb.h"
#include "tools/cli/command.h"
#include "tools/cli/document_hash.h"
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
  DocumentHashOptions identity;  // --identity-hash or --identity-file
};

struct AccountOpenPersonalOptions {
  TxOptions tx;
  std::string id;
  std::string commitment_hex;  // 32 bytes: the platform's salted hash of the person
};

struct AccountCloseOptions {
  TxOptions tx;
};

// The bodies, or INVALID_ARGUMENT describing what is wrong.
// `progress` takes the progress lines of hashing a large identity file.
Result<v1::OpenAccount> BuildOpenAccount(const AccountOpenOptions& opts, std::ostream& progress);
Result<v1::OpenPersonalAccount> BuildOpenPersonalAccount(const AccountOpenPersonalOptions& opts);
Result<v1::CloseAccount> BuildCloseAccount(const AccountCloseOptions& opts);

int RunAccountOpen(const AccountOpenOptions& opts, const Io& io);

void AddAccountCommand(CLI::App& app, Runner& runner);

}  // namespace lincao::cli
