// Replication, the Ready contract, flow-control bounds, snapshots for
// lagging followers, leadership transfer and ReadIndex.
#include <gtest/gtest.h>

#include <algorithm>

#include "test_cluster.h"

namespace lincao::consensus::testing {
namespace {

std::vector<std::string> AppliedData(const TestNode& n) {
  std::vector<std::string> out;
  for (const Entry& e : n.applied) {
    if (e.type() == pb::ENTRY_NORMAL && !e.data().empty()) out.push_back(e.data());
  }
  return out;
}

TEST(Replication, NewLeaderCommitsANoOpOfItsTerm) {
  TestCluster c(3);
  c.Elect(2);
  ASSERT_EQ(c.raft(2).role(), Role::kLeader);
  const uint64_t last = c.raft(2).log().LastIndex();
  EXPECT_EQ(c.raft(2).log().TermOrZero(last), c.raft(2).term());
  EXPECT_EQ(c.raft(2).log().committed(), last);
  for (NodeId id = 1; id <= 3; ++id) {
    ASSERT_FALSE(c[id].applied.empty());
    EXPECT_TRUE(c[id].applied.back().data().empty()) << "the no-op";
  }
}

TEST(Replication, ProposalsReachEveryStateMachineInOrder) {
  TestCluster c(5);
  c.Elect(1);
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(c.Propose(static_cast<NodeId>(1 + i % 5), Numbered("p", i)).ok());
    c.Stabilize();
  }
  const auto expect = AppliedData(c[1]);
  ASSERT_EQ(expect.size(), 20u);
  for (NodeId id = 2; id <= 5; ++id) EXPECT_EQ(AppliedData(c[id]), expect);
}

TEST(Replication, FollowerWithoutLeaderDropsProposals) {
  TestCluster c(3);
  EXPECT_EQ(c[2].node->Propose("x").code(), Code::kProposalDropped);
}

TEST(ReadyContract, MessagesComeWithTheStateTheyPromise) {
  TestCluster c(3);
  c.Elect(1);
  ASSERT_TRUE(c[1].node->Propose("x").ok());
  ASSERT_TRUE(c[1].node->HasReady());
  Ready rd = c[1].node->GetReady();
  // The leader's MsgApp carries an entry that is in this Ready's entries;
  // it may leave before the entry is persisted (early_messages), and no
  // acknowledgment-bearing message does.
  ASSERT_EQ(rd.entries.size(), 1u);
  EXPECT_TRUE(rd.must_sync);
  EXPECT_TRUE(rd.messages.empty());
  bool has_app = false;
  for (const Message& m : rd.early_messages) {
    if (m.type() == pb::MSG_APP && m.entries_size() > 0) {
      has_app = true;
      EXPECT_EQ(m.entries(m.entries_size() - 1).index(), rd.entries.back().index());
    }
  }
  EXPECT_TRUE(has_app);
  // Nothing uncommitted is handed out for applying.
  for (const Entry& e : rd.committed_entries) EXPECT_LT(e.index(), rd.entries.front().index());
  c[1].disk->Append(rd.entries);
  c[1].node->Advance(rd);
}

TEST(ParallelAppend, LeaderCountsItsOwnCopyOnlyOnceDurable) {
  // A lone voter with a learner: the MsgApp leaves before the leader's write
  // and must not carry the entry as committed.
  TestCluster c(1);
  c.Elect(1);
  c.Add(2, std::make_unique<MemoryStorage>());
  ConfChange cc;
  cc.set_type(pb::ADD_LEARNER);
  cc.set_node_id(2);
  ASSERT_TRUE(c[1].node->ProposeConfChange(cc).ok());
  c.Stabilize();
  c.SnapshotAtApplied(1);
  for (int i = 0; i < 3; ++i) {
    c.TickAll();
    c.Stabilize();
  }
  ASSERT_EQ(c.raft(2).log().LastIndex(), c.raft(1).log().LastIndex());
  const uint64_t before = c.raft(1).log().committed();
  ASSERT_TRUE(c[1].node->Propose("x").ok());
  Ready rd = c[1].node->GetReady();
  ASSERT_EQ(rd.entries.size(), 1u);
  const uint64_t index = rd.entries[0].index();
  ASSERT_FALSE(rd.early_messages.empty());
  for (const Message& m : rd.early_messages) EXPECT_LT(m.commit(), index);
  EXPECT_FALSE(rd.hard_state.has_value() && rd.hard_state->commit() >= index);
  EXPECT_EQ(c.raft(1).log().committed(), before);
  c[1].disk->Append(rd.entries);
  c[1].node->Advance(rd);
  EXPECT_EQ(c.raft(1).log().committed(), index) << "durable now: the lone voter commits";
}

TEST(ParallelAppend, EntryCommitsThroughFollowersWhenTheLeaderDiesBeforeItsWrite) {
  TestCluster c(3);
  c.Elect(1);
  ASSERT_TRUE(c[1].node->Propose("x").ok());
  Ready rd = c[1].node->GetReady();
  ASSERT_EQ(rd.entries.size(), 1u);
  const Entry entry = rd.entries[0];
  for (Message& m : rd.early_messages) c.queue().push_back(std::move(m));
  // Node 1 crashes before its write: nothing of this Ready reaches its disk.
  c.Restart(1);
  EXPECT_LT(c[1].disk->LastIndex(), entry.index());
  c.Stabilize();  // 2 and 3 persist the entry; their answers reach nobody alive as leader
  NodeId leader = kNone;
  for (int i = 0; i < 100 && leader == kNone; ++i) {
    c.TickAll();
    c.Stabilize();
    for (NodeId id : {1, 2, 3}) {
      if (c.raft(id).role() == Role::kLeader) leader = id;
    }
  }
  ASSERT_NE(leader, kNone);
  EXPECT_NE(leader, 1u) << "node 1 lacks the entry; a majority holds it";
  c.TickAll();
  c.Stabilize();
  // The entry the crashed leader never wrote is committed and applied everywhere.
  for (NodeId id : {1, 2, 3}) {
    bool found = false;
    for (const Entry& e : c[id].applied) found |= e.index() == entry.index() && e.data() == "x";
    EXPECT_TRUE(found) << "node " << id;
  }
}

TEST(ReadyContract, CommittedEntriesAreAlreadyDurable) {
  // A single voter commits on append; the entry is handed out for applying
  // only in the Ready after the one that persists it.
  TestCluster c(1);
  c.Elect(1);
  ASSERT_TRUE(c[1].node->Propose("solo").ok());
  Ready first = c[1].node->GetReady();
  ASSERT_EQ(first.entries.size(), 1u);
  EXPECT_TRUE(first.committed_entries.empty());
  c[1].disk->Append(first.entries);
  if (first.hard_state) c[1].disk->SetHardState(*first.hard_state);
  c[1].node->Advance(first);
  ASSERT_TRUE(c[1].node->HasReady());
  Ready second = c[1].node->GetReady();
  ASSERT_EQ(second.committed_entries.size(), 1u);
  EXPECT_EQ(second.committed_entries[0].data(), "solo");
  EXPECT_LE(second.committed_entries[0].index(), c[1].disk->LastIndex());
  c[1].node->Advance(second);
}

TEST(FlowControl, BatchesRespectMaxMsgBytesAndTheInflightWindow) {
  TestCluster c(3, [](Config& cfg) {
    cfg.max_msg_bytes = 100;
    cfg.max_inflight_msgs = 3;
  });
  c.Elect(1);
  // Node 3 receives but its answers are lost: the window fills up.
  c.set_filter([](const Message& m) { return m.from() == 3; });
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(c.Propose(1, std::string(30, 'a' + i % 26)).ok());
  int apps_to_3 = 0;
  for (const Message& m : c.queue()) {
    if (m.type() != pb::MSG_APP || m.to() != 3) continue;
    ++apps_to_3;
    uint64_t bytes = 0;
    for (const Entry& e : m.entries()) bytes += e.data().size();
    EXPECT_TRUE(m.entries_size() <= 1 || bytes <= 100) << bytes;
  }
  EXPECT_LE(apps_to_3, 3) << "kMaxInflightMsgs-style window";
  c.Stabilize();
  EXPECT_EQ(c.raft(1).progress().at(3).inflights().count(), 3u);
  // Once node 3 is heard again, it catches up.
  c.Heal();
  for (int i = 0; i < 10; ++i) {
    c.TickAll();
    c.Stabilize();
  }
  EXPECT_EQ(AppliedData(c[3]).size(), 50u);
}

TEST(Snapshot, LaggingFollowerIsSentASnapshotAndResumes) {
  TestCluster c(3);
  c.Elect(1);
  c.Isolate(3);
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(c.Propose(1, Numbered("e", i)).ok());
  c.Stabilize();
  // The leader snapshots and compacts everything it applied.
  const uint64_t applied = c.raft(1).log().applied();
  ConfState conf;
  ASSERT_TRUE(c[1].node->ConfStateAt(applied, &conf).ok());
  ASSERT_TRUE(c[1].disk->CreateSnapshot(applied, conf, "state").ok());
  ASSERT_TRUE(c[1].disk->Compact(applied).ok());
  c.Heal();
  c.ResetCounters();
  for (int i = 0; i < 5; ++i) {
    c.TickAll();
    c.Stabilize();
  }
  EXPECT_EQ(c.delivered(pb::MSG_SNAP), 1);
  EXPECT_EQ(c[3].disk->snapshot().metadata().index(), applied);
  ASSERT_TRUE(c.Propose(1, "after").ok());
  c.Stabilize();
  // Report delivery like a transport would, then keep going.
  c[1].node->ReportSnapshot(3, true);
  for (int i = 0; i < 5; ++i) {
    c.TickAll();
    c.Stabilize();
  }
  EXPECT_EQ(c.raft(3).log().committed(), c.raft(1).log().committed());
  EXPECT_EQ(c.raft(1).progress().at(3).state(), ProgressState::kReplicate);
  EXPECT_EQ(AppliedData(c[3]).back(), "after");
}

TEST(Transfer, TimeoutNowHandsLeadershipOver) {
  TestCluster c(3);
  c.Elect(1);
  ASSERT_TRUE(c[1].node->TransferLeadership(3).ok());
  c.HandleAllReady();
  EXPECT_EQ(c[1].node->Propose("during").code(), Code::kProposalDropped);
  c.Stabilize();
  EXPECT_EQ(c.raft(3).role(), Role::kLeader);
  EXPECT_EQ(c.raft(1).leader(), 3u);
  EXPECT_GE(c.delivered(pb::MSG_TIMEOUT_NOW), 1);
}

TEST(Transfer, UnfinishedTransferIsAbandonedAfterAnElectionTimeout) {
  TestCluster c(3);
  c.Elect(1);
  c.Isolate(3);
  ASSERT_TRUE(c[1].node->TransferLeadership(3).ok());
  c.Stabilize();
  EXPECT_EQ(c.raft(1).lead_transferee(), 3u);
  c.set_filter([](const Message& m) { return m.to() == 3; });
  for (int i = 0; i < 12; ++i) {
    c.Tick(1);
    c.Stabilize();
  }
  EXPECT_EQ(c.raft(1).lead_transferee(), kNone);
  EXPECT_TRUE(c.Propose(1, "back").ok());
}

TEST(ReadIndex, LeaderAnswersAfterAHeartbeatQuorum) {
  TestCluster c(3);
  c.Elect(1);
  ASSERT_TRUE(c.Propose(1, "v").ok());
  c.Stabilize();
  const uint64_t commit = c.raft(1).log().committed();
  ASSERT_TRUE(c[1].node->ReadIndex("r1").ok());
  c.HandleReady(1);
  EXPECT_TRUE(c[1].reads.empty()) << "not before the quorum answers";
  c.Stabilize();
  ASSERT_EQ(c[1].reads.size(), 1u);
  EXPECT_EQ(c[1].reads[0].index, commit);
  EXPECT_EQ(c[1].reads[0].context, "r1");
  // A follower's read is forwarded and answered.
  ASSERT_TRUE(c[2].node->ReadIndex("r2").ok());
  c.Stabilize();
  ASSERT_EQ(c[2].reads.size(), 1u);
  EXPECT_EQ(c[2].reads[0].index, commit);
}

TEST(ReadIndex, ReadBeforeTheFirstCommitInTheTermWaitsForIt) {
  TestCluster c(3);
  // Hold back acknowledgments so the new leader's no-op stays uncommitted.
  c.set_filter([](const Message& m) { return m.type() == pb::MSG_APP_RESP; });
  c.Elect(1);
  ASSERT_EQ(c.raft(1).role(), Role::kLeader);
  ASSERT_TRUE(c[1].node->ReadIndex("early").ok());
  c.Stabilize();
  EXPECT_TRUE(c[1].reads.empty());
  c.Heal();
  c.TickAll(2);
  c.Stabilize();
  ASSERT_EQ(c[1].reads.size(), 1u);
  EXPECT_EQ(c[1].reads[0].index, c.raft(1).log().committed());
  EXPECT_EQ(c.raft(1).log().TermOrZero(c[1].reads[0].index), c.raft(1).term());
}

TEST(ReadIndex, IsolatedLeaderCannotServeReads) {
  TestCluster c(3);
  c.Elect(1);
  c.Isolate(1);
  ASSERT_TRUE(c[1].node->ReadIndex("r").ok());
  c.Stabilize();
  EXPECT_TRUE(c[1].reads.empty());
}

}  // namespace
}  // namespace lincao::consensus::testing

namespace lincao::consensus::testing {
namespace {

TEST(NodeStatusReport, LeaderReportsEachFollowersProgress) {
  TestCluster c(3);
  c.Elect(1);
  ASSERT_TRUE(c.Propose(1, "a").ok());
  c.Stabilize();
  c.set_filter([](const Message& m) { return m.to() == 3; });
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(c.Propose(1, Numbered("b", i)).ok());
  c.Stabilize();
  const NodeStatus s = c[1].node->Status();
  EXPECT_EQ(s.id, 1u);
  EXPECT_EQ(s.role, Role::kLeader);
  EXPECT_EQ(s.leader, 1u);
  EXPECT_EQ(s.term, c.raft(1).term());
  EXPECT_EQ(s.commit, c.raft(1).log().LastIndex());
  EXPECT_EQ(s.applied, s.commit);
  ASSERT_EQ(s.progress.size(), 2u);
  EXPECT_EQ(s.progress[0].id, 2u);
  EXPECT_EQ(s.progress[0].match, s.last_index);
  EXPECT_EQ(s.progress[0].next, s.last_index + 1);
  EXPECT_EQ(s.progress[0].state, ProgressState::kReplicate);
  EXPECT_EQ(s.progress[1].id, 3u);
  EXPECT_EQ(s.progress[1].match, s.last_index - 3) << "node 3 missed three entries";
  EXPECT_GT(s.progress[1].inflight_msgs, 0u);

  const NodeStatus f = c[2].node->Status();
  EXPECT_EQ(f.role, Role::kFollower);
  EXPECT_EQ(f.leader, 1u);
  EXPECT_TRUE(f.progress.empty());
}

}  // namespace
}  // namespace lincao::consensus::testing
