// Leader election: one leader per term, randomized timeouts, pre-vote and
// check-quorum, one vote per term that survives a restart.
#include <gtest/gtest.h>

#include <set>

#include "test_cluster.h"

namespace lincao::consensus::testing {
namespace {

TEST(Election, ThreeNodesElectExactlyOneLeaderByTicking) {
  TestCluster c(3);
  for (int i = 0; i < 40 && c.Leaders() == 0; ++i) {
    c.TickAll();
    c.Stabilize();
  }
  ASSERT_EQ(c.Leaders(), 1);
  NodeId leader = kNone;
  for (NodeId id = 1; id <= 3; ++id) {
    if (c.raft(id).role() == Role::kLeader) leader = id;
  }
  for (NodeId id = 1; id <= 3; ++id) {
    EXPECT_EQ(c.raft(id).leader(), leader);
    EXPECT_EQ(c.raft(id).term(), c.raft(leader).term());
  }
}

TEST(Election, RandomizedTimeoutIsWithinOneToTwoElectionTimeouts) {
  // A lone voter campaigns when its randomized timeout expires.
  std::set<int> seen;
  for (uint64_t seed = 1; seed <= 60; ++seed) {
    ConfState conf;
    conf.add_voters(1);
    MemoryStorage disk;
    disk.Bootstrap(conf, "g");
    SplitMix64 rng(seed);
    Config cfg;
    cfg.id = 1;
    cfg.storage = &disk;
    cfg.random = &rng;
    cfg.applied = 1;
    Raft r(cfg);
    int ticks = 0;
    while (r.role() != Role::kLeader && ticks < 100) {
      r.Tick();
      ++ticks;
    }
    EXPECT_GE(ticks, cfg.election_ticks);
    EXPECT_LT(ticks, 2 * cfg.election_ticks);
    seen.insert(ticks);
  }
  EXPECT_GT(seen.size(), 3u) << "timeouts must actually vary";
}

TEST(Election, VoteIsGrantedOncePerTerm) {
  TestCluster c(3, [](Config& cfg) { cfg.pre_vote = false; });
  Message req;
  req.set_type(pb::MSG_VOTE);
  req.set_term(5);
  req.set_index(1);
  req.set_log_term(1);
  req.set_from(1);
  req.set_to(3);
  ASSERT_TRUE(c[3].node->Step(req).ok());
  req.set_from(2);
  ASSERT_TRUE(c[3].node->Step(req).ok());
  c.HandleReady(3);
  ASSERT_EQ(c.queue().size(), 2u);
  EXPECT_FALSE(c.queue()[0].reject());
  EXPECT_EQ(c.queue()[0].to(), 1u);
  EXPECT_TRUE(c.queue()[1].reject()) << "second candidate of the same term";
  EXPECT_EQ(c[3].disk->hard_state().vote(), 1u) << "the vote is persisted";

  // After a restart the vote still binds.
  c.queue().clear();
  c.Restart(3);
  ASSERT_TRUE(c[3].node->Step(req).ok());
  c.HandleReady(3);
  ASSERT_EQ(c.queue().size(), 1u);
  EXPECT_TRUE(c.queue()[0].reject());
}

TEST(Election, StaleLogLosesTheVote) {
  TestCluster c(3, [](Config& cfg) { cfg.pre_vote = false; });
  c.Elect(1);
  ASSERT_TRUE(c.Propose(1, "x").ok());
  c.Stabilize();
  // Node 3 misses the next entry, then tries to lead.
  c.Isolate(3);
  ASSERT_TRUE(c.Propose(1, "y").ok());
  c.Stabilize();
  c.Heal();
  c.set_filter([](const Message& m) { return m.from() == 1 || m.to() == 1; });
  c.TickAll(30);  // leases expire
  c.Elect(3);
  EXPECT_NE(c.raft(3).role(), Role::kLeader);
}

TEST(Election, PreVoteKeepsAPartitionedNodeFromRaisingTerms) {
  TestCluster c(3);
  c.Elect(1);
  ASSERT_EQ(c.raft(1).role(), Role::kLeader);
  const uint64_t term = c.raft(1).term();
  c.Isolate(3);
  for (int i = 0; i < 100; ++i) {
    c.TickAll();
    c.Stabilize();
  }
  EXPECT_EQ(c.raft(3).term(), term) << "pre-vote failures do not bump the term";
  c.Heal();
  for (int i = 0; i < 5; ++i) {
    c.TickAll();
    c.Stabilize();
  }
  EXPECT_EQ(c.raft(1).role(), Role::kLeader) << "the rejoining node did not depose the leader";
  EXPECT_EQ(c.raft(1).term(), term);
  EXPECT_EQ(c.raft(3).leader(), 1u);
}

TEST(Election, CheckQuorumMakesAnIsolatedLeaderStepDown) {
  TestCluster c(3);
  c.Elect(1);
  ASSERT_EQ(c.raft(1).role(), Role::kLeader);
  c.Isolate(1);
  for (int i = 0; i < 25; ++i) {
    c.Tick(1);
    c.Stabilize();
  }
  EXPECT_EQ(c.raft(1).role(), Role::kFollower);
}

TEST(Election, LeaseIgnoresVotesWhileTheLeaderIsHeard) {
  TestCluster c(3);
  c.Elect(1);
  const uint64_t term = c.raft(1).term();
  // Node 3 forces a real election right away: peers that just heard from
  // node 1 ignore it, so nobody's term moves.
  Message req;
  req.set_type(pb::MSG_VOTE);
  req.set_from(3);
  req.set_to(2);
  req.set_term(term + 1);
  req.set_index(100);
  req.set_log_term(term);
  ASSERT_TRUE(c[2].node->Step(req).ok());
  EXPECT_EQ(c.raft(2).term(), term);
}

}  // namespace
}  // namespace lincao::consensus::testing
