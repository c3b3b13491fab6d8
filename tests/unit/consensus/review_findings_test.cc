// The four findings of the consensus review (issue #7), each as the scenario
// that exposed it: a restart that rebuilt the wrong voter set, read acks
// matched by the caller's context, reads dropped while ReadIndex said OK,
// and transfer requests that kept an isolated leader alive.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "consensus/membership.h"
#include "test_cluster.h"

namespace lincao::consensus::testing {
namespace {

ConfChange Change(pb::ConfChangeType type, NodeId id) {
  ConfChange cc;
  cc.set_type(type);
  cc.set_node_id(id);
  return cc;
}

std::vector<uint64_t> Ids(const google::protobuf::RepeatedField<uint64_t>& ids) {
  return std::vector<uint64_t>(ids.begin(), ids.end());
}

// Finding 1. Storage that keeps entries at or below its snapshot index (as
// MemoryStorage::CreateSnapshot does) must not have the configuration
// changes inside the snapshot applied a second time on restart. The
// sequence re-adds ids after their removal, so applying it twice over the
// snapshot's configuration gives a different voter set.
TEST(RestartConfiguration, ChangesInsideTheSnapshotAreNotReplayed) {
  ConfState genesis;
  genesis.add_voters(1);
  genesis.add_voters(3);
  genesis.add_learners(2);
  auto disk = std::make_unique<MemoryStorage>();
  disk->Bootstrap(genesis, "genesis");
  const std::vector<ConfChange> changes = {
      Change(pb::PROMOTE_LEARNER, 2), Change(pb::REMOVE_NODE, 1),     Change(pb::ADD_LEARNER, 1),
      Change(pb::REMOVE_NODE, 2),     Change(pb::PROMOTE_LEARNER, 1), Change(pb::REMOVE_NODE, 3),
      Change(pb::ADD_LEARNER, 2)};
  std::vector<Entry> entries;
  ConfState truth = genesis;
  for (const ConfChange& cc : changes) {
    Entry e;
    e.set_index(entries.size() + 2);
    e.set_term(1);
    e.set_type(pb::ENTRY_CONF_CHANGE);
    e.set_data(cc.SerializeAsString());
    entries.push_back(e);
    truth = Membership::Apply(truth, cc);
  }
  ASSERT_EQ(Ids(truth.voters()), std::vector<uint64_t>({1}));
  ASSERT_EQ(Ids(truth.learners()), std::vector<uint64_t>({2}));
  disk->Append(entries);
  HardState hs;
  hs.set_term(1);
  hs.set_commit(8);
  disk->SetHardState(hs);
  // A snapshot at 8 without compaction: entries 2..8 stay in the log.
  ASSERT_TRUE(disk->CreateSnapshot(8, truth, "state at 8").ok());
  ASSERT_EQ(disk->FirstIndex(), 2u);

  SplitMix64 rng(1);
  Config c;
  c.id = 1;
  c.storage = disk.get();
  c.random = &rng;
  c.applied = 8;
  std::unique_ptr<RawNode> node;
  ASSERT_TRUE(RawNode::Create(c, &node).ok());
  EXPECT_EQ(Ids(node->raft().conf_state().voters()), std::vector<uint64_t>({1}));
  EXPECT_EQ(Ids(node->raft().conf_state().learners()), std::vector<uint64_t>({2}));
  ConfState at8;
  ASSERT_TRUE(node->ConfStateAt(8, &at8).ok());
  EXPECT_EQ(Ids(at8.voters()), std::vector<uint64_t>({1}));
  EXPECT_EQ(Ids(at8.learners()), std::vector<uint64_t>({2}));
  // Below the snapshot the configuration is summarized away: the library
  // refuses instead of guessing.
  ConfState at5;
  EXPECT_EQ(node->ConfStateAt(5, &at5).code(), Code::kCompacted);
}

// Finding 2. A delayed heartbeat answer from an earlier read round must not
// release a later read that reused the same caller context.
TEST(ReadRounds, StaleAckFromAnEarlierRoundDoesNotReleaseANewRead) {
  TestCluster c(3);
  c.Elect(1);
  ASSERT_TRUE(c.Propose(1, "v1").ok());
  c.Stabilize();
  ASSERT_TRUE(c[1].node->ReadIndex("same").ok());
  c.HandleReady(1);
  // Deliver the heartbeats; keep a copy of node 2's answer (a duplicate the
  // network will deliver late).
  Message stale;
  while (c.DeliverOne()) {
    for (const Message& m : c.queue()) {
      if (m.type() == pb::MSG_HEARTBEAT_RESP && m.from() == 2 && stale.type() == 0) stale = m;
    }
  }
  ASSERT_EQ(stale.type(), pb::MSG_HEARTBEAT_RESP);
  ASSERT_EQ(c[1].reads.size(), 1u);

  // Node 1 is cut off; 2 and 3 elect 2, which commits more.
  c.Isolate(1);
  NodeId fresh = kNone;
  for (int i = 0; i < 100 && fresh == kNone; ++i) {
    c.Tick(2);
    c.Tick(3);
    c.Stabilize();
    if (c.raft(2).role() == Role::kLeader) fresh = 2;
    if (c.raft(3).role() == Role::kLeader) fresh = 3;
  }
  ASSERT_NE(fresh, kNone);
  ASSERT_TRUE(c.Propose(fresh, "v2").ok());
  c.Stabilize();
  const uint64_t newer = c.raft(fresh).log().committed();
  ASSERT_GT(newer, c.raft(1).log().committed());

  // Node 1 still believes it leads; the same context is read again and the
  // stale answer arrives.
  ASSERT_EQ(c.raft(1).role(), Role::kLeader);
  ASSERT_TRUE(c[1].node->ReadIndex("same").ok());
  c.Stabilize();
  (void)c[1].node->Step(stale);
  c.HandleReady(1);
  for (size_t i = 1; i < c[1].reads.size(); ++i) {
    EXPECT_GE(c[1].reads[i].index, newer) << "stale read released by an old round's ack";
  }
  EXPECT_EQ(c[1].reads.size(), 1u);
}

// Finding 3. Every ReadIndex is either answered or refused with an error.
TEST(ReadRounds, DuplicateContextsAreEachAnswered) {
  TestCluster c(3);
  c.Elect(1);
  ASSERT_TRUE(c[1].node->ReadIndex("dup").ok());
  ASSERT_TRUE(c[1].node->ReadIndex("dup").ok());
  c.Stabilize();
  ASSERT_EQ(c[1].reads.size(), 2u);
  EXPECT_EQ(c[1].reads[0].context, "dup");
  EXPECT_EQ(c[1].reads[1].context, "dup");
}

TEST(ReadRounds, EmptyContextIsAnsweredByItsOwnRound) {
  TestCluster c(3);
  c.Elect(1);
  ASSERT_TRUE(c[1].node->ReadIndex("").ok());
  c.Stabilize();
  ASSERT_EQ(c[1].reads.size(), 1u);
  EXPECT_EQ(c[1].reads[0].context, "");
  EXPECT_EQ(c[1].reads[0].index, c.raft(1).log().committed());
}

TEST(ReadRounds, FullQueueRefusesTheRead) {
  TestCluster c(3, [](Config& cfg) { cfg.max_pending_read_index = 2; });
  c.Elect(1);
  ASSERT_TRUE(c[1].node->ReadIndex("a").ok());
  ASSERT_TRUE(c[1].node->ReadIndex("b").ok());
  EXPECT_EQ(c[1].node->ReadIndex("c").code(), Code::kProposalDropped);
  c.Stabilize();
  EXPECT_EQ(c[1].reads.size(), 2u);
}

TEST(ReadRounds, FullPreCommitListRefusesTheRead) {
  TestCluster c(3, [](Config& cfg) { cfg.max_pending_read_index = 2; });
  c.set_filter([](const Message& m) { return m.type() == pb::MSG_APP_RESP; });
  c.Elect(1);
  ASSERT_EQ(c.raft(1).role(), Role::kLeader);
  ASSERT_TRUE(c[1].node->ReadIndex("a").ok());
  ASSERT_TRUE(c[1].node->ReadIndex("b").ok());
  EXPECT_EQ(c[1].node->ReadIndex("c").code(), Code::kProposalDropped);
}

// Finding 4. Transfer requests must not reset the check-quorum timer.
TEST(TransferReview, RequestsDoNotKeepAnIsolatedLeaderAlive) {
  TestCluster c(3);
  c.Elect(1);
  c.Isolate(1);
  bool stepped_down = false;
  // One request every 5 ticks, alternating targets (each is a new transfer).
  for (int tick = 1; tick <= 25 && !stepped_down; ++tick) {
    if (tick % 5 == 0) (void)c[1].node->TransferLeadership(tick % 10 == 0 ? 2 : 3);
    c.Tick(1);
    c.Stabilize();
    stepped_down = c.raft(1).role() != Role::kLeader;
  }
  // Check-quorum steps an isolated leader down within two election timeouts
  // (10 ticks each: the first check still sees the election's answers).
  EXPECT_TRUE(stepped_down);
}

TEST(TransferReview, ForwardedRequestNamesItsSender) {
  TestCluster c(3);
  c.Elect(1);
  ASSERT_TRUE(c[2].node->TransferLeadership(3).ok());
  c.HandleReady(2);
  ASSERT_FALSE(c.queue().empty());
  const Message& fwd = c.queue().back();
  ASSERT_EQ(fwd.type(), pb::MSG_TRANSFER_LEADER);
  EXPECT_EQ(fwd.from(), 2u);
  EXPECT_EQ(fwd.to(), 1u);
  c.Stabilize();
  EXPECT_EQ(c.raft(3).role(), Role::kLeader);
}

TEST(TransferReview, SnapshotWithoutThisNodeIsRefused) {
  ConfState conf;
  conf.add_voters(1);
  conf.add_voters(2);
  conf.add_voters(3);
  auto disk = std::make_unique<MemoryStorage>();  // a joiner: empty
  SplitMix64 rng(4);
  Config cfg;
  cfg.id = 4;
  cfg.storage = disk.get();
  cfg.random = &rng;
  std::unique_ptr<RawNode> node;
  ASSERT_TRUE(RawNode::Create(cfg, &node).ok());
  Message m;
  m.set_type(pb::MSG_SNAP);
  m.set_from(1);
  m.set_to(4);
  m.set_term(2);
  m.mutable_snapshot()->mutable_metadata()->set_index(10);
  m.mutable_snapshot()->mutable_metadata()->set_term(2);
  *m.mutable_snapshot()->mutable_metadata()->mutable_conf_state() = conf;
  ASSERT_TRUE(node->Step(m).ok());
  Ready rd = node->GetReady();
  EXPECT_FALSE(rd.snapshot.has_value()) << "restored a snapshot that does not contain node 4";
  ASSERT_EQ(rd.messages.size(), 1u);
  EXPECT_EQ(rd.messages[0].index(), 0u);
  node->Advance(rd);
}

}  // namespace
}  // namespace lincao::consensus::testing

namespace lincao::consensus::testing {
namespace {

// Found by the simulator: a read forwarded to a node that had meanwhile
// become a follower was forwarded again under that node's id, and the
// answer went to a node that never asked. It is refused back instead.
TEST(ReadRounds, ReadForwardedToAFormerLeaderIsRefusedToItsAsker) {
  TestCluster c(3);
  c.Elect(1);
  Message stray;
  stray.set_type(pb::MSG_READ_INDEX);
  stray.set_from(3);
  stray.set_to(2);
  stray.add_entries()->set_data("asked-by-3");
  EXPECT_EQ(c[2].node->Step(stray).code(), Code::kProposalDropped);
  c.Stabilize();
  EXPECT_TRUE(c[2].reads.empty()) << "node 2 never asked";
  ASSERT_EQ(c[3].reads.size(), 1u);
  EXPECT_EQ(c[3].reads[0].context, "asked-by-3");
  EXPECT_FALSE(c[3].reads[0].status.ok());
}

}  // namespace
}  // namespace lincao::consensus::testing
