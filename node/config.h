// lincaod's configuration, read from a TOML file (docs/interfaces.md shows
// every key with its default). Relative paths are resolved against the
// folder holding the config file, so a data directory can be moved whole.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "chaincode/status.h"

namespace lincao::node {

struct Config {
  std::string node_id = "node-1";
  std::filesystem::path data_dir = ".";
  std::filesystem::path genesis = "genesis.json";
  std::filesystem::path node_key = "keys/node-1.key";

  std::string grpc_listen = "127.0.0.1:7050";
  std::filesystem::path port_file;  // empty: none

  uint32_t max_tx_bytes = 64 * 1024;
  uint32_t max_pending_txs = 10000;
  uint32_t batch_max_txs = 500;
  uint32_t batch_max_delay_ms = 5;
  uint32_t wait_timeout_ms = 10000;

  // Recompute the state commitment from the state column family on start and
  // refuse to serve if it differs from the head block's state_root.
  bool verify_state_on_start = false;

  std::string log_level = "info";
};

// Parses `path`; every error names the file, the key and what is expected.
Result<Config> LoadConfig(const std::filesystem::path& path);

// Checks bounds (batch sizes, tx size against the chaincode ceiling, ...).
Status ValidateConfig(const Config& config);

}  // namespace lincao::node
