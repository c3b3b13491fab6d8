// End to end: an auditor (granted the role by governance) follows the block
// stream of a real lincaod with `lincao audit stream --follow`; the node is
// stopped and restarted and the chain moves on; the auditor resumes from the
// height the CLI named. Together the two files hold every block exactly once,
// in order, each chained to the one before from the genesis hash.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/integration/dev_node_fixture.h"

namespace lincao::itest {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

class AuditStreamTest : public DevNodeTest {
 protected:
  // Opens `id` as a participant (identity documents hashed from a file).
  void OpenAccount(const std::string& id) {
    ASSERT_EQ(Cli({"keys", "new", "--owner", id, "--out", Key(id)}).exit_code, 0);
    NodeJson({"account", "open", "--key", Key("registrar"), "--id", id, "--role", "participant",
              "--pubkey-file", Key(id), "--identity-file", File("id.pdf")});
  }

  uint64_t Height() { return NodeJson({"query", "status"}).value("height", 0ull); }

  static std::vector<json> ReadLines(const std::string& path) {
    std::vector<json> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
      json j = json::parse(line, nullptr, false);
      if (!j.is_discarded()) out.push_back(j);
    }
    return out;
  }
};

TEST_F(AuditStreamTest, AStreamResumedAcrossANodeRestartHasNoGapOrDuplicate) {
  std::ofstream(File("id.pdf")) << "identity documents";
  StartNode();
  OpenAccount("auditor-1");
  // Governance (2 of 3) grants AUDITOR.
  ASSERT_EQ(Node({"gov", "role", "grant", "auditor-1", "auditor", "--account", "forestry-bureau",
                  "--cosigner", "ecology-dept", "--out", File("grant.tx")})
                .exit_code,
            0);
  ASSERT_EQ(Cli({"sign", File("grant.tx"), "--key", Key("forestry-bureau")}).exit_code, 0);
  ASSERT_EQ(Cli({"sign", File("grant.tx"), "--key", Key("ecology-dept")}).exit_code, 0);
  ASSERT_EQ(Node({"submit", File("grant.tx")}).exit_code, 0);
  OpenAccount("panda-coop");
  const uint64_t before = Height();
  ASSERT_GE(before, 3u);

  // A following stream, in its own process, until the node stops.
  auto stream = std::make_unique<Daemon>(
      std::vector<std::string>{LINCAO_CLI_PATH, "audit", "stream", "--follow", "--key",
                               Key("auditor-1"), "--node", address_, "--out", File("part1.jsonl")},
      dir_ / "stream1.log");
  // Wait until it has caught up (a safety bound, not a measure of speed).
  for (auto deadline = std::chrono::steady_clock::now() + 60s;
       ReadLines(File("part1.jsonl")).size() < before &&
       std::chrono::steady_clock::now() < deadline;) {
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_EQ(ReadLines(File("part1.jsonl")).size(), before);

  node_->Signal(SIGTERM);
  ASSERT_EQ(node_->Wait(30s), 0);
  EXPECT_EQ(stream->Wait(30s), 1);  // the stream ended with an error naming where to resume
  std::ifstream log(dir_ / "stream1.log");
  std::string said((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  EXPECT_NE(said.find("--from " + std::to_string(before + 1)), std::string::npos) << said;

  StartNode();
  OpenAccount("chengdu-expo");
  OpenAccount("zoige-wetland");
  const uint64_t after = Height();
  ASSERT_GT(after, before);
  CommandResult resumed = Node({"audit", "stream", "--key", Key("auditor-1"), "--from",
                                std::to_string(before + 1), "--out", File("part2.jsonl")});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("done: " + std::to_string(after - before) + " blocks"),
            std::string::npos)
      << resumed.err;

  std::vector<json> blocks = ReadLines(File("part1.jsonl"));
  for (json& j : ReadLines(File("part2.jsonl"))) blocks.push_back(std::move(j));
  ASSERT_EQ(blocks.size(), after);
  std::string prev = NodeJson({"query", "status"}).value("genesis_hash", "");
  for (size_t i = 0; i < blocks.size(); ++i) {
    const json& header = blocks[i]["block"]["header"];
    EXPECT_EQ(header.value("height", 0ull), i + 1);
    EXPECT_EQ(header.value("prev_hash", ""), prev) << "height " << i + 1;
    prev = blocks[i].value("block_hash", "");
  }
}

}  // namespace
}  // namespace lincao::itest
