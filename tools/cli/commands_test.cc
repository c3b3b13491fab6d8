// Runs whole commands in-process (through Main, as the shell would) where no
// node is needed: keys, genesis, usage errors, an unreachable node.
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chaincode/genesis.h"
#include "chaincode/key_file.h"
#include "chaincode/parameters.h"
#include "chaincode/rule_set.h"
#include "chaincode/suite.h"
#include "chaincode/tx.h"
#include "tools/cli/app.h"
#include "tools/cli/command.h"
#include "tools/cli/files.h"
#include "tools/cli/json_out.h"
#include "tools/cli/run_cli_for_test.h"
#include "tools/cli/tx_file.h"

namespace lincao::cli {
namespace {

namespace fs = std::filesystem;

uint64_t NowMs() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

class CommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("lincao_cli_test_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static unsigned Mode(const fs::path& p) {
    struct stat sb {};
    EXPECT_EQ(::stat(p.c_str(), &sb), 0) << p;
    return sb.st_mode & 0777;
  }

  static KeyFile ReadKey(const fs::path& p) {
    auto text = ReadTextFile(p);
    EXPECT_TRUE(text.ok()) << p;
    auto key = ParseKeyFile(text.ok() ? *text : "");
    EXPECT_TRUE(key.ok()) << key.status().ToString();
    return key.ok() ? *key : KeyFile{};
  }

  fs::path dir_;
};

TEST_F(CommandsTest, KeysNewWritesA0600FileAndRefusesToOverwrite) {
  const fs::path file = dir_ / "nested" / "alice.key";
  CmdResult r =
      Lincao({"keys", "new", "--owner", "alice", "--key-id", "3", "--out", file.string()});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(Mode(file), 0600u);
  KeyFile key = ReadKey(file);
  EXPECT_EQ(key.owner, "alice");
  EXPECT_EQ(key.kind, "account");
  EXPECT_EQ(key.key_id, 3u);
  EXPECT_NE(r.out.find(ToHex(key.public_key)), std::string::npos);
  EXPECT_EQ(r.out.find(ToHex(key.secret_key)), std::string::npos);

  CmdResult again = Lincao({"keys", "new", "--owner", "alice", "--out", file.string()});
  EXPECT_EQ(again.code, kExitFailed);
  EXPECT_NE(again.err.find("already exists"), std::string::npos);
  EXPECT_EQ(ReadKey(file).public_key, key.public_key);  // untouched
}

TEST_F(CommandsTest, KeysShowNeverPrintsTheSecret) {
  const fs::path file = dir_ / "n.key";
  ASSERT_EQ(
      Lincao({"keys", "new", "--owner", "node-7", "--kind", "node", "--out", file.string()}).code,
      kExitOk);
  KeyFile key = ReadKey(file);
  CmdResult show = Lincao({"keys", "show", file.string()});
  ASSERT_EQ(show.code, kExitOk) << show.err;
  EXPECT_NE(show.out.find("node-7"), std::string::npos);
  EXPECT_NE(show.out.find("ed25519-blake2b"), std::string::npos);
  EXPECT_EQ(show.out.find(ToHex(key.secret_key)), std::string::npos);

  CmdResult js = Lincao({"keys", "show", "--json", file.string()});
  ASSERT_EQ(js.code, kExitOk);
  Json j = Json::parse(js.out);
  EXPECT_EQ(j["owner"], "node-7");
  EXPECT_EQ(j["kind"], "node");
  EXPECT_EQ(j["key_id"], 0);
  EXPECT_EQ(j["public_key"], ToHex(key.public_key));
  EXPECT_FALSE(j.contains("secret_key"));
}

TEST_F(CommandsTest, KeysUsageErrors) {
  EXPECT_EQ(Lincao({"keys", "new", "--owner", "Alice", "--out", (dir_ / "a").string()}).code,
            kExitUsage);
  EXPECT_EQ(
      Lincao({"keys", "new", "--owner", "alice", "--kind", "robot", "--out", (dir_ / "a").string()})
          .code,
      kExitUsage);
  EXPECT_EQ(Lincao({"keys", "new", "--owner", "alice"}).code, kExitUsage);
  EXPECT_FALSE(fs::exists(dir_ / "a"));
  EXPECT_EQ(Lincao({"keys", "show", (dir_ / "missing.key").string()}).code, kExitFailed);
}

TEST_F(CommandsTest, GenesisInitDevWritesTheDocumentedLayout) {
  const uint64_t before_ms = NowMs();
  CmdResult r = Lincao({"genesis", "init", "--dev", "--dir", dir_.string(), "--json"});
  const uint64_t after_ms = NowMs();
  ASSERT_EQ(r.code, kExitOk) << r.err;
  Json out = Json::parse(r.out);

  auto text = ReadTextFile(dir_ / "genesis.json");
  ASSERT_TRUE(text.ok());
  auto spec = ParseGenesisJson(*text);
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ(spec->params.chain_id, "lincao-dev");
  // The latest chaincode this binary implements: the credit lifecycle.
  EXPECT_EQ(spec->params.chaincode_version, kLatestChaincodeVersion);
  EXPECT_EQ(out["chaincode_version"], kLatestChaincodeVersion);
  // The wall clock at init, in whole seconds.
  EXPECT_EQ(spec->params.genesis_time_ms % 1000, 0u);
  EXPECT_GE(spec->params.genesis_time_ms, before_ms / 1000 * 1000);
  EXPECT_LE(spec->params.genesis_time_ms, after_ms);
  auto built = BuildGenesis(*spec);
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_EQ(out["genesis_hash"], ToHex(built->hash));
  EXPECT_EQ(out["chain_id"], "lincao-dev");
  EXPECT_EQ(out["files"].size(), 6u);

  const std::pair<const char*, v1::Role> accounts[] = {
      {"registrar", v1::REGISTRAR},
      {"forestry-bureau", v1::SUPERVISOR},
      {"ecology-dept", v1::SUPERVISOR},
  };
  ASSERT_EQ(spec->accounts.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const auto& [id, role] = accounts[i];
    const fs::path key_path = dir_ / "keys" / (std::string(id) + ".key");
    EXPECT_EQ(Mode(key_path), 0600u);
    KeyFile key = ReadKey(key_path);
    EXPECT_EQ(key.owner, id);
    EXPECT_EQ(key.kind, "account");
    EXPECT_EQ(key.key_id, 0u);
    const GenesisAccount& acc = spec->accounts[i];
    EXPECT_EQ(acc.id, id);
    ASSERT_EQ(acc.roles.size(), 1u);
    EXPECT_EQ(acc.roles[0], role);
    ASSERT_EQ(acc.keys.size(), 1u);
    EXPECT_EQ(acc.keys[0].public_key, key.public_key);
  }
  // The three founding bodies govern, any two deciding.
  EXPECT_EQ(spec->governance.accounts,
            (std::vector<std::string>{"ecology-dept", "forestry-bureau", "registrar"}));
  EXPECT_EQ(spec->governance.threshold, 2u);
  KeyFile node = ReadKey(dir_ / "keys" / "node-1.key");
  EXPECT_EQ(node.kind, "node");
  EXPECT_EQ(node.owner, "node-1");
  ASSERT_EQ(spec->nodes.size(), 1u);
  EXPECT_EQ(spec->nodes[0].id, "node-1");
  EXPECT_EQ(spec->nodes[0].public_key, node.public_key);

  auto toml = ReadTextFile(dir_ / "lincaod.toml");
  ASSERT_TRUE(toml.ok());
  for (const char* line : {"id = \"node-1\"", "data_dir = \".\"", "genesis = \"genesis.json\"",
                           "node_key = \"keys/node-1.key\"", "listen = \"127.0.0.1:7050\"",
                           "max_tx_bytes = 65536", "wait_timeout_ms = 10000", "level = \"info\""}) {
    EXPECT_NE(toml->find(line), std::string::npos) << line;
  }
}

// deploy/local/cluster.sh --nodes 1 moves the node with LINCAO_BASE_PORT:
// the one-node config must listen where --base-port says.
TEST_F(CommandsTest, GenesisInitOneNodeListensOnTheBasePort) {
  CmdResult r = Lincao({"genesis", "init", "--dev", "--dir", dir_.string(), "--nodes", "1",
                        "--base-port", "17050", "--peer-base-port", "17150"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "node-1"));
  auto toml = ReadTextFile(dir_ / "lincaod.toml");
  ASSERT_TRUE(toml.ok());
  EXPECT_NE(toml->find("listen = \"127.0.0.1:17050\""), std::string::npos) << *toml;
  EXPECT_EQ(toml->find("127.0.0.1:7050"), std::string::npos) << *toml;
  // One node has no peers, so no peer listener.
  EXPECT_EQ(toml->find("17150"), std::string::npos) << *toml;
  EXPECT_EQ(toml->find("[cluster]"), std::string::npos) << *toml;
}

TEST_F(CommandsTest, GenesisInitRefusesAnExistingChainUnlessForced) {
  ASSERT_EQ(Lincao({"genesis", "init", "--dev", "--dir", dir_.string()}).code, kExitOk);
  const std::string before = *ReadTextFile(dir_ / "genesis.json");
  CmdResult again = Lincao({"genesis", "init", "--dev", "--dir", dir_.string()});
  EXPECT_EQ(again.code, kExitFailed);
  EXPECT_NE(again.err.find("--force"), std::string::npos);
  EXPECT_EQ(*ReadTextFile(dir_ / "genesis.json"), before);

  CmdResult forced = Lincao(
      {"genesis", "init", "--dev", "--dir", dir_.string(), "--force", "--chain-id", "lincao-test"});
  ASSERT_EQ(forced.code, kExitOk) << forced.err;
  auto spec = ParseGenesisJson(*ReadTextFile(dir_ / "genesis.json"));
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->params.chain_id, "lincao-test");
  EXPECT_EQ(ReadKey(dir_ / "keys" / "registrar.key").public_key,
            spec->accounts[0].keys[0].public_key);
}

TEST_F(CommandsTest, GenesisInitTakesAnOlderChaincodeVersion) {
  CmdResult r =
      Lincao({"genesis", "init", "--dev", "--dir", dir_.string(), "--chaincode-version", "2"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("chaincode     version 2"), std::string::npos) << r.out;
  auto spec = ParseGenesisJson(*ReadTextFile(dir_ / "genesis.json"));
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->params.chaincode_version, 2u);
  EXPECT_TRUE(BuildGenesis(*spec).ok());

  const std::string too_new = std::to_string(kLatestChaincodeVersion + 1);
  for (const char* bad : {"0", too_new.c_str()}) {
    CmdResult b = Lincao({"genesis", "init", "--dev", "--dir", (dir_ / "other").string(),
                          "--chaincode-version", bad});
    EXPECT_EQ(b.code, kExitUsage) << bad;
    EXPECT_NE(
        b.err.find("--chaincode-version must be 1.." + std::to_string(kLatestChaincodeVersion)),
        std::string::npos)
        << b.err;
    EXPECT_FALSE(fs::exists(dir_ / "other" / "genesis.json"));
  }
}

TEST_F(CommandsTest, GenesisWithoutDevIsAUsageError) {
  CmdResult r = Lincao({"genesis", "init", "--dir", dir_.string()});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("--dev"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "genesis.json"));
}

TEST_F(CommandsTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Lincao({}).code, kExitUsage);
  EXPECT_EQ(Lincao({"frobnicate"}).code, kExitUsage);
  EXPECT_EQ(Lincao({"query"}).code, kExitUsage);
  EXPECT_EQ(Lincao({"query", "block"}).code, kExitUsage);
  EXPECT_EQ(Lincao({"query", "block", "3", "--latest"}).code, kExitUsage);
  EXPECT_EQ(Lincao({"query", "tx", "not-hex"}).code, kExitUsage);
  EXPECT_EQ(Lincao({"tx", "issue", "--key", "k", "--to", "a"}).code, kExitUsage);
  CmdResult r = Lincao({"tx", "transfer", "--key", "k", "--to", "bob", "--range", "5-1"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("ends before it starts"), std::string::npos);
  EXPECT_EQ(Lincao({"tx", "retire", "--key", "k", "--quantity", "5", "--purpose", "party",
                    "--beneficiary-org", "x"})
                .code,
            kExitUsage);
  EXPECT_EQ(Lincao({"account", "open", "--key", "k", "--id", "bob", "--role", "participant"}).code,
            kExitUsage);  // no public key
}

TEST_F(CommandsTest, HelpExplainsUnitsAndExitsZero) {
  CmdResult top = Lincao({"--help"});
  EXPECT_EQ(top.code, kExitOk);
  EXPECT_NE(top.out.find("1 kg CO2e"), std::string::npos);
  CmdResult issue = Lincao({"tx", "issue", "--help"});
  EXPECT_EQ(issue.code, kExitOk);
  EXPECT_NE(issue.out.find("1 kg CO2e"), std::string::npos);
  EXPECT_NE(issue.out.find("Example"), std::string::npos);
  // The parameter list comes from the chaincode's table: every governed
  // parameter, with the version that introduced it.
  CmdResult param = Lincao({"gov", "param", "set", "--help"});
  EXPECT_EQ(param.code, kExitOk);
  for (const ParameterDef& d : ParameterTable()) {
    EXPECT_NE(param.out.find(std::string(d.name)), std::string::npos) << d.name;
  }
  EXPECT_NE(param.out.find("expert_quorum (1.."), std::string::npos) << param.out;
  EXPECT_NE(param.out.find("from chaincode version 3"), std::string::npos) << param.out;
}

TEST_F(CommandsTest, UnreachableNodeNamesTheAddress) {
  // Port 1 on loopback: nothing listens there, the connection is refused.
  CmdResult r = Lincao({"query", "status", "--node", "127.0.0.1:1", "--timeout-ms", "3000"});
  EXPECT_EQ(r.code, kExitFailed);
  EXPECT_NE(r.err.find("127.0.0.1:1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("tools/run.sh"), std::string::npos) << r.err;
  // A TLS node answers a plaintext client the same way: the hint names TLS.
  EXPECT_NE(r.err.find("--tls-ca"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());

  const fs::path key = dir_ / "k.key";
  ASSERT_EQ(Lincao({"keys", "new", "--owner", "alice", "--out", key.string()}).code, kExitOk);
  CmdResult tx = Lincao({"tx", "transfer", "--key", key.string(), "--to", "bob", "--quantity", "5",
                         "--node", "127.0.0.1:1", "--timeout-ms", "3000", "--json"});
  EXPECT_EQ(tx.code, kExitFailed);
  EXPECT_TRUE(tx.out.empty());
  EXPECT_NE(tx.err.find("cannot reach lincaod"), std::string::npos) << tx.err;
}

// The multi-signature flow without a node: --out with --chain-id and
// --expires, signatures from three accounts in any order, inspect, and a
// SignedTx that the chain's own signature check accepts.
TEST_F(CommandsTest, MultiSignatureFileFlowKeepsTheChainsSignatureOrder) {
  ASSERT_EQ(Lincao({"genesis", "init", "--dev", "--dir", dir_.string()}).code, kExitOk);
  auto key = [&](const std::string& id) { return (dir_ / "keys" / (id + ".key")).string(); };
  const std::string file = (dir_ / "grant.tx").string();

  CmdResult w = Lincao({"gov",        "role",       "grant",           "panda-coop",
                        "verifier",   "--sector",   "wetland",         "--sector",
                        "forest",     "--account",  "forestry-bureau", "--cosigner",
                        "registrar",  "--cosigner", "ecology-dept",    "--out",
                        file,         "--chain-id", "lincao-dev",      "--expires",
                        "2030-01-01", "--json"});
  ASSERT_EQ(w.code, kExitOk) << w.err;
  Json written = Json::parse(w.out);
  EXPECT_EQ(written["cosigners"], Json({"ecology-dept", "registrar"}));  // sorted
  EXPECT_EQ(written["signatures"], 0);
  // Never over an existing file.
  CmdResult again =
      Lincao({"gov", "param", "set", "max_ranges_per_tx", "8", "--account", "registrar", "--out",
              file, "--chain-id", "x", "--expires", "2030-01-01"});
  EXPECT_EQ(again.code, kExitFailed);

  auto loaded = LoadTxFile(file);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_TRUE(loaded->signatures.empty());
  EXPECT_EQ(loaded->tx.account(), "forestry-bureau");
  EXPECT_EQ(loaded->tx.expiry_ms(), 1893456000000u);  // 2030-01-01T00:00:00Z
  ASSERT_TRUE(loaded->tx.has_grant_role());
  EXPECT_EQ(loaded->tx.grant_role().role(), v1::VERIFIER);
  ASSERT_EQ(loaded->tx.grant_role().sectors_size(), 2);
  EXPECT_EQ(loaded->tx.grant_role().sectors(0), v1::FOREST);
  EXPECT_EQ(loaded->tx.grant_role().sectors(1), v1::WETLAND);
  EXPECT_EQ(written["tx_id"], ToHex(loaded->TxId()));

  CmdResult none = Lincao({"submit", file, "--node", "127.0.0.1:1"});
  EXPECT_EQ(none.code, kExitFailed);
  EXPECT_NE(none.err.find("no signatures yet"), std::string::npos) << none.err;

  auto spec = ParseGenesisJson(*ReadTextFile(dir_ / "genesis.json"));
  ASSERT_TRUE(spec.ok());
  auto genesis = BuildGenesis(*spec);
  ASSERT_TRUE(genesis.ok());
  const SignatureSuite& suite = *FindSuite(v1::SUITE_ED25519_BLAKE2B);
  auto verify = [&]() {
    auto f = LoadTxFile(file);
    EXPECT_TRUE(f.ok());
    auto dtx = DecodeSignedTx(f->ToSignedTx(), 65536, suite);
    EXPECT_TRUE(dtx.ok()) << dtx.status().ToString();
    return VerifySignatures(*dtx, genesis->state);
  };

  // Out of the chain's order on purpose: a cosigner first.
  ASSERT_EQ(Lincao({"sign", file, "--key", key("registrar")}).code, kExitOk);
  CmdResult s2 = Lincao({"sign", file, "--key", key("forestry-bureau")});
  ASSERT_EQ(s2.code, kExitOk) << s2.err;
  EXPECT_NE(s2.out.find("forestry-bureau key 0, registrar key 0"), std::string::npos) << s2.out;
  Status short_one = verify();
  EXPECT_EQ(short_one.code(), v1::THRESHOLD_NOT_MET);
  EXPECT_NE(short_one.message().find("ecology-dept"), std::string::npos) << short_one.message();

  // A key of an account the tx does not name is refused; the file is unchanged.
  const std::string other = (dir_ / "panda.key").string();
  ASSERT_EQ(Lincao({"keys", "new", "--owner", "panda-coop", "--out", other}).code, kExitOk);
  CmdResult stranger = Lincao({"sign", file, "--key", other});
  EXPECT_EQ(stranger.code, kExitFailed);
  EXPECT_NE(stranger.err.find("UNEXPECTED_SIGNER"), std::string::npos) << stranger.err;

  ASSERT_EQ(Lincao({"sign", file, "--key", key("ecology-dept")}).code, kExitOk);
  CmdResult twice = Lincao({"sign", file, "--key", key("ecology-dept"), "--json"});
  ASSERT_EQ(twice.code, kExitOk);
  EXPECT_EQ(Json::parse(twice.out)["added"], false);

  auto signed_file = LoadTxFile(file);
  ASSERT_TRUE(signed_file.ok());
  std::vector<std::string> order;
  for (const auto& sig : signed_file->signatures) order.push_back(sig.account());
  EXPECT_EQ(order, (std::vector<std::string>{"forestry-bureau", "ecology-dept", "registrar"}));
  EXPECT_TRUE(verify().ok()) << verify().ToString();

  CmdResult inspect = Lincao({"inspect", file, "--offline", "--json"});
  ASSERT_EQ(inspect.code, kExitOk) << inspect.err;
  Json j = Json::parse(inspect.out);
  EXPECT_EQ(j["chain_id"], "lincao-dev");
  EXPECT_EQ(j["account"], "forestry-bureau");
  EXPECT_EQ(j["cosigners"], Json({"ecology-dept", "registrar"}));
  EXPECT_EQ(j["expiry"], "2030-01-01T00:00:00.000Z");
  EXPECT_EQ(j["type"], "grant_role");
  EXPECT_EQ(j["governance"], true);
  EXPECT_EQ(j["summary"][0], "grant role VERIFIER to panda-coop in sectors FOREST, WETLAND");
  EXPECT_EQ(j["signatures"].size(), 3u);
  EXPECT_EQ(j["node_checked"], false);
  CmdResult human = Lincao({"inspect", file, "--offline"});
  EXPECT_NE(human.out.find("grant role VERIFIER to panda-coop"), std::string::npos) << human.out;
  EXPECT_NE(human.out.find("2030-01-01T00:00:00.000Z"), std::string::npos) << human.out;

  // A file whose bytes were changed no longer matches its tx id.
  auto text = ReadTextFile(file);
  Json tampered = Json::parse(*text);
  std::string hex = tampered["tx"];
  hex[hex.size() - 1] = hex.back() == '0' ? '1' : '0';
  tampered["tx"] = hex;
  ASSERT_TRUE(WriteFile(file, tampered.dump(), 0644, Overwrite::kAllowed).ok());
  CmdResult bad = Lincao({"inspect", file, "--offline"});
  EXPECT_EQ(bad.code, kExitFailed);
  EXPECT_NE(bad.err.find("altered"), std::string::npos) << bad.err;
}

TEST_F(CommandsTest, CustodialFilesAreSignedInTheAccountsNameWithTheCustodiansKey) {
  ASSERT_EQ(Lincao({"genesis", "init", "--dev", "--dir", dir_.string()}).code, kExitOk);
  const std::string platform = (dir_ / "platform.key").string();
  ASSERT_EQ(Lincao({"keys", "new", "--owner", "dd-platform", "--out", platform}).code, kExitOk);
  const std::string file = (dir_ / "close.tx").string();
  CmdResult w = Lincao({"account", "close", "--account", "p-0001", "--out", file, "--chain-id",
                        "lincao-dev", "--expires", "2030-01-01"});
  ASSERT_EQ(w.code, kExitOk) << w.err;
  auto loaded = LoadTxFile(file);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->tx.account(), "p-0001");
  EXPECT_EQ(loaded->tx.close_account().account(), "p-0001");  // an account closes itself
  // The platform's key, without --for, is not a named account's.
  CmdResult plain = Lincao({"sign", file, "--key", platform});
  EXPECT_EQ(plain.code, kExitFailed);
  EXPECT_NE(plain.err.find("UNEXPECTED_SIGNER"), std::string::npos) << plain.err;
  CmdResult as = Lincao({"sign", file, "--key", platform, "--for", "p-0001", "--json"});
  ASSERT_EQ(as.code, kExitOk) << as.err;
  Json j = Json::parse(as.out);
  EXPECT_EQ(j["account"], "p-0001");
  EXPECT_EQ(j["key_owner"], "dd-platform");
  auto signed_file = LoadTxFile(file);
  ASSERT_EQ(signed_file->signatures.size(), 1u);
  EXPECT_EQ(signed_file->signatures[0].account(), "p-0001");
  EXPECT_TRUE(FindSuite(v1::SUITE_ED25519_BLAKE2B)
                  ->Verify(ReadKey(platform).public_key, TxSigningMessage(signed_file->tx_bytes),
                           signed_file->signatures[0].signature()));
  CmdResult human = Lincao({"inspect", file, "--offline"});
  EXPECT_NE(human.out.find("close account p-0001 for good"), std::string::npos) << human.out;
}

TEST_F(CommandsTest, InspectOfALiftOfflineSaysTheQuorumDependsOnTheSanction) {
  const std::string file = (dir_ / "lift.tx").string();
  ASSERT_EQ(Lincao({"sanction", "lift", "panda-coop", "--reason", "appeal upheld", "--account",
                    "forestry-bureau", "--out", file, "--chain-id", "lincao-dev", "--expires",
                    "2030-01-01"})
                .code,
            kExitOk);
  CmdResult j = Lincao({"inspect", file, "--offline", "--json"});
  ASSERT_EQ(j.code, kExitOk) << j.err;
  Json inspected = Json::parse(j.out);
  EXPECT_EQ(inspected["governance"], false);
  EXPECT_EQ(inspected["governance_depends_on_sanction"], true);
  CmdResult human = Lincao({"inspect", file, "--offline"});
  EXPECT_NE(human.out.find("needs the governance quorum if the sanction in force is a revocation"),
            std::string::npos)
      << human.out;
}

TEST_F(CommandsTest, GovernanceUsageErrorsExitTwo) {
  const fs::path key = dir_ / "k.key";
  ASSERT_EQ(Lincao({"keys", "new", "--owner", "alice", "--out", key.string()}).code, kExitOk);
  const std::vector<std::vector<std::string>> bad = {
      // --account names the acting account only for --out files
      {"gov", "param", "set", "max_ranges_per_tx", "8", "--account", "registrar"},
      // VERIFIER needs sectors; other roles take none
      {"gov", "role", "grant", "bob", "verifier", "--key", key.string(), "--out", "x.tx"},
      {"gov", "role", "grant", "bob", "auditor", "--sector", "forest", "--key", key.string()},
      {"gov", "role", "grant", "bob", "no-such-role", "--key", key.string()},
      // the acting account is never its own cosigner
      {"gov", "param", "set", "max_ranges_per_tx", "8", "--key", key.string(), "--cosigner",
       "alice"},
      {"gov", "policy", "set", "--threshold", "3", "a1", "b1", "--key", key.string()},
      {"sanction", "restrict", "bob", "--allow", "teleport", "--reason", "r", "--key",
       key.string()},
      {"sanction", "suspend", "bob", "--key", key.string()},  // no --reason
      {"tx", "transfer", "--to", "bob", "--quantity", "5"},   // neither --key nor --out
      // accounts: one identity source, 32-byte hashes and commitments, --for needs a key
      {"account", "open", "--key", key.string(), "--id", "org-a", "--role", "participant",
       "--pubkey", std::string(64, 'a'), "--identity-hash", std::string(62, 'a')},
      {"account", "open", "--key", key.string(), "--id", "org-a", "--role", "participant",
       "--pubkey", std::string(64, 'a'), "--identity-hash", std::string(64, 'a'), "--identity-file",
       key.string()},
      {"account", "open-personal", "--key", key.string(), "--id", "p-1", "--commitment", "00"},
      {"account", "open-personal", "--key", key.string(), "--id", "p-1"},  // no commitment
      {"account", "close", "--for", "p-1"},                                // no custodian key
      {"account", "close", "--for", "p-1", "--account", "p-1", "--out", "x.tx"},
  };
  for (const auto& args : bad) {
    CmdResult r = Lincao(args);
    EXPECT_EQ(r.code, kExitUsage) << args[0] << " " << args[1] << ": " << r.err;
    EXPECT_TRUE(r.err.starts_with("error: ")) << r.err;
  }
}

}  // namespace
}  // namespace lincao::cli
