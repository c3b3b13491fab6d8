// Membership: learners, promotion, removal, one change at a time, the
// removed leader stepping down, and configuration by log position.
#include <gtest/gtest.h>

#include "consensus/membership.h"
#include "test_cluster.h"

namespace lincao::consensus::testing {
namespace {

ConfChange Change(pb::ConfChangeType type, NodeId id) {
  ConfChange cc;
  cc.set_type(type);
  cc.set_node_id(id);
  cc.set_payload("governance tx");
  return cc;
}

// Adds node `id` as a learner to a running cluster led by `leader`.
void AddLearner(TestCluster& c, NodeId leader, NodeId id) {
  ASSERT_TRUE(c[leader].node->ProposeConfChange(Change(pb::ADD_LEARNER, id)).ok());
  c.HandleReady(leader);
  c.Add(id, std::make_unique<MemoryStorage>());
  c.Stabilize();
  // A joiner starts empty and needs a snapshot that already contains it
  // (it refuses any other): the leader's application takes one.
  c.SnapshotAtApplied(leader);
  for (int i = 0; i < 3; ++i) {
    c.TickAll();
    c.Stabilize();
  }
}

TEST(Membership, ApplyRejectsChangesThatDoNotApply) {
  ConfState conf;
  conf.add_voters(1);
  conf.add_learners(2);
  EXPECT_FALSE(Membership::Check(conf, Change(pb::REMOVE_NODE, 1)).ok()) << "last voter";
  EXPECT_FALSE(Membership::Check(conf, Change(pb::PROMOTE_LEARNER, 3)).ok());
  EXPECT_FALSE(Membership::Check(conf, Change(pb::ADD_LEARNER, 1)).ok());
  EXPECT_TRUE(Membership::Check(conf, Change(pb::PROMOTE_LEARNER, 2)).ok());
  ConfState after = Membership::Apply(conf, Change(pb::PROMOTE_LEARNER, 2));
  EXPECT_EQ(after.voters_size(), 2);
  EXPECT_EQ(after.learners_size(), 0);
}

TEST(Membership, TruncationRevertsTheConfiguration) {
  Membership m;
  ConfState conf;
  conf.add_voters(1);
  m.Reset(1, conf);
  Entry e;
  e.set_index(5);
  e.set_type(pb::ENTRY_CONF_CHANGE);
  e.set_data(Change(pb::ADD_LEARNER, 2).SerializeAsString());
  m.OnAppend(e);
  EXPECT_TRUE(m.IsLearner(2));
  ConfState at4;
  ASSERT_TRUE(m.At(4, &at4).ok());
  EXPECT_EQ(at4.learners_size(), 0);
  EXPECT_TRUE(m.TruncateFrom(5));
  EXPECT_FALSE(m.IsLearner(2));
}

TEST(Membership, LearnerReplicatesButNeverVotesNorCampaigns) {
  TestCluster c(3);
  c.Elect(1);
  AddLearner(c, 1, 4);
  ASSERT_TRUE(c.Propose(1, "for-the-learner").ok());
  c.Stabilize();
  EXPECT_EQ(c.raft(4).log().committed(), c.raft(1).log().committed());
  EXPECT_FALSE(c.raft(4).Promotable());
  c.Isolate(1);
  for (int i = 0; i < 40; ++i) c.Tick(4);
  EXPECT_EQ(c.raft(4).role(), Role::kFollower);
  // The learner is not part of the quorum: two voters of three still commit.
  c.set_filter([](const Message& m) { return m.to() == 4 || m.from() == 4; });
  ASSERT_TRUE(c.Propose(1, "without-learner").ok());
  c.Stabilize();
  EXPECT_EQ(c.raft(1).log().committed(), c.raft(1).log().LastIndex());
}

TEST(Membership, PromotedLearnerCountsTowardTheQuorum) {
  TestCluster c(3);
  c.Elect(1);
  AddLearner(c, 1, 4);
  ASSERT_TRUE(c[1].node->ProposeConfChange(Change(pb::PROMOTE_LEARNER, 4)).ok());
  c.Stabilize();
  EXPECT_TRUE(c.raft(4).Promotable());
  EXPECT_EQ(c.raft(1).conf_state().voters_size(), 4);
  // With four voters, two are not a quorum.
  c.set_filter([](const Message& m) {
    return m.to() == 3 || m.from() == 3 || m.to() == 4 || m.from() == 4;
  });
  const uint64_t before = c.raft(1).log().committed();
  ASSERT_TRUE(c.Propose(1, "needs-three").ok());
  c.Stabilize();
  EXPECT_EQ(c.raft(1).log().committed(), before);
  c.Heal();
  c.TickAll(2);
  c.Stabilize();
  EXPECT_GT(c.raft(1).log().committed(), before);
}

TEST(Membership, OneChangeAtATime) {
  TestCluster c(3);
  c.Elect(1);
  // Hold back replication so the first change stays uncommitted.
  c.set_filter([](const Message& m) { return m.from() == 1; });
  ASSERT_TRUE(c[1].node->ProposeConfChange(Change(pb::ADD_LEARNER, 4)).ok());
  EXPECT_EQ(c[1].node->ProposeConfChange(Change(pb::ADD_LEARNER, 5)).code(),
            Code::kConfChangePending);
  c.Heal();
  c.TickAll(2);
  c.Stabilize();
  EXPECT_TRUE(c[1].node->ProposeConfChange(Change(pb::ADD_LEARNER, 5)).ok());
}

TEST(Membership, NewLeaderMustCommitInItsTermBeforeAChange) {
  TestCluster c(3);
  c.set_filter([](const Message& m) { return m.type() == pb::MSG_APP_RESP; });
  c.Elect(1);
  ASSERT_EQ(c.raft(1).role(), Role::kLeader);
  EXPECT_EQ(c[1].node->ProposeConfChange(Change(pb::ADD_LEARNER, 4)).code(),
            Code::kConfChangePending);
}

TEST(Membership, RemovedLeaderStepsDownOnceTheRemovalCommits) {
  TestCluster c(3);
  c.Elect(1);
  ASSERT_TRUE(c[1].node->ProposeConfChange(Change(pb::REMOVE_NODE, 1)).ok());
  EXPECT_EQ(c[1].node->Propose("x").code(), Code::kProposalDropped);
  c.Stabilize();
  EXPECT_NE(c.raft(1).role(), Role::kLeader);
  EXPECT_FALSE(c.raft(1).Promotable());
  EXPECT_EQ(c.raft(2).conf_state().voters_size(), 2);
  // The other two elect a leader and carry on.
  c.Isolate(1);
  for (int i = 0; i < 40 && c.raft(2).role() != Role::kLeader && c.raft(3).role() != Role::kLeader;
       ++i) {
    c.Tick(2);
    c.Tick(3);
    c.Stabilize();
  }
  const NodeId leader = c.raft(2).role() == Role::kLeader ? 2 : 3;
  ASSERT_EQ(c.raft(leader).role(), Role::kLeader);
  ASSERT_TRUE(c.Propose(leader, "after-removal").ok());
  c.Stabilize();
  EXPECT_EQ(c.raft(2).log().committed(), c.raft(3).log().committed());
}

}  // namespace
}  // namespace lincao::consensus::testing

namespace lincao::consensus::testing {
namespace {

// Found by the simulator once voters could shrink to one: a leader of two
// voters appends its own removal and dies before anyone else has it. The
// survivor lacks the entry, so the returning node's vote is needed, and the
// returning node, no longer a voter in its latest configuration, must still
// campaign until the removal commits (thesis §4.2.2).
TEST(Membership, NodeWhoseRemovalIsUncommittedStillCampaigns) {
  TestCluster c(2);
  c.Elect(1);
  ASSERT_EQ(c.raft(1).role(), Role::kLeader);
  ASSERT_TRUE(c.Propose(1, "settle").ok());
  c.Stabilize();
  c.set_filter([](const Message& m) { return m.to() == 2; });
  ConfChange cc;
  cc.set_type(pb::REMOVE_NODE);
  cc.set_node_id(1);
  ASSERT_TRUE(c[1].node->ProposeConfChange(cc).ok());
  c.Stabilize();
  c.Restart(1);
  c.Heal();
  ASSERT_FALSE(c.raft(1).conf_state().voters().empty());
  bool removal_committed = false;
  for (int i = 0; i < 200 && !removal_committed; ++i) {
    c.TickAll();
    c.Stabilize();
    removal_committed = c.raft(2).log().committed() >= c.raft(1).log().LastIndex() &&
                        c.raft(2).conf_state().voters_size() == 1;
  }
  EXPECT_TRUE(removal_committed);
  for (int i = 0; i < 50; ++i) {
    c.TickAll();
    c.Stabilize();
  }
  EXPECT_EQ(c.raft(2).role(), Role::kLeader);
}

}  // namespace
}  // namespace lincao::consensus::testing
