// MemoryStorage, RaftLog, Inflights and Progress: the building blocks.
#include <gtest/gtest.h>

#include "consensus/inflights.h"
#include "consensus/memory_storage.h"
#include "consensus/progress.h"
#include "consensus/raft_log.h"
#include "test_cluster.h"

namespace lincao::consensus::testing {
namespace {

ConfState Voters(std::initializer_list<NodeId> ids) {
  ConfState c;
  for (NodeId id : ids) c.add_voters(id);
  return c;
}

TEST(MemoryStorage, AppendTruncatesConflictingSuffix) {
  MemoryStorage disk;
  disk.Bootstrap(Voters({1}), "g");
  AppendTerms(disk, {1, 2, 2, 2});  // indexes 2..5
  EXPECT_EQ(disk.LastIndex(), 5u);
  Entry e;
  e.set_index(4);
  e.set_term(3);
  disk.Append({e});
  EXPECT_EQ(disk.LastIndex(), 4u);
  EXPECT_EQ(DiskTerms(disk), (std::vector<uint64_t>{1, 1, 2, 3}));
}

TEST(MemoryStorage, CompactKeepsSnapshotTermAndRefusesOldIndexes) {
  MemoryStorage disk;
  disk.Bootstrap(Voters({1}), "g");
  AppendTerms(disk, {2, 2, 3, 3});  // 2..5
  ASSERT_TRUE(disk.CreateSnapshot(4, Voters({1}), "s").ok());
  ASSERT_TRUE(disk.Compact(4).ok());
  EXPECT_EQ(disk.FirstIndex(), 5u);
  uint64_t t = 0;
  EXPECT_TRUE(disk.Term(4, &t).ok());
  EXPECT_EQ(t, 3u);
  EXPECT_EQ(disk.Term(3, &t).code(), Code::kCompacted);
  EXPECT_EQ(disk.Term(6, &t).code(), Code::kUnavailable);
  std::vector<Entry> out;
  EXPECT_EQ(disk.Entries(3, 5, 1 << 20, &out).code(), Code::kCompacted);
  EXPECT_EQ(disk.Compact(4).code(), Code::kCompacted);
  EXPECT_EQ(disk.CreateSnapshot(3, Voters({1}), "old").code(), Code::kSnapshotOutOfDate);
}

TEST(MemoryStorage, EntriesRespectByteLimitButReturnOne) {
  MemoryStorage disk;
  disk.Bootstrap(Voters({1}), "g");
  AppendTerms(disk, {1, 1, 1});  // each payload ~4 bytes
  std::vector<Entry> out;
  ASSERT_TRUE(disk.Entries(2, 5, 0, &out).ok());
  EXPECT_EQ(out.size(), 1u);
  ASSERT_TRUE(disk.Entries(2, 5, 1 << 20, &out).ok());
  EXPECT_EQ(out.size(), 3u);
}

TEST(RaftLog, FindConflictByTermSkipsWholeTerms) {
  MemoryStorage disk;
  disk.Bootstrap(Voters({1}), "g");
  AppendTerms(disk, {1, 1, 2, 2, 2, 3, 3});  // 2..8 : terms 1 1 2 2 2 3 3
  RaftLog log(&disk, 1 << 20);
  EXPECT_EQ(log.FindConflictByTerm(8, 2), 6u);  // last index with term <= 2
  EXPECT_EQ(log.FindConflictByTerm(8, 1), 3u);
  EXPECT_EQ(log.FindConflictByTerm(8, 5), 8u);
  EXPECT_EQ(log.FindConflictByTerm(100, 3), 8u);  // capped at the last index
}

TEST(RaftLog, UpToDateComparesLastTermThenLength) {
  MemoryStorage disk;
  disk.Bootstrap(Voters({1}), "g");
  AppendTerms(disk, {2, 3});  // last index 3, term 3
  RaftLog log(&disk, 1 << 20);
  EXPECT_TRUE(log.IsUpToDate(3, 3));
  EXPECT_TRUE(log.IsUpToDate(2, 4));
  EXPECT_FALSE(log.IsUpToDate(2, 3));
  EXPECT_FALSE(log.IsUpToDate(10, 2));
}

TEST(RaftLog, CommittedEntriesAreHandedOutOnlyOnceStable) {
  MemoryStorage disk;
  disk.Bootstrap(Voters({1}), "g");
  RaftLog log(&disk, 1 << 20);
  log.InitCursors(1, 1);
  std::vector<Entry> ents(2);
  ents[0].set_index(2);
  ents[0].set_term(1);
  ents[1].set_index(3);
  ents[1].set_term(1);
  log.Append(ents);
  log.CommitTo(3);
  EXPECT_FALSE(log.HasNextCommittedEntries(false)) << "nothing is durable yet";
  EXPECT_EQ(log.NextCommittedEntries(true).size(), 2u) << "the planted bug ignores that";
  disk.Append(ents);
  log.StableTo(3, 1);
  EXPECT_EQ(log.NextCommittedEntries(false).size(), 2u);
}

TEST(RaftLog, MaybeAppendTruncatesOnlyUncommittedConflicts) {
  MemoryStorage disk;
  disk.Bootstrap(Voters({1}), "g");
  AppendTerms(disk, {1, 2, 2});  // 2..4
  RaftLog log(&disk, 1 << 20);
  log.InitCursors(2, 1);
  google::protobuf::RepeatedPtrField<Entry> ents;
  Entry* e = ents.Add();
  e->set_index(4);
  e->set_term(3);
  uint64_t last_new = 0;
  uint64_t first_written = 0;
  EXPECT_FALSE(log.MaybeAppend(3, 9, 4, ents, &last_new, &first_written)) << "prev term mismatch";
  ASSERT_TRUE(log.MaybeAppend(3, 2, 4, ents, &last_new, &first_written));
  EXPECT_EQ(last_new, 4u);
  EXPECT_EQ(first_written, 4u);
  EXPECT_EQ(log.TermOrZero(4), 3u);
  EXPECT_EQ(log.committed(), 4u);
}

TEST(Inflights, FullByCountOrBytes) {
  Inflights by_count(3, 1 << 20);
  by_count.Add(1, 10);
  by_count.Add(2, 10);
  EXPECT_FALSE(by_count.Full());
  by_count.Add(3, 10);
  EXPECT_TRUE(by_count.Full());
  by_count.FreeLE(2);
  EXPECT_EQ(by_count.count(), 1u);
  EXPECT_FALSE(by_count.Full());

  Inflights by_bytes(100, 25);
  by_bytes.Add(1, 10);
  by_bytes.Add(2, 10);
  EXPECT_FALSE(by_bytes.Full());
  by_bytes.Add(3, 10);
  EXPECT_TRUE(by_bytes.Full());
  by_bytes.FreeFirstOne();
  EXPECT_EQ(by_bytes.bytes(), 20u);
}

TEST(Inflights, RingWrapsAround) {
  Inflights w(4, 1 << 20);
  for (uint64_t i = 1; i <= 100; ++i) {
    w.Add(i, 1);
    if (w.Full()) w.FreeLE(i - 1);
    EXPECT_LE(w.count(), 4u);
  }
  w.FreeLE(100);
  EXPECT_EQ(w.count(), 0u);
}

TEST(Progress, ProbeSendsOneThenWaits) {
  Progress pr(5, 8, 1 << 20, false);
  EXPECT_FALSE(pr.IsPaused());
  pr.SentEntries(1, 10);
  EXPECT_TRUE(pr.IsPaused());
  // A rejection of the probe at next-1 = 4 with hint 2 moves next to 3.
  EXPECT_TRUE(pr.MaybeDecrTo(4, 2));
  EXPECT_EQ(pr.next(), 3u);
  EXPECT_FALSE(pr.IsPaused());
  EXPECT_FALSE(pr.MaybeDecrTo(4, 1)) << "a stale rejection changes nothing";
}

TEST(Progress, ReplicateStreamsWithinTheWindow) {
  Progress pr(1, 2, 1 << 20, false);
  ASSERT_TRUE(pr.MaybeUpdate(3));
  pr.BecomeReplicate();
  EXPECT_EQ(pr.next(), 4u);
  pr.SentEntries(2, 10);  // 4..5
  pr.SentEntries(1, 10);  // 6
  EXPECT_EQ(pr.next(), 7u);
  EXPECT_TRUE(pr.IsPaused());
  ASSERT_TRUE(pr.MaybeUpdate(5));
  pr.inflights().FreeLE(5);
  EXPECT_FALSE(pr.IsPaused());
  EXPECT_FALSE(pr.MaybeDecrTo(4, 0)) << "at or below match: stale";
  EXPECT_TRUE(pr.MaybeDecrTo(6, 0));
  EXPECT_EQ(pr.next(), 6u);
}

TEST(Progress, SnapshotPausesUntilReported) {
  Progress pr(1, 8, 1 << 20, false);
  pr.BecomeSnapshot(40);
  EXPECT_TRUE(pr.IsPaused());
  pr.BecomeProbe();
  EXPECT_EQ(pr.next(), 41u);
}

}  // namespace
}  // namespace lincao::consensus::testing
