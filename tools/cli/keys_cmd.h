// `lincao keys new|show`: key files (chaincode/key_file.h) for accounts and
// nodes. A new key file is never written over an existing one, and its
// secret never appears in output.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "chaincode/key_file.h"
#include "tools/cli/command.h"

namespace lincao::cli {

struct KeysNewOptions {
  std::string owner;
  std::string kind = "account";
  uint32_t key_id = 0;
  std::string out;
  bool json = false;
};

int RunKeysNew(const KeysNewOptions& opts, const Io& io);
int RunKeysShow(const std::string& path, bool json, const Io& io);

// Reads and parses a key file; errors name the file.
Result<KeyFile> LoadKeyFile(const std::string& path);

void AddKeysCommand(CLI::App& app, Runner& runner);

}  // namespace lincao::cli
