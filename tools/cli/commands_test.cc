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
#include "chaincode/suite.h"
#include "tools/cli/app.h"
#include "tools/cli/command.h"
#include "tools/cli/files.h"
#include "tools/cli/json_out.h"

namespace lincao::cli {
namespace {

namespace fs = std::filesystem;

struct CmdResult {
  int code = -1;
  std::string out;
  std::string err;
};

CmdResult Lincao(std::vector<std::string> args) {
  args.insert(args.begin(), "lincao");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  CmdResult r;
  r.code = Main(static_cast<int>(argv.size()), argv.data(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

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
}

TEST_F(CommandsTest, UnreachableNodeNamesTheAddress) {
  // Port 1 on loopback: nothing listens there, the connection is refused.
  CmdResult r = Lincao({"query", "status", "--node", "127.0.0.1:1", "--timeout-ms", "3000"});
  EXPECT_EQ(r.code, kExitFailed);
  EXPECT_NE(r.err.find("127.0.0.1:1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("tools/run.sh"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());

  const fs::path key = dir_ / "k.key";
  ASSERT_EQ(Lincao({"keys", "new", "--owner", "alice", "--out", key.string()}).code, kExitOk);
  CmdResult tx = Lincao({"tx", "transfer", "--key", key.string(), "--to", "bob", "--quantity", "5",
                         "--node", "127.0.0.1:1", "--timeout-ms", "3000", "--json"});
  EXPECT_EQ(tx.code, kExitFailed);
  EXPECT_TRUE(tx.out.empty());
  EXPECT_NE(tx.err.find("cannot reach lincaod"), std::string::npos) << tx.err;
}

}  // namespace
}  // namespace lincao::cli
