// Genesis (JSON form and validation, block 0), key files and suites.
#include <gtest/gtest.h>

#include <functional>

#include <nlohmann/json.hpp>

#include "chaincode/block.h"
#include "chaincode/genesis.h"
#include "chaincode/key_file.h"
#include "chaincode/limits.h"
#include "chaincode/rule_set.h"
#include "chaincode/state_root.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao {
namespace {

using testing::TestKey;

Bytes IdentityPoint() {
  Bytes p(32, '\0');
  p[0] = 1;
  return p;
}

GenesisSpec GoodSpec() {
  GenesisSpec spec;
  spec.params = {"lincao-dev",    v1::SUITE_ED25519_BLAKE2B, 1767225600000,
                 kMaxTxHorizonMs, kMaxRangesPerTx,           1};
  GenesisAccount registrar;
  registrar.id = "registrar";
  registrar.roles = {v1::REGISTRAR};
  registrar.keys = {{0, v1::SUITE_ED25519_BLAKE2B, TestKey("g/registrar").public_key}};
  GenesisAccount bureau;
  bureau.id = "forestry-bureau";
  bureau.roles = {v1::SUPERVISOR};
  bureau.threshold = 2;
  bureau.keys = {{3, v1::SUITE_ED25519_BLAKE2B, TestKey("g/bureau/3").public_key},
                 {1, v1::SUITE_ED25519_BLAKE2B, TestKey("g/bureau/1").public_key}};
  bureau.display_name = "Sichuan Forestry and Grassland Bureau";
  spec.accounts = {registrar, bureau};
  spec.nodes = {{"node-1", TestKey("g/node-1").public_key}};
  return spec;
}

TEST(Genesis, BuildsBlockZero) {
  auto g = BuildGenesis(GoodSpec());
  ASSERT_TRUE(g.ok()) << g.status().ToString();
  const v1::BlockHeader& h = g->block.header();
  EXPECT_EQ(h.height(), 0u);
  EXPECT_EQ(h.prev_hash(), Bytes(32, '\0'));
  EXPECT_EQ(h.time_ms(), 1767225600000u);
  EXPECT_EQ(h.chain_id(), "lincao-dev");
  EXPECT_EQ(g->block.txs_size(), 0);
  EXPECT_EQ(h.txs_root(), AsBytes(DefaultSuite().Hash("")));
  EXPECT_EQ(h.state_root(), AsBytes(AccumulateAll(g->state).Root(DefaultSuite())));
  EXPECT_EQ(g->accumulator, AccumulateAll(g->state));
  EXPECT_EQ(h.membership_hash(), AsBytes(MembershipHash(DefaultSuite(), *LoadVoters(g->state))));
  EXPECT_EQ(g->hash, BlockHash(DefaultSuite(), h));

  // State: params, counters, accounts (keys sorted by id), voting nodes.
  auto params = LoadRecord<ChainParams>(g->state, keys::Params());
  ASSERT_TRUE(params.ok() && params->has_value());
  EXPECT_EQ((*params)->chain_id, "lincao-dev");
  Counters c = testing::CountersOf(g->state);
  EXPECT_EQ(c.next_batch_id, 1u);
  EXPECT_EQ(c.next_serial, 1u);
  auto bureau = testing::AccountOf(g->state, "forestry-bureau");
  ASSERT_TRUE(bureau);
  EXPECT_TRUE(bureau->HasRole(v1::SUPERVISOR));
  EXPECT_EQ(bureau->threshold, 2u);
  ASSERT_EQ(bureau->keys.size(), 2u);
  EXPECT_EQ(bureau->keys[0].key_id, 1u);
  EXPECT_EQ(bureau->keys[1].key_id, 3u);
  std::vector<NodeRecord> voters = *LoadVoters(g->state);
  ASSERT_EQ(voters.size(), 1u);
  EXPECT_EQ(voters[0].id, "node-1");
  EXPECT_TRUE(voters[0].voter);
}

TEST(Genesis, HashDependsOnEveryInput) {
  const Hash32 base = BuildGenesis(GoodSpec())->hash;
  std::vector<std::function<void(GenesisSpec&)>> changes = {
      [](GenesisSpec& s) { s.params.chain_id = "lincao-dev2"; },
      [](GenesisSpec& s) { s.params.genesis_time_ms += 1; },
      [](GenesisSpec& s) { s.params.max_ranges_per_tx = 8; },
      [](GenesisSpec& s) { s.params.max_ranges_per_account = 50; },
      [](GenesisSpec& s) { s.accounts[1].threshold = 1; },
      [](GenesisSpec& s) { s.accounts[1].display_name += " (renamed)"; },
      [](GenesisSpec& s) { s.accounts[0].keys[0].public_key = TestKey("other").public_key; },
      [](GenesisSpec& s) { s.nodes[0].public_key = TestKey("other").public_key; },
  };
  for (size_t i = 0; i < changes.size(); ++i) {
    GenesisSpec spec = GoodSpec();
    changes[i](spec);
    auto g = BuildGenesis(spec);
    ASSERT_TRUE(g.ok()) << i;
    EXPECT_NE(g->hash, base) << "change " << i;
  }
}

TEST(Genesis, Rejections) {
  std::vector<std::pair<std::string, std::function<void(GenesisSpec&)>>> cases = {
      {"unknown suite", [](GenesisSpec& s) { s.params.suite = v1::SUITE_SM2_SM3; }},
      {"empty chain id", [](GenesisSpec& s) { s.params.chain_id = ""; }},
      {"long chain id", [](GenesisSpec& s) { s.params.chain_id = std::string(65, 'c'); }},
      {"zero horizon", [](GenesisSpec& s) { s.params.max_tx_horizon_ms = 0; }},
      {"long horizon", [](GenesisSpec& s) { s.params.max_tx_horizon_ms = kMaxTxHorizonMs + 1; }},
      {"zero ranges", [](GenesisSpec& s) { s.params.max_ranges_per_tx = 0; }},
      {"many ranges", [](GenesisSpec& s) { s.params.max_ranges_per_tx = kMaxRangesPerTx + 1; }},
      {"zero ranges per account", [](GenesisSpec& s) { s.params.max_ranges_per_account = 0; }},
      {"many ranges per account",
       [](GenesisSpec& s) { s.params.max_ranges_per_account = kMaxRangesPerAccount + 1; }},
      {"no accounts", [](GenesisSpec& s) { s.accounts.clear(); }},
      {"no nodes", [](GenesisSpec& s) { s.nodes.clear(); }},
      {"bad account id", [](GenesisSpec& s) { s.accounts[0].id = "Registrar"; }},
      {"repeated account", [](GenesisSpec& s) { s.accounts[1].id = "registrar"; }},
      {"no keys", [](GenesisSpec& s) { s.accounts[0].keys.clear(); }},
      {"threshold 0", [](GenesisSpec& s) { s.accounts[0].threshold = 0; }},
      {"threshold above keys", [](GenesisSpec& s) { s.accounts[1].threshold = 3; }},
      {"short key", [](GenesisSpec& s) { s.accounts[0].keys[0].public_key.pop_back(); }},
      {"repeated key id", [](GenesisSpec& s) { s.accounts[1].keys[1].key_id = 3; }},
      {"repeated public key",
       [](GenesisSpec& s) { s.accounts[1].keys[1].public_key = s.accounts[1].keys[0].public_key; }},
      {"key of another suite",
       [](GenesisSpec& s) { s.accounts[0].keys[0].suite = v1::SUITE_SM2_SM3; }},
      {"bad node id (too short)", [](GenesisSpec& s) { s.nodes[0].id.resize(1); }},
      {"bad node key", [](GenesisSpec& s) { s.nodes[0].public_key = "short"; }},
      {"repeated node", [](GenesisSpec& s) { s.nodes.push_back(s.nodes[0]); }},
      // As strict as open_account (issue #6): the same checks, the same bounds.
      {"identity point account key",
       [](GenesisSpec& s) { s.accounts[0].keys[0].public_key = IdentityPoint(); }},
      {"identity point node key", [](GenesisSpec& s) { s.nodes[0].public_key = IdentityPoint(); }},
      {"two nodes, one key",
       [](GenesisSpec& s) {
         s.nodes.push_back({"node-2", s.nodes[0].public_key});
       }},
      {"no roles", [](GenesisSpec& s) { s.accounts[0].roles.clear(); }},
      {"unspecified role", [](GenesisSpec& s) { s.accounts[0].roles = {v1::ROLE_UNSPECIFIED}; }},
      {"role listed twice",
       [](GenesisSpec& s) {
         s.accounts[0].roles = {v1::REGISTRAR, v1::REGISTRAR};
       }},
      {"display name too long",
       [](GenesisSpec& s) { s.accounts[1].display_name = std::string(kMaxTextBytes + 1, 'n'); }},
      {"17 keys",
       [](GenesisSpec& s) {
         for (uint32_t i = 1; i <= kMaxKeysPerAccount; ++i) {
           s.accounts[0].keys.push_back({i + 10, v1::SUITE_ED25519_BLAKE2B,
                                         TestKey("g/many/" + std::to_string(i)).public_key});
         }
       }},
      {"no genesis time", [](GenesisSpec& s) { s.params.genesis_time_ms = 0; }},
  };
  for (const auto& [name, change] : cases) {
    GenesisSpec spec = GoodSpec();
    change(spec);
    auto g = BuildGenesis(spec);
    ASSERT_FALSE(g.ok()) << name;
    EXPECT_EQ(g.status().code(), v1::INVALID_ARGUMENT) << name;
  }
}

TEST(Genesis, RefusesAChaincodeVersionThisBinaryLacks) {
  GenesisSpec spec = GoodSpec();
  spec.params.chaincode_version = kLatestChaincodeVersion + 1;
  auto g = BuildGenesis(spec);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().code(), v1::UNSUPPORTED_CHAINCODE_VERSION);
  EXPECT_NE(
      g.status().message().find("chaincode version " + std::to_string(kLatestChaincodeVersion + 1)),
      std::string::npos);
  spec.params.chaincode_version = 0;
  EXPECT_EQ(BuildGenesis(spec).status().code(), v1::UNSUPPORTED_CHAINCODE_VERSION);
}

TEST(Genesis, JsonRoundTripAndDefaults) {
  std::string json = GenesisToJson(GoodSpec());
  auto parsed = ParseGenesisJson(json);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(BuildGenesis(*parsed)->hash, BuildGenesis(GoodSpec())->hash);
  EXPECT_EQ(GenesisToJson(*parsed), json);
  EXPECT_NE(json.find("\"max_ranges_per_account\": 10000"), std::string::npos) << json;

  const std::string key = ToHex(TestKey("g/registrar").public_key);
  nlohmann::json minimal_json = {
      {"chain_id", "c1"},
      {"genesis_time_ms", 5},
      {"accounts",
       {{{"id", "registrar"}, {"roles", {"REGISTRAR"}}, {"keys", {{{"public_key", key}}}}}}},
      {"nodes", {{{"id", "node-1"}, {"public_key", key}}}}};
  auto minimal = ParseGenesisJson(minimal_json.dump());
  ASSERT_TRUE(minimal.ok()) << minimal.status().ToString();
  EXPECT_EQ(minimal->params.suite, v1::SUITE_ED25519_BLAKE2B);
  EXPECT_EQ(minimal->params.max_tx_horizon_ms, kMaxTxHorizonMs);
  EXPECT_EQ(minimal->params.max_ranges_per_tx, kMaxRangesPerTx);
  EXPECT_EQ(minimal->params.chaincode_version, 1u);
  EXPECT_EQ(minimal->params.max_ranges_per_account, kDefaultMaxRangesPerAccount);
  ASSERT_EQ(minimal->accounts.size(), 1u);
  EXPECT_EQ(minimal->accounts[0].threshold, 1u);
  EXPECT_EQ(minimal->accounts[0].keys[0].key_id, 0u);
  EXPECT_TRUE(BuildGenesis(*minimal).ok());
}

TEST(Genesis, JsonRejections) {
  const std::string key = ToHex(TestKey("g/registrar").public_key);
  const std::vector<std::string> bad = {
      "",
      "not json",
      "[1, 2]",
      R"({"genesis_time_ms": 5, "accounts": []})",  // no chain id
      R"({"chain_id": "c", "accounts": []})",       // no time
      R"({"chain_id": "c", "genesis_time_ms": "soon", "accounts": []})",
      R"({"chain_id": "c", "genesis_time_ms": 5})",  // no accounts
      R"({"chain_id": "c", "genesis_time_ms": 5, "accounts": [{"id": "r", "roles": ["KING"],
          "keys": []}]})",
      R"({"chain_id": "c", "genesis_time_ms": 5, "accounts": [{"id": "r", "roles": [],
          "keys": [{"public_key": "xyz"}]}]})",
      R"({"chain_id": "c", "genesis_time_ms": 5, "accounts": [],
          "nodes": [{"id": "n1", "public_key": 7}]})",
  };
  for (const std::string& text : bad) {
    auto r = ParseGenesisJson(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.status().code(), v1::INVALID_ARGUMENT) << text;
  }
}

TEST(KeyFiles, RoundTripAndSign) {
  auto k = GenerateKeyFile("account", "alice", 4, v1::SUITE_ED25519_BLAKE2B);
  ASSERT_TRUE(k.ok());
  auto parsed = ParseKeyFile(KeyFileToJson(*k));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->kind, "account");
  EXPECT_EQ(parsed->owner, "alice");
  EXPECT_EQ(parsed->key_id, 4u);
  EXPECT_EQ(parsed->public_key, k->public_key);
  EXPECT_EQ(parsed->secret_key, k->secret_key);
  SigningKey sk = parsed->ToSigningKey();
  EXPECT_EQ(sk.account, "alice");
  EXPECT_EQ(sk.key_id, 4u);
  Bytes sig = DefaultSuite().Sign(sk.secret_key, "message");
  EXPECT_TRUE(DefaultSuite().Verify(parsed->public_key, "message", sig));
  // Two generated keys differ (OS randomness).
  EXPECT_NE(GenerateKeyFile("node", "node-1", 0, v1::SUITE_ED25519_BLAKE2B)->public_key,
            k->public_key);
  auto sm2 = GenerateKeyFile("account", "x", 0, v1::SUITE_SM2_SM3);
  ASSERT_FALSE(sm2.ok());
  EXPECT_EQ(sm2.status().code(), v1::UNKNOWN_SUITE);
}

TEST(KeyFiles, Rejections) {
  KeyFile good = *GenerateKeyFile("account", "alice", 0, v1::SUITE_ED25519_BLAKE2B);
  auto json_with = [&](const std::string& field, const nlohmann::json& value) {
    nlohmann::json j = nlohmann::json::parse(KeyFileToJson(good));
    j[field] = value;
    return j.dump();
  };
  struct Bad {
    std::string text;
    ErrorCode code;
  };
  const std::vector<Bad> bad = {
      {"nope", v1::INVALID_ARGUMENT},
      {R"({"public_key": "00", "secret_key": "00"})", v1::INVALID_ARGUMENT},  // no owner
      {json_with("public_key", "zz"), v1::INVALID_ARGUMENT},
      {json_with("public_key", 12), v1::INVALID_ARGUMENT},
      {json_with("secret_key", ToHex(good.secret_key.substr(1))), v1::INVALID_ARGUMENT},
      {json_with("public_key", ToHex(good.public_key + "x")), v1::INVALID_ARGUMENT},
      {json_with("suite", "rot13"), v1::UNKNOWN_SUITE},
  };
  for (const Bad& b : bad) {
    auto r = ParseKeyFile(b.text);
    ASSERT_FALSE(r.ok()) << b.text;
    EXPECT_EQ(r.status().code(), b.code) << b.text;
  }
}

TEST(Suites, LookupAndNames) {
  ASSERT_NE(FindSuite(v1::SUITE_ED25519_BLAKE2B), nullptr);
  EXPECT_EQ(FindSuite(v1::SUITE_ED25519_BLAKE2B), &DefaultSuite());
  EXPECT_EQ(FindSuite(v1::SUITE_SM2_SM3), nullptr);  // reserved, not implemented
  EXPECT_EQ(FindSuite(v1::SUITE_UNSPECIFIED), nullptr);
  EXPECT_EQ(SuiteFromName("ed25519-blake2b"), v1::SUITE_ED25519_BLAKE2B);
  EXPECT_EQ(SuiteFromName("sm2-sm3"), v1::SUITE_SM2_SM3);
  EXPECT_EQ(SuiteFromName("ED25519"), v1::SUITE_UNSPECIFIED);
  EXPECT_EQ(SuiteName(v1::SUITE_ED25519_BLAKE2B), "ed25519-blake2b");
  const SignatureSuite& s = DefaultSuite();
  EXPECT_EQ(s.id(), v1::SUITE_ED25519_BLAKE2B);
  EXPECT_EQ(s.name(), "ed25519-blake2b");
  EXPECT_EQ(s.public_key_bytes(), 32u);
  EXPECT_EQ(s.secret_key_bytes(), 64u);
  EXPECT_EQ(s.signature_bytes(), 64u);
  KeyPair kp = s.GenerateKeyPair();
  Bytes sig = s.Sign(kp.secret_key, "m");
  EXPECT_EQ(sig.size(), 64u);
  EXPECT_TRUE(s.Verify(kp.public_key, "m", sig));
  EXPECT_FALSE(s.Verify(kp.public_key, "M", sig));
  EXPECT_FALSE(s.Verify(kp.public_key.substr(1), "m", sig));
  EXPECT_FALSE(s.Verify(kp.public_key, "m", sig + "x"));
  EXPECT_TRUE(s.Sign(kp.secret_key.substr(1), "m").empty());  // wrong key size: no signature
  // Ed25519 signatures are deterministic.
  EXPECT_EQ(s.Sign(kp.secret_key, "m"), sig);
}

}  // namespace
}  // namespace lincao
