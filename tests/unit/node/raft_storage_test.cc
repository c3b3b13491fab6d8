// RaftStorage: the raft/ database as consensus::Storage. Restart, suffix
// truncation, snapshots and their metadata, hard state, and a Ready torn
// across two writes (the library resumes in the term of its last entry).
#include <gtest/gtest.h>

#include "consensus/raw_node.h"
#include "node/raft_storage.h"
#include "temp_chain.h"

namespace lincao::node {
namespace {

namespace cs = consensus;

cs::Entry E(uint64_t index, uint64_t term, const std::string& data = "") {
  cs::Entry e;
  e.set_index(index);
  e.set_term(term);
  e.set_data(data);
  return e;
}

cs::ConfState Voters(std::initializer_list<uint64_t> ids) {
  cs::ConfState c;
  for (uint64_t id : ids) c.add_voters(id);
  return c;
}

cs::HardState HS(uint64_t term, uint64_t vote, uint64_t commit) {
  cs::HardState hs;
  hs.set_term(term);
  hs.set_vote(vote);
  hs.set_commit(commit);
  return hs;
}

std::unique_ptr<RaftStorage> OpenOrDie(const std::filesystem::path& path) {
  auto s = RaftStorage::Open(path);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(*s) : nullptr;
}

std::vector<cs::Entry> All(const RaftStorage& s) {
  std::vector<cs::Entry> out;
  if (s.LastIndex() >= s.FirstIndex()) {
    EXPECT_TRUE(s.Entries(s.FirstIndex(), s.LastIndex() + 1, UINT64_MAX, &out).ok());
  }
  return out;
}

TEST(RaftStorage, BootstrapWritesTheGenesisSnapshotAndSurvivesReopen) {
  testing::TempChain chain;
  auto path = chain.dir() / "raft";
  {
    auto s = OpenOrDie(path);
    EXPECT_TRUE(s->empty());
    ASSERT_TRUE(s->Bootstrap(Voters({1, 2, 3}), "genesis").ok());
    EXPECT_FALSE(s->Bootstrap(Voters({1}), "again").ok()) << "bootstrap twice";
  }
  auto s = OpenOrDie(path);
  EXPECT_FALSE(s->empty());
  cs::HardState hs;
  cs::ConfState conf;
  uint64_t conf_index = 0;
  ASSERT_TRUE(s->InitialState(&hs, &conf, &conf_index).ok());
  EXPECT_EQ(hs.term(), cs::kGenesisTerm);
  EXPECT_EQ(hs.commit(), cs::kGenesisIndex);
  EXPECT_EQ(conf.voters_size(), 3);
  EXPECT_EQ(conf_index, cs::kGenesisIndex);
  EXPECT_EQ(s->FirstIndex(), 2u);
  EXPECT_EQ(s->LastIndex(), 1u);
  uint64_t term = 0;
  ASSERT_TRUE(s->Term(1, &term).ok());
  EXPECT_EQ(term, 1u);
  EXPECT_EQ(s->Term(0, &term).code(), cs::Code::kCompacted);
  EXPECT_EQ(s->Term(2, &term).code(), cs::Code::kUnavailable);
  cs::Snapshot snap;
  ASSERT_TRUE(s->GetSnapshot(&snap).ok());
  EXPECT_EQ(snap.data(), "genesis");
  EXPECT_EQ(snap.metadata().index(), 1u);
}

TEST(RaftStorage, EntriesAndHardStateSurviveReopen) {
  testing::TempChain chain;
  auto path = chain.dir() / "raft";
  {
    auto s = OpenOrDie(path);
    ASSERT_TRUE(s->Bootstrap(Voters({1}), "g").ok());
    cs::HardState hs = HS(2, 1, 1);
    ASSERT_TRUE(s->Persist(nullptr, {E(2, 2, "a"), E(3, 2, "b")}, &hs, true).ok());
    hs = HS(2, 1, 3);
    ASSERT_TRUE(s->Persist(nullptr, {E(4, 2, "c")}, &hs, true).ok());
  }
  auto s = OpenOrDie(path);
  EXPECT_EQ(s->LastIndex(), 4u);
  auto all = All(*s);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].data(), "a");
  EXPECT_EQ(all[2].data(), "c");
  EXPECT_EQ(s->hard_state().commit(), 3u);
  EXPECT_EQ(s->hard_state().vote(), 1u);
  EXPECT_EQ(s->Entries(5, 6, UINT64_MAX, &all).code(), cs::Code::kUnavailable);
  EXPECT_EQ(s->Entries(1, 3, UINT64_MAX, &all).code(), cs::Code::kCompacted);
}

TEST(RaftStorage, EntriesStopAtMaxBytesButReturnAtLeastOne) {
  testing::TempChain chain;
  auto s = OpenOrDie(chain.dir() / "raft");
  ASSERT_TRUE(s->Bootstrap(Voters({1}), "g").ok());
  ASSERT_TRUE(
      s->Persist(nullptr, {E(2, 1, "aaaa"), E(3, 1, "bbbb"), E(4, 1, "cccc")}, nullptr, true).ok());
  std::vector<cs::Entry> out;
  ASSERT_TRUE(s->Entries(2, 5, 1, &out).ok());
  EXPECT_EQ(out.size(), 1u);
  ASSERT_TRUE(s->Entries(2, 5, 8, &out).ok());
  EXPECT_EQ(out.size(), 2u);
  ASSERT_TRUE(s->Entries(3, 5, UINT64_MAX, &out).ok());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].index(), 3u);
}

TEST(RaftStorage, AnAppendReplacesTheConflictingSuffixAcrossReopen) {
  testing::TempChain chain;
  auto path = chain.dir() / "raft";
  {
    auto s = OpenOrDie(path);
    ASSERT_TRUE(s->Bootstrap(Voters({1, 2, 3}), "g").ok());
    ASSERT_TRUE(
        s->Persist(nullptr, {E(2, 2, "a"), E(3, 2, "b"), E(4, 2, "c"), E(5, 2, "d")}, nullptr, true)
            .ok());
    // A new leader of term 3 overwrites from index 3; entries 4 and 5 of
    // term 2 must not come back.
    ASSERT_TRUE(s->Persist(nullptr, {E(3, 3, "B")}, nullptr, true).ok());
    EXPECT_EQ(s->LastIndex(), 3u);
    // Gaps and rewrites before the snapshot are refused.
    EXPECT_FALSE(s->Persist(nullptr, {E(5, 3, "x")}, nullptr, true).ok());
    EXPECT_FALSE(s->Persist(nullptr, {E(1, 3, "x")}, nullptr, true).ok());
  }
  auto s = OpenOrDie(path);
  EXPECT_EQ(s->LastIndex(), 3u);
  auto all = All(*s);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].data(), "B");
  uint64_t term = 0;
  ASSERT_TRUE(s->Term(3, &term).ok());
  EXPECT_EQ(term, 3u);
}

TEST(RaftStorage, ANewerSnapshotReplacesTheLogAndKeepsItsMetadata) {
  testing::TempChain chain;
  auto path = chain.dir() / "raft";
  {
    auto s = OpenOrDie(path);
    ASSERT_TRUE(s->Bootstrap(Voters({1, 2, 3}), "g").ok());
    ASSERT_TRUE(s->Persist(nullptr, {E(2, 2), E(3, 2), E(4, 2)}, nullptr, true).ok());
    cs::Snapshot snap;
    snap.mutable_metadata()->set_index(10);
    snap.mutable_metadata()->set_term(4);
    *snap.mutable_metadata()->mutable_conf_state() = Voters({1, 2, 3, 4});
    snap.set_data("state at 10");
    cs::HardState hs = HS(4, 0, 10);
    ASSERT_TRUE(s->Persist(&snap, {E(11, 4, "after")}, &hs, true).ok());
    // An older one is refused.
    snap.mutable_metadata()->set_index(5);
    EXPECT_FALSE(s->Persist(&snap, {}, nullptr, true).ok());
  }
  auto s = OpenOrDie(path);
  EXPECT_EQ(s->FirstIndex(), 11u);
  EXPECT_EQ(s->LastIndex(), 11u);
  uint64_t term = 0;
  ASSERT_TRUE(s->Term(10, &term).ok());
  EXPECT_EQ(term, 4u);
  cs::HardState hs;
  cs::ConfState conf;
  uint64_t conf_index = 0;
  ASSERT_TRUE(s->InitialState(&hs, &conf, &conf_index).ok());
  EXPECT_EQ(conf.voters_size(), 4);
  EXPECT_EQ(conf_index, 10u);
  EXPECT_EQ(hs.commit(), 10u);
  cs::Snapshot got;
  ASSERT_TRUE(s->GetSnapshot(&got).ok());
  EXPECT_EQ(got.data(), "state at 10");
  auto all = All(*s);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].data(), "after");
}

// A crash between a Ready's entries and its hard state cannot happen inside
// one Persist (one write batch), but a caller that split them would leave
// entries of a term above the persisted term. The library must restart from
// such a log in the term of its last entry, never below it.
TEST(RaftStorage, RestartAfterEntriesWithoutTheirHardStateResumesInTheLastEntrysTerm) {
  testing::TempChain chain;
  auto path = chain.dir() / "raft";
  {
    auto s = OpenOrDie(path);
    ASSERT_TRUE(s->Bootstrap(Voters({1, 2, 3}), "g").ok());
    ASSERT_TRUE(s->Persist(nullptr, {E(2, 5, "x")}, nullptr, true).ok());  // hard state says term 1
  }
  auto s = OpenOrDie(path);
  EXPECT_EQ(s->hard_state().term(), 1u);
  cs::SplitMix64 random(7);
  cs::Config config;
  config.id = 1;
  config.storage = s.get();
  config.random = &random;
  config.applied = 1;
  std::unique_ptr<cs::RawNode> node;
  ASSERT_TRUE(cs::RawNode::Create(config, &node).ok());
  EXPECT_GE(node->Status().term, 5u);
  EXPECT_EQ(node->Status().last_index, 2u);
}

}  // namespace
}  // namespace lincao::node
