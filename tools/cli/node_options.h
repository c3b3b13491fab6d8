// Options shared by every command that talks to a node: which node, how
// long to wait for it, and whether to print JSON.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "tools/cli/client.h"

namespace lincao::cli {

struct NodeOptions {
  std::string node = kDefaultNode;
  uint32_t timeout_ms = kDefaultTimeoutMs;
  bool json = false;
  std::string tls_ca;  // PEM file: talk TLS, trusting this CA (empty: plaintext)
};

// Adds --node (env LINCAO_NODE), --timeout-ms and --json to `cmd`.
void AddNodeOptions(CLI::App* cmd, NodeOptions* opts);

}  // namespace lincao::cli
