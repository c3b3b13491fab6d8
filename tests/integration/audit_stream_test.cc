// End to end: an auditor (granted the role by governance) follows the block
// stream of a real lincaod with `lincao audit stream --follow`; the node is
// stopped and restarted and the chain moves on; the auditor resumes from the
// height the CLI named. Together the two files hold every block exactly once,
// in order, each chained to the one before from the genesis hash. Then the
// auditor's history, transaction lists, exports and registry reports against
// the same kind of node.
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
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

  // Opens auditor-1 and has governance (2 of 3) grant it AUDITOR.
  void OpenAuditor() {
    OpenAccount("auditor-1");
    ASSERT_EQ(Node({"gov", "role", "grant", "auditor-1", "auditor", "--account", "forestry-bureau",
                    "--cosigner", "ecology-dept", "--out", File("grant.tx")})
                  .exit_code,
              0);
    ASSERT_EQ(Cli({"sign", File("grant.tx"), "--key", Key("forestry-bureau")}).exit_code, 0);
    ASSERT_EQ(Cli({"sign", File("grant.tx"), "--key", Key("ecology-dept")}).exit_code, 0);
    ASSERT_EQ(Node({"submit", File("grant.tx")}).exit_code, 0);
  }

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
  OpenAuditor();
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

TEST_F(AuditStreamTest, HistoryTransactionsExportsAndReportsFromARealNode) {
  std::ofstream(File("id.pdf")) << "identity documents";
  StartNode();
  OpenAuditor();
  OpenAccount("panda-coop");
  OpenAccount("chengdu-expo");
  const std::string key = Key("auditor-1");

  // panda-coop's history: the registrar's account_open that created it.
  CommandResult history =
      Node({"audit", "history", "--account", "panda-coop", "--key", key, "--json"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  std::vector<json> entries;
  std::istringstream lines(history.out);
  for (std::string line; std::getline(lines, line);) entries.push_back(json::parse(line));
  ASSERT_EQ(entries.size(), 1u) << history.out;
  EXPECT_EQ(entries[0].value("type", ""), "open_account");
  EXPECT_EQ(entries[0].value("account", ""), "registrar");
  EXPECT_EQ(entries[0].value("code", ""), "OK");

  // Its state key's history names the same transaction.
  CommandResult by_key =
      Node({"audit", "history", "--state-key", "a/panda-coop", "--key", key, "--json"});
  ASSERT_EQ(by_key.exit_code, 0) << by_key.err;
  EXPECT_NE(by_key.out.find(entries[0].value("tx_id", "")), std::string::npos) << by_key.out;

  // Three accounts opened, newest first, in pages of two with --all.
  CommandResult opens = Node({"audit", "transactions", "--type", "open_account", "--key", key,
                              "--page-size", "2", "--all", "--json"});
  ASSERT_EQ(opens.exit_code, 0) << opens.err;
  std::vector<uint64_t> heights;
  std::istringstream open_lines(opens.out);
  for (std::string line; std::getline(open_lines, line);) {
    heights.push_back(json::parse(line).value("height", 0ull));
  }
  ASSERT_EQ(heights.size(), 3u) << opens.out;
  EXPECT_GT(heights[0], heights[1]);
  EXPECT_GT(heights[1], heights[2]);
  EXPECT_NE(opens.err.find("done: 3 transactions"), std::string::npos) << opens.err;

  // A table export as CSV: the header, and the progress line on stderr.
  CommandResult projects = Node({"audit", "export", "projects", "--key", key});
  ASSERT_EQ(projects.exit_code, 0) << projects.err;
  EXPECT_EQ(projects.out.substr(0, projects.out.find("\r\n")),
            "height,project,title,owner,methodology,sector,area_code,status,reports,batches,"
            "submitted_height,status_height");
  // No rows, yet the export still says the height it read: "nothing at H".
  const uint64_t head = NodeJson({"query", "status"}).value("height", 0ull);
  ASSERT_GT(head, 0u);
  EXPECT_NE(projects.err.find("done: 0 rows at height " + std::to_string(head)), std::string::npos)
      << projects.err;
  // A height beyond the head is refused; resuming from it would fail the
  // same way, so the CLI does not suggest it.
  CommandResult beyond = Node({"audit", "stream", "--from", std::to_string(head + 100), "--key",
                               key, "--out", File("beyond.jsonl")});
  EXPECT_EQ(beyond.exit_code, 1);
  EXPECT_NE(beyond.err.find("E500 NOT_FOUND"), std::string::npos) << beyond.err;
  EXPECT_EQ(beyond.err.find("resume with"), std::string::npos) << beyond.err;
  CommandResult sanctions = Node({"report", "sanctions", "--format", "json", "--key", key});
  ASSERT_EQ(sanctions.exit_code, 0) << sanctions.err;
  json none = json::parse(sanctions.out);
  EXPECT_EQ(none["rows"].size(), 0u);
  EXPECT_EQ(none.value("height", 0ull), head) << sanctions.out;

  // The registry report as JSON; without the auditor's key the node refuses.
  CommandResult registry = Node({"report", "registry", "--format", "json", "--key", key});
  ASSERT_EQ(registry.exit_code, 0) << registry.err;
  json doc = json::parse(registry.out);
  EXPECT_EQ(doc.value("report", ""), "registry");
  EXPECT_TRUE(doc["units"].is_array());
  CommandResult unsigned_call = Node({"report", "sanctions"});
  EXPECT_EQ(unsigned_call.exit_code, 1);
  EXPECT_NE(unsigned_call.err.find("E511"), std::string::npos) << unsigned_call.err;
}

}  // namespace
}  // namespace lincao::itest
