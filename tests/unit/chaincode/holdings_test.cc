// Holdings in state (chaincode/holdings.h): what a transfer reads, how
// received units merge with their neighbours, the per-account range limit,
// and a differential property test against the pure serial-range arithmetic
// of chaincode/serial_range.h.
#include "chaincode/holdings.h"

#include <gtest/gtest.h>

#include <random>

#include "chaincode/canonical.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao {
namespace {

using testing::Cat;
using testing::HoldingsOf;
using testing::ShowHoldings;
using testing::TestChain;

// Counts what a reader hands out: every Get (found or not) and every entry a
// scan visits. Wrapped around the committed state, under the tx's overlay,
// it measures the keys apply reads from storage.
class CountingReader final : public StateReader {
 public:
  explicit CountingReader(const StateReader& base) : base_(base) {}
  std::optional<Bytes> Get(std::string_view key) const override {
    ++reads_;
    return base_.Get(key);
  }
  void ScanFrom(std::string_view prefix, std::string_view start, const ScanFn& fn) const override {
    base_.ScanFrom(prefix, start, [&](std::string_view k, std::string_view v) {
      ++reads_;
      return fn(k, v);
    });
  }
  uint64_t reads() const { return reads_; }

 private:
  const StateReader& base_;
  mutable uint64_t reads_ = 0;
};

// True when `st` is OK; says why otherwise.
::testing::AssertionResult Ok(const Status& st) {
  if (st.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << st.ToString();
}

// The summary the ranges imply; compared with the stored one.
HoldingSummaryRecord SummaryOf(const Holdings& h) {
  HoldingSummaryRecord s;
  s.units = TotalUnits(h);
  s.ranges = h.size();
  s.lowest_last = h.empty() ? 0 : h.front().last;
  return s;
}

HoldingSummaryRecord StoredSummary(const StateReader& state, const std::string& account) {
  auto rec = LoadRecord<HoldingSummaryRecord>(state, keys::HoldingSummary(account));
  EXPECT_TRUE(rec.ok());
  return rec.ok() && rec->has_value() ? **rec : HoldingSummaryRecord{};
}

// Adds ranges to an account straight through AccountHoldings (no tx).
void Plant(StateView& state, const std::string& account, const Holdings& ranges) {
  auto h = AccountHoldings::Load(state, account);
  ASSERT_TRUE(h.ok());
  ASSERT_TRUE(h->Add(state, ranges).ok());
}

// ---- What a transfer reads ------------------------------------------------------

// Sender and receiver each hold `n` scattered ranges of batch 1 (two units
// each, one serial apart, so nothing merges by accident), planted under a
// chain whose accounts are real. Returns the chain.
std::unique_ptr<TestChain> ChainWithFragments(uint64_t n) {
  testing::ChainOptions opts = testing::DefaultOptions();
  opts.max_ranges_per_account = kMaxRangesPerAccount;
  auto chain = std::make_unique<TestChain>(opts);
  Holdings alice, bob;
  for (uint64_t i = 0; i < n; ++i) {
    alice.push_back({1 + 6 * i, 2 + 6 * i, 1});
    bob.push_back({4 + 6 * i, 5 + 6 * i, 1});
  }
  Plant(chain->state(), "alice", alice);
  Plant(chain->state(), "bob", bob);
  return chain;
}

struct TransferCase {
  std::string name;
  uint64_t quantity;
  std::vector<std::pair<uint64_t, uint64_t>> named;  // empty: lowest-first
  uint64_t ranges_moved;
};

// Keys read by applying one alice -> bob transfer on top of the state.
uint64_t KeysRead(TestChain& chain, const TransferCase& c) {
  CountingReader counting(chain.state());
  OverlayState overlay(counting);
  v1::Tx tx = chain.TransferTx("alice", "bob", c.quantity, c.named);
  Status st = ApplyTx(chain.Context(Hash32{}), tx, overlay);
  EXPECT_TRUE(st.ok()) << c.name << ": " << st.ToString();
  return counting.reads();
}

TEST(HoldingsReads, TransferReadsBoundedByRangesMovedNotRangesHeld) {
  // Two account records, two summaries, and the sanction records of the
  // sender (may it act?) and the receiver (may it receive?): what any
  // transfer reads besides its ranges. Each range moved costs at most a visit on the sender's side
  // plus a neighbour lookup on each side of it at the receiver; one more
  // visit finds the sender's new lowest range.
  constexpr uint64_t kFixedReads = 4 + 2 + 1;
  constexpr uint64_t kReadsPerRangeMoved = 3;
  const std::vector<TransferCase> cases = {
      {"one unit lowest-first", 1, {}, 1},
      {"three ranges lowest-first", 6, {}, 3},
      {"ten ranges and a part lowest-first", 21, {}, 11},
      {"one named range deep inside", 1, {{6 * 50 + 1, 6 * 50 + 1}}, 1},
      {"four named ranges",
       6,
       {{1, 2}, {6 * 3 + 1, 6 * 3 + 2}, {6 * 40 + 2, 6 * 40 + 2}, {6 * 41 + 1, 6 * 41 + 1}},
       4},
  };
  for (uint64_t held : {100u, 1000u, 20000u}) {
    auto chain = ChainWithFragments(held);
    for (const TransferCase& c : cases) {
      uint64_t reads = KeysRead(*chain, c);
      EXPECT_LE(reads, kFixedReads + kReadsPerRangeMoved * c.ranges_moved)
          << c.name << " with " << held << " ranges held by each party";
    }
  }
}

TEST(HoldingsReads, SameTransferReadsTheSameKeysAtAnyFragmentation) {
  const TransferCase c{"three ranges lowest-first", 6, {}, 3};
  auto small = ChainWithFragments(100);
  auto large = ChainWithFragments(20000);
  EXPECT_EQ(KeysRead(*small, c), KeysRead(*large, c));
}

TEST(HoldingsReads, RepeatedSmallTakesFromOneRangeOverwriteOneKey) {
  // The sender's lowest range keeps its key (its last serial) while it
  // shrinks from the bottom: no key is deleted, no new key appears.
  TestChain chain;
  ASSERT_TRUE(Ok(chain.Apply(chain.IssueTx("registrar", "owner-a", 1000))));
  for (int i = 0; i < 5; ++i) {
    OverlayState overlay(chain.state());
    ASSERT_TRUE(
        ApplyTx(chain.Context(Hash32{}), chain.TransferTx("owner-a", "alice", 1), overlay).ok());
    const WriteSet& w = overlay.writes();
    ASSERT_TRUE(w.count(keys::Holding("owner-a", 1000)));
    EXPECT_TRUE(w.at(keys::Holding("owner-a", 1000)).has_value()) << "overwritten, not deleted";
    for (const auto& [key, value] : w) {
      if (key.rfind(keys::HoldingPrefix("owner-a"), 0) == 0) {
        EXPECT_EQ(key, keys::Holding("owner-a", 1000)) << "only the one key changes";
      }
    }
    overlay.MergeInto(chain.state());
  }
  EXPECT_EQ(ShowHoldings(HoldingsOf(chain.state(), "owner-a")), "[6-1000 b1]");
  EXPECT_EQ(ShowHoldings(HoldingsOf(chain.state(), "alice")), "[1-5 b1]");
}

// ---- Merging on receipt ---------------------------------------------------------

class MergeOnReceipt : public ::testing::Test {
 protected:
  // Receives `in` into `held`; returns the holdings after, checking the
  // summary against them.
  Holdings Receive(const Holdings& held, const Holdings& in) {
    MapState state;
    Plant(state, "bob", held);
    Plant(state, "bob", in);
    Holdings after = HoldingsOf(state, "bob");
    EXPECT_EQ(StoredSummary(state, "bob"), SummaryOf(after)) << ShowHoldings(after);
    keys_after = {};
    for (const auto& [key, value] : state.entries()) {
      if (key.rfind("h/bob/", 0) == 0) keys_after.push_back(ReadBigEndian64(key.substr(6)));
    }
    return after;
  }
  std::vector<uint64_t> keys_after;  // last serials the holdings are stored under
};

TEST_F(MergeOnReceipt, JoinsTheRangeEndingJustBelow) {
  EXPECT_EQ(ShowHoldings(Receive({{1, 10, 1}}, {{11, 20, 1}})), "[1-20 b1]");
  EXPECT_EQ(keys_after, std::vector<uint64_t>({20}));
}

TEST_F(MergeOnReceipt, JoinsTheRangeStartingJustAbove) {
  EXPECT_EQ(ShowHoldings(Receive({{21, 30, 1}}, {{11, 20, 1}})), "[11-30 b1]");
  EXPECT_EQ(keys_after, std::vector<uint64_t>({30})) << "the right neighbour's key is kept";
}

TEST_F(MergeOnReceipt, JoinsBothNeighboursIntoOneRange) {
  EXPECT_EQ(ShowHoldings(Receive({{1, 10, 1}, {21, 30, 1}, {40, 50, 1}}, {{11, 20, 1}})),
            "[1-30 b1][40-50 b1]");
  EXPECT_EQ(keys_after, std::vector<uint64_t>({30, 50}));
}

TEST_F(MergeOnReceipt, AdjacentRangesOfAnotherBatchStaySeparate) {
  // Batch 1 ends at 1000 and batch 2 starts at 1001: adjacent serials, but a
  // held range never spans two batches.
  EXPECT_EQ(ShowHoldings(Receive({{1001, 1010, 2}}, {{991, 1000, 1}})),
            "[991-1000 b1][1001-1010 b2]");
  EXPECT_EQ(ShowHoldings(Receive({{981, 990, 2}}, {{991, 1000, 1}})), "[981-990 b2][991-1000 b1]");
}

TEST_F(MergeOnReceipt, ReceivedRangesAdjacentToEachOtherMerge) {
  EXPECT_EQ(ShowHoldings(Receive({{100, 200, 1}}, {{5, 5, 1}, {6, 9, 1}, {10, 99, 1}})),
            "[5-200 b1]");
}

TEST_F(MergeOnReceipt, NewLowestRangeBecomesTheSeekStart) {
  Receive({{50, 60, 1}}, {{10, 20, 1}});
  EXPECT_EQ(keys_after, std::vector<uint64_t>({20, 60}));
  MapState state;
  Plant(state, "bob", {{50, 60, 1}});
  Plant(state, "bob", {{10, 20, 1}});
  EXPECT_EQ(StoredSummary(state, "bob").lowest_last, 20u);
}

TEST(MergeOnReceiptChain, TransferMergesAtTheReceiverThroughTheRules) {
  TestChain chain;
  ASSERT_TRUE(Ok(chain.Apply(chain.IssueTx("registrar", "owner-a", 1000))));
  ASSERT_TRUE(Ok(chain.Apply(chain.TransferTx("owner-a", "alice", 10, {{1, 10}}))));
  ASSERT_TRUE(Ok(chain.Apply(chain.TransferTx("owner-a", "alice", 10, {{21, 30}}))));
  EXPECT_EQ(ShowHoldings(HoldingsOf(chain.state(), "alice")), "[1-10 b1][21-30 b1]");
  ASSERT_TRUE(Ok(chain.Apply(chain.TransferTx("owner-a", "alice", 10, {{11, 20}}))));
  EXPECT_EQ(ShowHoldings(HoldingsOf(chain.state(), "alice")), "[1-30 b1]");
  EXPECT_EQ(ShowHoldings(HoldingsOf(chain.state(), "owner-a")), "[31-1000 b1]");
  EXPECT_EQ(testing::CheckSupplyInvariants(chain.state()), "");
}

// ---- The per-account range limit ------------------------------------------------

TEST(RangeLimit, ReceiverOverTheLimitIsRefusedAndStateUnchanged) {
  testing::ChainOptions opts = testing::DefaultOptions();
  opts.max_ranges_per_account = 3;
  TestChain chain(opts);
  ASSERT_TRUE(Ok(chain.Apply(chain.IssueTx("registrar", "owner-a", 1000))));
  // Lowest-first, one unit at a time, alternately to alice and bob: the
  // sender keeps one range, alice and bob collect scattered units.
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(Ok(chain.Apply(chain.TransferTx("owner-a", i % 2 ? "bob" : "alice", 1))));
  }
  EXPECT_EQ(ShowHoldings(HoldingsOf(chain.state(), "alice")), "[1-1 b1][3-3 b1][5-5 b1]");
  auto before = chain.state().entries();
  Status st = chain.Apply(chain.TransferTx("owner-a", "alice", 1, {{8, 8}}));
  EXPECT_EQ(st.code(), v1::HOLDINGS_FRAGMENTED) << st.ToString();
  EXPECT_NE(st.message().find("'alice'"), std::string::npos) << st.message();
  EXPECT_EQ(chain.state().entries(), before);
  // Units that join a held range are still welcome: [2,2] bridges [1] and [3].
  EXPECT_TRUE(Ok(chain.Apply(chain.TransferTx("bob", "alice", 1, {{2, 2}}))));
  EXPECT_EQ(ShowHoldings(HoldingsOf(chain.state(), "alice")), "[1-3 b1][5-5 b1]");
  EXPECT_TRUE(Ok(chain.Apply(chain.TransferTx("owner-a", "alice", 1))));  // serial 7
  EXPECT_EQ(ShowHoldings(HoldingsOf(chain.state(), "alice")), "[1-3 b1][5-5 b1][7-7 b1]");
  EXPECT_EQ(testing::CheckSupplyInvariants(chain.state()), "");
}

TEST(RangeLimit, SenderMayNotSplitItselfPastTheLimitButMayStillSend) {
  testing::ChainOptions opts = testing::DefaultOptions();
  opts.max_ranges_per_account = 2;
  TestChain chain(opts);
  ASSERT_TRUE(Ok(chain.Apply(chain.IssueTx("registrar", "owner-a", 1000))));
  ASSERT_TRUE(Ok(chain.Apply(chain.RetireTx("owner-a", 1, {{500, 500}}))));  // 2 ranges
  Status st = chain.Apply(chain.RetireTx("owner-a", 1, {{100, 100}}));       // would be 3
  EXPECT_EQ(st.code(), v1::HOLDINGS_FRAGMENTED) << st.ToString();
  // Lowest-first never adds a range; naming a range's end does not either.
  EXPECT_TRUE(Ok(chain.Apply(chain.TransferTx("owner-a", "alice", 10))));
  EXPECT_TRUE(Ok(chain.Apply(chain.RetireTx("owner-a", 1, {{1000, 1000}}))));
  EXPECT_EQ(ShowHoldings(HoldingsOf(chain.state(), "owner-a")), "[11-499 b1][501-999 b1]");
}

TEST(RangeLimit, IssuanceIsExemptAndAnAccountOverTheLimitCanStillSend) {
  testing::ChainOptions opts = testing::DefaultOptions();
  opts.max_ranges_per_account = 1;
  TestChain chain(opts);
  ASSERT_TRUE(Ok(chain.Apply(chain.IssueTx("registrar", "owner-a", 100))));
  ASSERT_TRUE(Ok(chain.Apply(chain.IssueTx("registrar", "owner-b", 100))));
  ASSERT_TRUE(Ok(chain.Apply(chain.IssueTx("registrar", "owner-a", 100))));
  EXPECT_EQ(HoldingsOf(chain.state(), "owner-a").size(), 2u);
  // owner-a holds two ranges, over its limit of one; it can still send.
  EXPECT_TRUE(Ok(chain.Apply(chain.TransferTx("owner-a", "alice", 100))));
  EXPECT_EQ(ShowHoldings(HoldingsOf(chain.state(), "owner-a")), "[201-300 b3]");
  EXPECT_EQ(testing::CheckSupplyInvariants(chain.state()), "");
}

// ---- Differential property test -------------------------------------------------

// Random takes and receipts on one account through AccountHoldings, checked
// after every step against the pure arithmetic (TakeLowest, TakeNamed,
// AddRanges) on a plain vector: same ranges, same moved units, same error
// codes, a consistent summary, and reads bounded by what moved.
TEST(HoldingsProperty, MatchesTheSerialRangeModel) {
  std::mt19937_64 rng(0x601d1165);
  MapState state;
  Holdings model;
  // Units not held by the account, by batch: received from here.
  Holdings outside;
  for (uint64_t b = 0; b < 4; ++b) outside.push_back({1 + b * 500, 500 + b * 500, b + 1});
  int steps_ok = 0;
  for (int step = 0; step < 3000; ++step) {
    SCOPED_TRACE(Cat("step ", step, " holdings ", ShowHoldings(model)));
    CountingReader counting(state);
    OverlayState overlay(counting);
    auto h = AccountHoldings::Load(overlay, "acct");
    ASSERT_TRUE(h.ok());
    const uint64_t pick = rng() % 3;
    Result<Holdings> got = Status(v1::INTERNAL, "unset");
    Result<Taken> want = Status(v1::INTERNAL, "unset");
    uint64_t moved_ranges = 0;
    if (pick == 0 && !outside.empty()) {
      // Receive a few pieces of ranges nobody holds.
      Holdings in;
      for (int k = 0, n = 1 + static_cast<int>(rng() % 3); k < n && !outside.empty(); ++k) {
        size_t i = rng() % outside.size();
        HeldRange& o = outside[i];
        uint64_t len = 1 + rng() % std::min<uint64_t>(o.count(), 20);
        uint64_t at = o.first + rng() % (o.count() - len + 1);
        in.push_back({at, at + len - 1, o.batch_id});
        Holdings rest;
        if (at > o.first) rest.push_back({o.first, at - 1, o.batch_id});
        if (at + len - 1 < o.last) rest.push_back({at + len, o.last, o.batch_id});
        outside.erase(outside.begin() + static_cast<long>(i));
        outside.insert(outside.end(), rest.begin(), rest.end());
      }
      std::sort(in.begin(), in.end(), [](auto& a, auto& b) { return a.first < b.first; });
      ASSERT_TRUE(h->Add(overlay, in).ok());
      model = AddRanges(model, in);
      moved_ranges = in.size();
      got = in;
      want = Taken{model, in};
    } else if (pick == 1) {
      uint64_t q = 1 + rng() % (TotalUnits(model) / 3 + 5);
      got = h->TakeLowest(overlay, q, 8);
      want = TakeLowest(model, q, 8);
      moved_ranges = got.ok() ? got->size() : 8;
    } else {
      // Up to four named ranges, sometimes two cut from the same held range.
      Holdings named;
      for (const HeldRange& r : model) {
        if (named.size() >= 3 || rng() % 4 != 0) continue;
        uint64_t a = r.first + rng() % r.count();
        uint64_t b = a + rng() % (r.last - a + 1);
        named.push_back({a, b, 0});
        if (b + 1 < r.last && rng() % 2 == 0) {
          uint64_t c = b + 2 + rng() % (r.last - b - 1);
          named.push_back({c, c + rng() % (r.last - c + 1), 0});
        }
      }
      if (named.empty() || rng() % 8 == 0) named.push_back({2100 + rng() % 50, 2160, 0});
      auto sorted = NormalizeNamedRanges(named, 8);
      ASSERT_TRUE(sorted.ok());
      got = h->TakeNamed(overlay, *sorted);
      want = TakeNamed(model, named, 8);
      moved_ranges = sorted->size();
    }
    ASSERT_EQ(got.ok(), want.ok()) << (got.ok() ? want.status() : got.status()).ToString();
    if (!got.ok()) {
      EXPECT_EQ(got.status().code(), want.status().code());
      continue;  // a refused step's overlay is dropped, as apply drops it
    }
    EXPECT_EQ(ShowHoldings(*got), ShowHoldings(want->taken));
    if (pick != 0) {
      model = want->remaining;
      outside.insert(outside.end(), got->begin(), got->end());  // given away
    }
    // The summary, one range beyond those moved, one lookup of a new lowest.
    EXPECT_LE(counting.reads(), 3 + 3 * moved_ranges);
    // The write set is the plain difference: every put changes a value,
    // every deletion removes a key that was there.
    for (const auto& [key, value] : overlay.writes()) {
      std::optional<Bytes> before = state.Get(key);
      if (value) {
        EXPECT_NE(before, value) << "no-op put of " << ToHex(key);
      } else {
        EXPECT_TRUE(before.has_value()) << "deletion of absent key " << ToHex(key);
      }
    }
    overlay.MergeInto(state);
    ASSERT_EQ(ShowHoldings(HoldingsOf(state, "acct")), ShowHoldings(model));
    ASSERT_EQ(StoredSummary(state, "acct"), SummaryOf(model));
    ++steps_ok;
  }
  EXPECT_GT(steps_ok, 1500);  // the walk did real work, not just refusals
}

// ---- Query pages ----------------------------------------------------------------

TEST(HoldingsPages, PagesCoverEveryRangeOnceFromTheLowest) {
  MapState state;
  Holdings all;
  for (uint64_t i = 0; i < 25; ++i) all.push_back({10 + 3 * i, 11 + 3 * i, 1});
  Plant(state, "bob", all);
  Holdings seen;
  uint64_t after = 0;
  int pages = 0;
  do {
    auto page = ReadHoldingsPage(state, "bob", after, 10);
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->summary.ranges, 25u);
    EXPECT_EQ(page->summary.units, 50u);
    seen.insert(seen.end(), page->ranges.begin(), page->ranges.end());
    after = page->next_after_serial;
    ++pages;
  } while (after != 0 && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(ShowHoldings(seen), ShowHoldings(all));
  auto beyond = ReadHoldingsPage(state, "bob", UINT64_MAX, 10);
  ASSERT_TRUE(beyond.ok());
  EXPECT_TRUE(beyond->ranges.empty()) << "no wrap back to the first page";
  EXPECT_EQ(beyond->next_after_serial, 0u);
  auto none = ReadHoldingsPage(state, "nobody", 0, 10);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->ranges.empty());
  EXPECT_EQ(none->summary.units, 0u);
}

}  // namespace
}  // namespace lincao
