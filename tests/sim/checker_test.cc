// The checker on hand-made histories: each property fires on its violation
// and stays quiet on a legal history.
#include <gtest/gtest.h>

#include "checker.h"

namespace lincao::sim {
namespace {

using consensus::Entry;
using consensus::HardState;
using consensus::Role;

Entry E(uint64_t index, uint64_t term, const char* data) {
  Entry e;
  e.set_index(index);
  e.set_term(term);
  e.set_data(data);
  return e;
}

HardState Hs(uint64_t term, uint64_t commit) {
  HardState hs;
  hs.set_term(term);
  hs.set_commit(commit);
  return hs;
}

consensus::SnapshotMetadata Genesis() {
  consensus::SnapshotMetadata md;
  md.set_index(1);
  md.set_term(1);
  return md;
}

class CheckerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (consensus::NodeId n = 1; n <= 3; ++n) c.OnBootstrap(n, Genesis(), 42);
  }
  Checker c{3};
};

TEST_F(CheckerTest, LegalHistoryPasses) {
  for (consensus::NodeId n = 1; n <= 3; ++n) {
    c.OnPersistEntries(n, {E(2, 2, "a"), E(3, 2, "b")});
    c.OnPersistHardState(n, Hs(2, 3));
  }
  c.OnRole(1, Role::kLeader, 2, 3);
  c.OnRole(2, Role::kLeader, 3, 3);
  EXPECT_FALSE(c.failed()) << c.violation();
  EXPECT_EQ(c.max_committed(), 3u);
}

TEST_F(CheckerTest, TwoLeadersInOneTerm) {
  c.OnRole(1, Role::kLeader, 2, 1);
  c.OnRole(2, Role::kLeader, 2, 1);
  EXPECT_NE(c.violation().find("Election Safety"), std::string::npos);
}

TEST_F(CheckerTest, SameIndexAndTermWithDifferentHistory) {
  c.OnPersistEntries(1, {E(2, 2, "a"), E(3, 3, "x")});
  c.OnPersistEntries(2, {E(2, 2, "b"), E(3, 3, "x")});
  EXPECT_NE(c.violation().find("Log Matching"), std::string::npos);
}

TEST_F(CheckerTest, LeaderWithoutACommittedEntry) {
  c.OnPersistEntries(1, {E(2, 2, "a")});
  c.OnPersistEntries(2, {E(2, 2, "a")});
  c.OnPersistHardState(1, Hs(2, 2));
  c.OnPersistEntries(3, {E(2, 3, "z")});
  c.OnRole(3, Role::kLeader, 4, 2);
  EXPECT_NE(c.violation().find("Leader Completeness"), std::string::npos);
}

TEST_F(CheckerTest, CommittedEntryChanges) {
  c.OnPersistEntries(1, {E(2, 2, "a")});
  c.OnPersistHardState(1, Hs(2, 2));
  c.OnPersistEntries(2, {E(2, 3, "b")});
  c.OnPersistHardState(2, Hs(3, 2));
  EXPECT_NE(c.violation().find("State Machine Safety"), std::string::npos);
}

TEST_F(CheckerTest, ApplyingWhatIsNotDurable) {
  c.OnApplyEntry(1, E(2, 2, "a"), 1, 7);
  EXPECT_NE(c.violation().find("Durability"), std::string::npos);
}

TEST_F(CheckerTest, ApplyingOutOfOrderOrDifferently) {
  c.OnPersistEntries(1, {E(2, 2, "a"), E(3, 2, "b")});
  c.OnApplyEntry(1, E(3, 2, "b"), 1, 7);
  EXPECT_NE(c.violation().find("advance one by one"), std::string::npos);
}

TEST_F(CheckerTest, DivergentStateDigests) {
  c.OnPersistEntries(1, {E(2, 2, "a")});
  c.OnPersistEntries(2, {E(2, 2, "a")});
  c.OnApplyEntry(1, E(2, 2, "a"), 1, 100);
  c.OnApplyEntry(2, E(2, 2, "a"), 1, 101);
  EXPECT_NE(c.violation().find("State Machine Safety"), std::string::npos);
}

TEST_F(CheckerTest, SnapshotBehindTheAppliedIndex) {
  c.OnInstallSnapshot(1, 5, 4, 0);
  EXPECT_NE(c.violation().find("regressed"), std::string::npos);
}

TEST_F(CheckerTest, RestartThatLostAppliedEntries) {
  consensus::MemoryStorage disk;
  consensus::ConfState conf;
  conf.add_voters(1);
  disk.Bootstrap(conf, "g");
  c.OnRestart(1, disk, 5);
  EXPECT_NE(c.violation().find("lost across a crash"), std::string::npos);
}

}  // namespace
}  // namespace lincao::sim
