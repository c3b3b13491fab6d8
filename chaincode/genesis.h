// Genesis: the chain's first state and block 0, from a genesis file (JSON).
// The file names the chain id, the suite, chain parameters, the founding
// accounts with their roles, key sets and thresholds, and the voting nodes.
// Block 0 has no transactions; its state_root commits to that state, and
// its hash (the genesis hash) is what verifiers start from.
//
// Format (docs/interfaces.md "genesis.json" has the schema, docs/formats.md
// "Genesis" the validity rules and block 0):
// {
//   "chain_id": "lincao-dev", "suite": "ed25519-blake2b",
//   "genesis_time_ms": 1767225600000,
//   "params": {"max_tx_horizon_ms": 86400000, "max_ranges_per_tx": 64,
//              "max_ranges_per_account": 10000},
//   "accounts": [{"id": "registrar", "roles": ["REGISTRAR"], "threshold": 1,
//                 "display_name": "...", "keys": [{"key_id": 0, "public_key": "<hex>"}]}],
//   "nodes": [{"id": "node-1", "public_key": "<hex>", "address": "10.0.0.1:7001"}],
//   "governance": {"accounts": ["bureau", "ecology", "registrar"], "threshold": 2}
// }
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "chaincode/block_builder.h"
#include "chaincode/records.h"
#include "chaincode/state_root.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"
#include "lincao/v1/block.pb.h"

namespace lincao {

struct GenesisAccount {
  std::string id;
  std::vector<v1::Role> roles;
  uint32_t threshold = 1;
  std::vector<AccountKeyRecord> keys;
  std::string display_name;
};

struct GenesisNode {
  std::string id;
  Bytes public_key;
};

// The governance policy: m of these accounts must sign governance
// transactions. Absent (no accounts): the chain has no governance.
struct GenesisGovernance {
  std::vector<std::string> accounts;
  uint32_t threshold = 0;
};

struct GenesisSpec {
  ChainParams params;
  std::vector<GenesisAccount> accounts;
  std::vector<GenesisNode> nodes;
  GenesisGovernance governance;
  // Optional peer addresses by node id, written as `d/<id>` records.
  std::map<std::string, std::string> node_addresses;
};

Result<GenesisSpec> ParseGenesisJson(std::string_view json);
std::string GenesisToJson(const GenesisSpec& spec);

struct GenesisResult {
  MapState state;
  StateAccumulator accumulator;
  v1::Block block;  // height 0
  Hash32 hash{};
  std::vector<NodeRecord> voters;  // genesis is certified by its own voters

  // The chain head with block 0 as the latest block.
  ChainHead Head() const;
};

// Validates the spec (ids, roles, keys, params) and builds block 0.
Result<GenesisResult> BuildGenesis(const GenesisSpec& spec);

}  // namespace lincao
