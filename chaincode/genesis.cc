#include "chaincode/genesis.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "chaincode/block.h"
#include "chaincode/governance_records.h"
#include "chaincode/limits.h"
#include "chaincode/rule_set.h"
#include "chaincode/tx_rules.h"

namespace lincao {
namespace {

using nlohmann::json;

Status Invalid(const std::string& what) { return Status(v1::INVALID_ARGUMENT, "genesis: " + what); }

Result<Bytes> HexField(const json& j, const char* name) {
  if (!j.contains(name) || !j[name].is_string()) return Invalid(std::string(name) + " missing");
  auto b = FromHex(j[name].get<std::string>());
  if (!b) return Invalid(std::string(name) + " is not hex");
  return *b;
}

}  // namespace

Result<GenesisSpec> ParseGenesisJson(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Invalid("file is not a JSON object");
  GenesisSpec spec;
  try {
    spec.params.chain_id = j.at("chain_id").get<std::string>();
    spec.params.suite = SuiteFromName(j.value("suite", "ed25519-blake2b"));
    spec.params.genesis_time_ms = j.at("genesis_time_ms").get<uint64_t>();
    json params = j.value("params", json::object());
    spec.params.max_tx_horizon_ms = params.value("max_tx_horizon_ms", kMaxTxHorizonMs);
    spec.params.max_ranges_per_tx = params.value("max_ranges_per_tx", kMaxRangesPerTx);
    spec.params.chaincode_version = params.value("chaincode_version", 1u);
    spec.params.max_ranges_per_account =
        params.value("max_ranges_per_account", kDefaultMaxRangesPerAccount);
    // Governed parameters outside the 'P' record start at their fixed
    // default; a genesis file naming one would be silently ignored, so it
    // is refused instead.
    for (const char* name : {"expert_quorum", "home_area_prefix", "kg_per_planting_duty",
                             "points_daily_cap", "points_per_kg"}) {
      if (params.contains(name)) {
        return Invalid(std::string("params.") + name +
                       " cannot be set in genesis: it starts at its default and governance "
                       "changes it with set_parameter");
      }
    }
    for (const json& a : j.at("accounts")) {
      GenesisAccount acc;
      acc.id = a.at("id").get<std::string>();
      for (const json& r : a.at("roles")) {
        v1::Role role;
        if (!v1::Role_Parse(r.get<std::string>(), &role)) {
          return Invalid("account " + acc.id + ": unknown role " + r.get<std::string>());
        }
        acc.roles.push_back(role);
      }
      acc.threshold = a.value("threshold", 1u);
      acc.display_name = a.value("display_name", "");
      for (const json& k : a.at("keys")) {
        auto pk = HexField(k, "public_key");
        if (!pk.ok()) return pk.status();
        acc.keys.push_back({k.value("key_id", 0u), spec.params.suite, *pk});
      }
      spec.accounts.push_back(std::move(acc));
    }
    for (const json& n : j.value("nodes", json::array())) {
      auto pk = HexField(n, "public_key");
      if (!pk.ok()) return pk.status();
      spec.nodes.push_back({n.at("id").get<std::string>(), *pk});
      if (n.contains("address")) {
        spec.node_addresses[spec.nodes.back().id] = n.at("address").get<std::string>();
      }
    }
    if (j.contains("governance")) {
      const json& g = j.at("governance");
      spec.governance.accounts = g.at("accounts").get<std::vector<std::string>>();
      spec.governance.threshold = g.at("threshold").get<uint32_t>();
    }
  } catch (const json::exception& e) {
    return Invalid(std::string("malformed field: ") + e.what());
  }
  return spec;
}

std::string GenesisToJson(const GenesisSpec& spec) {
  json j;
  j["chain_id"] = spec.params.chain_id;
  j["suite"] = std::string(SuiteName(spec.params.suite));
  j["genesis_time_ms"] = spec.params.genesis_time_ms;
  j["params"] = {{"max_tx_horizon_ms", spec.params.max_tx_horizon_ms},
                 {"max_ranges_per_tx", spec.params.max_ranges_per_tx},
                 {"chaincode_version", spec.params.chaincode_version},
                 {"max_ranges_per_account", spec.params.max_ranges_per_account}};
  j["accounts"] = json::array();
  for (const auto& a : spec.accounts) {
    json ja;
    ja["id"] = a.id;
    ja["roles"] = json::array();
    for (v1::Role r : a.roles) ja["roles"].push_back(v1::Role_Name(r));
    ja["threshold"] = a.threshold;
    ja["display_name"] = a.display_name;
    ja["keys"] = json::array();
    for (const auto& k : a.keys) {
      ja["keys"].push_back({{"key_id", k.key_id}, {"public_key", ToHex(k.public_key)}});
    }
    j["accounts"].push_back(ja);
  }
  j["nodes"] = json::array();
  for (const auto& n : spec.nodes) {
    json jn = {{"id", n.id}, {"public_key", ToHex(n.public_key)}};
    auto address = spec.node_addresses.find(n.id);
    if (address != spec.node_addresses.end()) jn["address"] = address->second;
    j["nodes"].push_back(jn);
  }
  if (!spec.governance.accounts.empty()) {
    j["governance"] = {{"accounts", spec.governance.accounts},
                       {"threshold", spec.governance.threshold}};
  }
  return j.dump(2) + "\n";
}

Result<GenesisResult> BuildGenesis(const GenesisSpec& spec) {
  const ChainParams& p = spec.params;
  const SignatureSuite* suite = FindSuite(p.suite);
  if (suite == nullptr) return Invalid("suite is unknown or not implemented in this build");
  LINCAO_RETURN_IF_ERROR(CheckChaincodeVersion(p.chaincode_version, "genesis"));
  if (p.chain_id.empty() || p.chain_id.size() > kMaxIdBytes) return Invalid("chain_id required");
  if (p.max_tx_horizon_ms == 0 || p.max_tx_horizon_ms > kMaxTxHorizonMs) {
    return Invalid("max_tx_horizon_ms must be 1.." + std::to_string(kMaxTxHorizonMs));
  }
  if (p.max_ranges_per_tx == 0 || p.max_ranges_per_tx > kMaxRangesPerTx) {
    return Invalid("max_ranges_per_tx must be 1.." + std::to_string(kMaxRangesPerTx));
  }
  if (p.genesis_time_ms == 0) return Invalid("genesis_time_ms is required");
  if (p.max_ranges_per_account == 0 || p.max_ranges_per_account > kMaxRangesPerAccount) {
    return Invalid("max_ranges_per_account must be 1.." + std::to_string(kMaxRangesPerAccount));
  }
  if (spec.accounts.empty()) return Invalid("at least one account (the registrar) is required");
  if (spec.nodes.empty()) return Invalid("at least one voting node is required");

  GenesisResult out;
  out.state.Put(keys::Params(), p.Encode());
  out.state.Put(keys::Counters(), Counters{}.Encode());
  std::set<std::string> seen;
  for (const auto& a : spec.accounts) {
    if (!seen.insert(a.id).second) return Invalid("account id '" + a.id + "' is repeated");
    // As strict as open_account, except that genesis may grant governance roles.
    rules::NewAccount want{
        a.id, {a.roles.begin(), a.roles.end()}, a.threshold, a.keys, a.display_name};
    auto rec = rules::ValidateNewAccount(p, want, rules::OpenableRoles::kAll);
    if (!rec.ok()) return Invalid(rec.status().message());
    out.state.Put(keys::Account(a.id), rec->Encode());
  }
  if (spec.nodes.size() > kMaxNodes) {
    return Invalid("at most " + std::to_string(kMaxNodes) + " nodes");
  }
  std::set<Bytes> node_keys;  // one key for two nodes would count twice in a certificate
  for (const auto& n : spec.nodes) {
    if (!rules::IsValidAccountId(n.id)) return Invalid("node id '" + n.id + "' is invalid");
    if (!suite->IsValidPublicKey(n.public_key)) {
      return Invalid("node '" + n.id + "' has no valid " + std::string(suite->name()) +
                     " public key (wrong length, small-order or non-canonical point)");
    }
    if (!node_keys.insert(n.public_key).second) {
      return Invalid("node '" + n.id + "' shares its public key with another node");
    }
    if (out.state.Get(keys::Node(n.id))) return Invalid("node '" + n.id + "' repeated");
    out.state.Put(keys::Node(n.id), NodeRecord{n.id, p.suite, n.public_key, true}.Encode());
  }
  for (const auto& [id, address] : spec.node_addresses) {
    if (!out.state.Get(keys::Node(id)))
      return Invalid("address given for unknown node '" + id + "'");
    if (address.empty() || address.size() > kMaxTextBytes) {
      return Invalid("node '" + id + "' address must be 1.." + std::to_string(kMaxTextBytes) +
                     " bytes");
    }
    out.state.Put(keys::NodeAddress(id), NodeAddressRecord{address}.Encode());
  }
  const GenesisGovernance& g = spec.governance;
  if (!g.accounts.empty() || g.threshold != 0) {
    if (g.accounts.size() > kMaxGoverningAccounts) {
      return Invalid("governance names at most " + std::to_string(kMaxGoverningAccounts) +
                     " accounts");
    }
    GovernancePolicyRecord policy{g.threshold, g.accounts};
    std::sort(policy.accounts.begin(), policy.accounts.end());
    for (size_t i = 0; i < policy.accounts.size(); ++i) {
      if (!out.state.Get(keys::Account(policy.accounts[i]))) {
        return Invalid("governing account '" + policy.accounts[i] + "' is not a genesis account");
      }
      if (i > 0 && policy.accounts[i] == policy.accounts[i - 1]) {
        return Invalid("governing account '" + policy.accounts[i] + "' is repeated");
      }
    }
    if (g.threshold < 1 || g.threshold > policy.accounts.size()) {
      return Invalid(
          "governance threshold must be between 1 and the number of governing "
          "accounts");
    }
    out.state.Put(keys::GovernancePolicy(), policy.Encode());
  }

  out.accumulator = AccumulateAll(out.state);
  v1::BlockHeader* h = out.block.mutable_header();
  h->set_chain_id(p.chain_id);
  h->set_height(0);
  h->set_prev_hash(Bytes(32, '\0'));
  h->set_time_ms(p.genesis_time_ms);
  h->set_txs_root(AsBytes(TxsRoot(*suite, out.block.txs())));
  h->set_results_root(AsBytes(ResultsRoot(*suite, out.block.results())));
  h->set_state_root(AsBytes(out.accumulator.Root(*suite)));
  auto voters = LoadVoters(out.state);
  if (!voters.ok()) return voters.status();
  h->set_membership_hash(AsBytes(MembershipHash(*suite, *voters)));
  h->set_chaincode_version(p.chaincode_version);
  h->set_last_commit_hash(AsBytes(CommitHash(*suite, out.block.last_commit())));
  out.hash = BlockHash(*suite, *h);
  out.voters = std::move(*voters);
  return out;
}

ChainHead GenesisResult::Head() const {
  return ChainHead{0, hash, block.header().time_ms(), accumulator, voters};
}

}  // namespace lincao
