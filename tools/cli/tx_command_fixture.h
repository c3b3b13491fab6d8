// A fixture for tests of transaction commands run in-process with --out,
// so no node is needed: each command writes its transaction file, and the
// test reads back the exact body it built and what `inspect` says about it.
// Shared by the lifecycle and the using-credits command tests.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include "chaincode/suite.h"
#include "tools/cli/command.h"
#include "tools/cli/files.h"
#include "tools/cli/json_out.h"
#include "tools/cli/run_cli_for_test.h"
#include "tools/cli/tx_file.h"

namespace lincao::cli {

class TxCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("lincao_tx_command_test_" + std::to_string(::getpid()) + "_" + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Path(const std::string& name) { return (dir_ / name).string(); }

  // Writes `content` to dir_/name and returns its path.
  std::string Write(const std::string& name, const std::string& content) {
    EXPECT_TRUE(WriteFile(dir_ / name, content, 0644, Overwrite::kAllowed).ok());
    return Path(name);
  }

  // The hex of H(file) of suite ed25519-blake2b, computed by the suite
  // itself (not by the CLI's chunked hashing).
  std::string HashOf(const std::string& path) {
    auto text = ReadTextFile(path);
    EXPECT_TRUE(text.ok());
    return ToHex(DefaultSuite().Hash(*text));
  }

  // Runs `args` as `--account ACCOUNT --out FILE` without a node and returns
  // the transaction written.
  v1::Tx Build(std::vector<std::string> args, const std::string& account) {
    const std::string file = Path("tx-" + std::to_string(++files_) + ".tx");
    for (const char* a : {"--account", account.c_str(), "--out", file.c_str(), "--chain-id",
                          "lincao-dev", "--expires", "2030-01-01"}) {
      args.push_back(a);
    }
    CmdResult r = Lincao(args);
    EXPECT_EQ(r.code, kExitOk) << args[0] << " " << args[1] << ": " << r.err;
    auto f = LoadTxFile(file);
    EXPECT_TRUE(f.ok()) << f.status().ToString();
    last_file_ = file;
    return f.ok() ? f->tx : v1::Tx{};
  }

  // The first line `inspect` prints for the last transaction built.
  std::string Summary() { return SummaryLine(0); }
  std::string SummaryLine(size_t i) {
    CmdResult r = Lincao({"inspect", last_file_, "--offline", "--json"});
    EXPECT_EQ(r.code, kExitOk) << r.err;
    Json j = Json::parse(r.out);
    return i < j["summary"].size() ? j["summary"][i].get<std::string>() : "";
  }
  bool InspectSaysGovernance() {
    Json j = Json::parse(Lincao({"inspect", last_file_, "--offline", "--json"}).out);
    return j["governance"].get<bool>();
  }

  // Runs `args` as the account panda-coop with --out and expects it to stop
  // before writing anything: a usage error (exit 2) whose message contains
  // `says`, or, when `says` is empty, a file it cannot read (exit 1).
  void ExpectUsageError(std::vector<std::string> args, const std::string& says) {
    const std::string file = Path("never.tx");
    const std::string what = args.size() >= 2 ? args[0] + " " + args[1] : "command";
    for (const char* a : {"--account", "panda-coop", "--out", file.c_str(), "--chain-id",
                          "lincao-dev", "--expires", "2030-01-01"}) {
      args.push_back(a);
    }
    CmdResult r = Lincao(args);
    if (says.empty()) {
      EXPECT_EQ(r.code, kExitFailed) << what << ": " << r.err;
      EXPECT_NE(r.err.find("cannot read"), std::string::npos) << r.err;
    } else {
      EXPECT_EQ(r.code, kExitUsage) << what << ": " << r.err;
      EXPECT_NE(r.err.find(says), std::string::npos) << what << ": " << r.err;
    }
    EXPECT_TRUE(r.err.starts_with("error: ")) << r.err;
    EXPECT_FALSE(std::filesystem::exists(file)) << what;
  }

  std::filesystem::path dir_;
  int files_ = 0;
  std::string last_file_;
};

// `text` in protobuf text format, as a Tx with only its body.
inline v1::Tx Body(const std::string& text) {
  v1::Tx tx;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &tx)) << text;
  return tx;
}

// The body of `tx` (everything but chain, nonce, expiry, account, cosigners).
inline std::string BodyOf(v1::Tx tx) {
  tx.clear_chain_id();
  tx.clear_nonce();
  tx.clear_expiry_ms();
  tx.clear_account();
  tx.clear_cosigners();
  return tx.DebugString();
}

// `base` with `more` appended: a command line and one variation of it.
inline std::vector<std::string> With(std::vector<std::string> base,
                                     const std::vector<std::string>& more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}

// A command line ExpectUsageError refuses, and what its message says.
struct UsageCase {
  std::vector<std::string> args;
  std::string says;
};

inline std::string Hex32(char c) { return std::string(64, c); }
inline std::string Bytes32(char c) { return *FromHex(Hex32(c)); }

}  // namespace lincao::cli
