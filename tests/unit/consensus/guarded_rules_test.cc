// Rules that only the simulator guarded before (issue #7): each test here
// is the smallest scenario in which breaking the rule shows.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "test_cluster.h"

namespace lincao::consensus::testing {
namespace {

// Voters 1..3 and learner 4, all booted from the same genesis.
TestCluster VotersAndALearner() {
  ConfState conf;
  for (NodeId v : {1, 2, 3}) conf.add_voters(v);
  conf.add_learners(4);
  TestCluster c(0);
  for (NodeId id : {1, 2, 3, 4}) {
    auto disk = std::make_unique<MemoryStorage>();
    disk->Bootstrap(conf, "genesis");
    c.Add(id, std::move(disk));
  }
  return c;
}

TEST(GuardedRules, LearnersDoNotCountTowardTheCommitQuorum) {
  TestCluster c = VotersAndALearner();
  c.Elect(1);
  ASSERT_EQ(c.raft(1).role(), Role::kLeader);
  const uint64_t before = c.raft(1).log().committed();
  // Only the learner answers: leader + learner are two of four members but
  // one of three voters.
  c.set_filter([](const Message& m) { return m.to() == 2 || m.to() == 3; });
  ASSERT_TRUE(c.Propose(1, "x").ok());
  c.Stabilize();
  ASSERT_EQ(c.raft(4).log().LastIndex(), c.raft(1).log().LastIndex()) << "the learner has it";
  EXPECT_EQ(c.raft(1).log().committed(), before);
}

TEST(GuardedRules, OldSnapshotIsNotInstalledOverANewerCommit) {
  TestCluster c(3);
  c.Elect(1);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(c.Propose(1, Numbered("e", i)).ok());
  c.Stabilize();
  const uint64_t committed = c.raft(2).log().committed();
  const uint64_t last = c.raft(2).log().LastIndex();
  ASSERT_GE(committed, 4u);
  Message m;
  m.set_type(pb::MSG_SNAP);
  m.set_from(1);
  m.set_to(2);
  m.set_term(c.raft(1).term());
  SnapshotMetadata* md = m.mutable_snapshot()->mutable_metadata();
  md->set_index(committed - 2);
  md->set_term(c.raft(2).log().TermOrZero(committed - 2));
  for (NodeId v : {1, 2, 3}) md->mutable_conf_state()->add_voters(v);
  ASSERT_TRUE(c[2].node->Step(m).ok());
  Ready rd = c[2].node->GetReady();
  EXPECT_FALSE(rd.snapshot.has_value());
  c[2].node->Advance(rd);
  EXPECT_EQ(c.raft(2).log().committed(), committed);
  EXPECT_EQ(c.raft(2).log().LastIndex(), last);
}

TEST(GuardedRules, HeartbeatCommitIsCappedByTheFollowersMatch) {
  TestCluster c(3);
  c.Elect(1);
  c.set_filter([](const Message& m) { return m.to() == 3; });
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(c.Propose(1, Numbered("e", i)).ok());
  c.Stabilize();
  const uint64_t match3 = c.raft(1).progress().at(3).match();
  ASSERT_LT(match3, c.raft(1).log().committed());
  c.Heal();
  c.Tick(1, 2);  // a heartbeat round
  bool saw = false;
  for (const Message& m : c.queue()) {
    if (m.type() == pb::MSG_HEARTBEAT && m.to() == 3) {
      saw = true;
      // A larger commit would let node 3 commit entries it may hold from
      // another leader at those indexes.
      EXPECT_LE(m.commit(), match3);
    }
  }
  EXPECT_TRUE(saw);
}

TEST(GuardedRules, SnapshotDoesNotWipeAMatchingLongerLog) {
  ConfState conf;
  for (NodeId v : {1, 2, 3}) conf.add_voters(v);
  auto disk = std::make_unique<MemoryStorage>();
  disk->Bootstrap(conf, "genesis");
  AppendTerms(*disk, {1, 1, 1, 1, 1});  // indexes 2..6
  TestCluster c(0);
  c.Add(2, std::move(disk));
  Message m;
  m.set_type(pb::MSG_SNAP);
  m.set_from(1);
  m.set_to(2);
  m.set_term(2);
  SnapshotMetadata* md = m.mutable_snapshot()->mutable_metadata();
  md->set_index(4);
  md->set_term(1);
  *md->mutable_conf_state() = conf;
  ASSERT_TRUE(c[2].node->Step(m).ok());
  Ready rd = c[2].node->GetReady();
  EXPECT_FALSE(rd.snapshot.has_value()) << "the log already holds index 4 of term 1";
  c[2].node->Advance(rd);
  EXPECT_EQ(c.raft(2).log().LastIndex(), 6u) << "entries 5 and 6 survive";
  EXPECT_EQ(c.raft(2).log().committed(), 4u) << "the snapshot proves index 4 committed";
}

TEST(GuardedRules, RestartResumesInTheTermOfATornWrite) {
  // Entries of term 3 reached the disk but the hard state that came with
  // them (term 3) did not: the node had adopted term 3 and may have
  // acknowledged in it, so it must not act in term 2 again.
  ConfState conf;
  for (NodeId v : {1, 2, 3}) conf.add_voters(v);
  auto disk = std::make_unique<MemoryStorage>();
  disk->Bootstrap(conf, "genesis");
  AppendTerms(*disk, {2, 3});
  HardState hs;
  hs.set_term(2);
  hs.set_vote(1);
  hs.set_commit(1);
  disk->SetHardState(hs);
  TestCluster c(0);
  c.Add(2, std::move(disk));
  EXPECT_EQ(c.raft(2).term(), 3u);
  EXPECT_EQ(c.raft(2).vote(), kNone) << "no vote was sent in term 3";
  Ready rd = c[2].node->GetReady();
  ASSERT_TRUE(rd.hard_state.has_value());
  EXPECT_EQ(rd.hard_state->term(), 3u) << "the first Ready writes the term it resumed in";
  c[2].node->Advance(rd);
}

}  // namespace
}  // namespace lincao::consensus::testing
