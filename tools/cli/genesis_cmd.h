// `lincao genesis init --dev`: a throw-away development chain in one folder,
// laid out as docs/interfaces.md describes (genesis.json, keys/, lincaod.toml).
// Genesis time is the wall clock at init, in whole seconds: block time may
// step at most kMaxBlockStepMs past the previous block, so a genesis far in
// the past would leave chain time lagging for many blocks.
// Real chains need a key ceremony among the provincial bodies; that is not
// implemented yet, so only --dev is accepted.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "chaincode/rule_set.h"
#include "tools/cli/command.h"

namespace lincao::cli {

inline constexpr char kDevChainId[] = "lincao-dev";

struct GenesisInitOptions {
  bool dev = false;
  std::string dir;
  std::string chain_id = kDevChainId;
  bool force = false;
  bool json = false;
  // The chaincode version genesis puts in force: the latest this binary
  // implements. Version 3 (the credit lifecycle) refuses `tx issue`
  // (issue_batch); tests and demos of the older free-form issuance ask for 2.
  uint32_t chaincode_version = kLatestChaincodeVersion;
  // A local cluster: N voting nodes node-1..node-N, each with its own folder
  // DIR/node-<i>/ holding lincaod.toml (ports base_port + i - 1 for clients,
  // peer_base_port + i - 1 for peers, all on 127.0.0.1). One node has
  // DIR/lincaod.toml, clients on base_port, and no peers.
  int nodes = 1;
  int base_port = 7050;
  int peer_base_port = 7150;
};

// The lincaod.toml of member `index` (1-based) of a local dev cluster.
std::string DevClusterNodeConfig(int index, int nodes, int base_port, int peer_base_port);

int RunGenesisInit(const GenesisInitOptions& opts, const Io& io);

// The lincaod.toml written next to a one-node dev genesis: the documented
// defaults, serving clients on 127.0.0.1:`port`.
std::string DevNodeConfig(int port);

void AddGenesisCommand(CLI::App& app, Runner& runner);

}  // namespace lincao::cli
