// The multi-signature file flow: `lincao sign FILE --key KEYFILE`,
// `lincao inspect FILE` and `lincao submit FILE`, for transactions written
// by a transaction command with --out (tools/cli/tx_file.h).
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "tools/cli/command.h"
#include "tools/cli/node_options.h"

namespace lincao::cli {

struct SignOptions {
  std::string file;
  std::string key_file;
  std::string for_account;  // --for: sign in a custodial account's name with its custodian's key
  bool json = false;
};

struct InspectOptions {
  std::string file;
  NodeOptions node;
  bool offline = false;
};

struct SubmitFileOptions {
  std::string file;
  NodeOptions node;
  bool no_wait = false;
};

int RunSign(const SignOptions& opts, const Io& io);
int RunInspect(const InspectOptions& opts, const Io& io);
int RunSubmitFile(const SubmitFileOptions& opts, const Io& io);

void AddMultisigCommands(CLI::App& app, Runner& runner);

}  // namespace lincao::cli
