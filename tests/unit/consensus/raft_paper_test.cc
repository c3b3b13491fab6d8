// The Raft paper's figures as tests: Figure 7 (a new leader brings every
// kind of divergent follower log in line with its own) and Figure 8 (a
// leader must not commit an entry of an earlier term by counting replicas).
#include <gtest/gtest.h>

#include <memory>
#include <set>

#include "test_cluster.h"

namespace lincao::consensus::testing {
namespace {

// Index 1 of every log is the genesis (term 1), as in the figure.
const std::vector<uint64_t> kLeaderLog = {1, 1, 1, 4, 4, 5, 5, 6, 6, 6};

struct Figure7Case {
  const char* name;
  std::vector<uint64_t> follower;
};

class Figure7 : public ::testing::TestWithParam<Figure7Case> {};

std::unique_ptr<MemoryStorage> DiskWithLog(const std::vector<uint64_t>& terms, uint64_t term) {
  ConfState conf;
  for (NodeId i = 1; i <= 3; ++i) conf.add_voters(i);
  auto disk = std::make_unique<MemoryStorage>();
  disk->Bootstrap(conf, "genesis");
  AppendTerms(*disk, std::vector<uint64_t>(terms.begin() + 1, terms.end()));
  HardState hs;
  hs.set_term(term);
  hs.set_commit(1);
  disk->SetHardState(hs);
  return disk;
}

// "When the leader at the top comes to power, it is possible that any of
// scenarios (a-f) could occur in follower logs." The leader of term 8 must
// leave each follower with exactly its own log.
TEST_P(Figure7, LeaderMakesFollowerLogMatch) {
  const Figure7Case& c = GetParam();
  auto no_prevote = [](Config& cfg) { cfg.pre_vote = false; };
  TestCluster cluster(0);
  cluster.Add(1, DiskWithLog(kLeaderLog, 7), no_prevote);
  cluster.Add(2, DiskWithLog(c.follower, c.follower.back()), no_prevote);
  // Node 3 is a black hole except for the vote it grants the leader.
  cluster.set_filter([](const Message& m) { return m.to() == 3 || m.from() == 3; });

  ASSERT_TRUE(cluster[1].node->Campaign().ok());
  Message vote;
  vote.set_type(pb::MSG_VOTE_RESP);
  vote.set_from(3);
  vote.set_to(1);
  vote.set_term(8);
  ASSERT_TRUE(cluster[1].node->Step(vote).ok());
  cluster.HandleAllReady();
  ASSERT_EQ(cluster.raft(1).role(), Role::kLeader);
  ASSERT_EQ(cluster.raft(1).term(), 8u);
  ASSERT_TRUE(cluster.Propose(1, "after-election").ok());
  cluster.ResetCounters();
  cluster.Stabilize();

  std::vector<uint64_t> expected = kLeaderLog;
  expected.push_back(8);  // the leader's no-op
  expected.push_back(8);  // the proposal
  EXPECT_EQ(DiskTerms(*cluster[1].disk), expected);
  EXPECT_EQ(DiskTerms(*cluster[2].disk), expected) << c.name;
  EXPECT_EQ(cluster.raft(2).log().committed(), 12u);
  // Fast backtracking: a whole conflicting term per rejection at most.
  EXPECT_LE(cluster.delivered(pb::MSG_APP_RESP), 6) << c.name;
}

INSTANTIATE_TEST_SUITE_P(Paper, Figure7,
                         ::testing::Values(Figure7Case{"a", {1, 1, 1, 4, 4, 5, 5, 6, 6}},
                                           Figure7Case{"b", {1, 1, 1, 4}},
                                           Figure7Case{"c", {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6}},
                                           Figure7Case{"d", {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7}},
                                           Figure7Case{"e", {1, 1, 1, 4, 4, 4, 4}},
                                           Figure7Case{"f", {1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3}}),
                         [](const auto& info) { return std::string(info.param.name); });

// Figure 8. S1..S5; index 2 holds a term-2 entry on S1 and S2 and a term-3
// entry on S5. S1 becomes leader of term 4 and copies its index 2 to S3.
class Figure8 : public ::testing::Test {
 protected:
  void SetUp() override { Build(false); }

  void Build(bool planted_bug) {
    auto tweak = [planted_bug](Config& cfg) {
      cfg.pre_vote = false;  // the paper's algorithm: no pre-vote, no leases
      cfg.check_quorum = false;
      cfg.max_msg_bytes = 1;  // one entry per MsgApp
      cfg.planted_bugs.commit_without_current_term = planted_bug;
    };
    cluster_ = std::make_unique<TestCluster>(0);
    const std::vector<std::vector<uint64_t>> logs = {{1, 2}, {1, 2}, {1}, {1}, {1, 3}};
    const uint64_t terms[] = {3, 3, 3, 3, 3};
    for (NodeId id = 1; id <= 5; ++id) {
      ConfState conf;
      for (NodeId v = 1; v <= 5; ++v) conf.add_voters(v);
      auto disk = std::make_unique<MemoryStorage>();
      disk->Bootstrap(conf, "genesis");
      AppendTerms(*disk, std::vector<uint64_t>(logs[id - 1].begin() + 1, logs[id - 1].end()));
      HardState hs;
      hs.set_term(terms[id - 1]);
      hs.set_commit(1);
      disk->SetHardState(hs);
      cluster_->Add(id, std::move(disk), tweak);
    }
    // (c): S5 is down; S1's entries of its own term 4 do not get through,
    // except inside the first probe to S3 and S4, which they reject anyway
    // (they lack index 2) and which leads S1 to send them index 2 alone.
    auto probed = std::make_shared<std::set<NodeId>>();
    cluster_->set_filter([probed](const Message& m) {
      if (m.to() == 5 || m.from() == 5) return true;
      if (m.type() == pb::MSG_APP && (m.to() == 3 || m.to() == 4) &&
          probed->insert(m.to()).second) {
        return false;  // the first probe: rejected, index 2 is missing
      }
      for (const Entry& e : m.entries()) {
        if (e.term() == 4) return true;
      }
      return false;
    });
    cluster_->Elect(1);
    ASSERT_EQ(cluster_->raft(1).role(), Role::kLeader);
    ASSERT_EQ(cluster_->raft(1).term(), 4u);
  }

  TestCluster& c() { return *cluster_; }
  std::unique_ptr<TestCluster> cluster_;
};

TEST_F(Figure8, OldTermEntryOnMajorityIsNotCommitted) {
  // S1, S3, S4 are known to hold index 2 (term 2): a majority of five, yet
  // it must not commit.
  EXPECT_EQ(DiskTerms(*c()[3].disk), (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(c().raft(1).progress().at(3).match(), 2u);
  EXPECT_EQ(c().raft(1).progress().at(4).match(), 2u);
  EXPECT_EQ(c().raft(1).log().committed(), 1u);
}

TEST_F(Figure8, UncommittedOldEntryMayBeOverwritten) {
  // (d): S1 crashes; S5 (last term 3) wins with S2, S3, S4 and overwrites index 2.
  c().set_filter([](const Message& m) { return m.to() == 1 || m.from() == 1; });
  c().Elect(5);  // term 4: everyone already voted for S1
  c().Elect(5);  // term 5
  ASSERT_EQ(c().raft(5).role(), Role::kLeader);
  c().Stabilize();
  EXPECT_EQ(DiskTerms(*c()[3].disk, 2)[0], 3u);
  EXPECT_EQ(DiskTerms(*c()[2].disk, 2)[0], 3u);
}

TEST_F(Figure8, CurrentTermEntryCommitsOldOnesAndBlocksStaleCandidate) {
  // (e): S1's term-4 entry reaches S2 and S3, so index 2 and 3 commit together.
  c().set_filter([](const Message& m) { return m.to() == 5 || m.from() == 5; });
  c().TickAll(3);  // heartbeats and retries
  c().Stabilize();
  EXPECT_EQ(c().raft(1).log().committed(), 3u);
  // S5 cannot win now: S2 and S3 hold a log with a later last term.
  c().Isolate(1);
  c().Elect(5);
  c().Elect(5);
  EXPECT_NE(c().raft(5).role(), Role::kLeader);
  EXPECT_EQ(DiskTerms(*c()[3].disk), (std::vector<uint64_t>{1, 2, 4}));
}

TEST_F(Figure8, PlantedBugCommitsByCount) {
  Build(true);
  EXPECT_EQ(c().raft(1).log().committed(), 2u) << "the planted bug must break the rule";
}

}  // namespace
}  // namespace lincao::consensus::testing
