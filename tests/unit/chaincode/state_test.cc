// State views (OverlayState over MapState, checked against a std::map model)
// and the LtHash state commitment.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "chaincode/state_root.h"
#include "chaincode/state_view.h"
#include "chaincode/suite.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao {
namespace {

using Model = std::map<std::string, std::string>;
using Pairs = std::vector<std::pair<std::string, std::string>>;

// Collects a scan, stopping after `limit` entries (the callback returns false
// on the entry that reaches the limit).
Pairs Collect(const StateReader& s, std::string_view prefix, size_t limit = SIZE_MAX) {
  Pairs out;
  s.Scan(prefix, [&](std::string_view k, std::string_view v) {
    out.emplace_back(std::string(k), std::string(v));
    return out.size() < limit;
  });
  return out;
}

Pairs ModelScan(const Model& m, std::string_view prefix, size_t limit = SIZE_MAX) {
  Pairs out;
  for (auto it = m.lower_bound(std::string(prefix)); it != m.end() && out.size() < limit; ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    out.emplace_back(it->first, it->second);
  }
  return out;
}

// ScanFrom: keys with `prefix` that are not below `start`.
Pairs CollectFrom(const StateReader& s, std::string_view prefix, std::string_view start,
                  size_t limit = SIZE_MAX) {
  Pairs out;
  s.ScanFrom(prefix, start, [&](std::string_view k, std::string_view v) {
    out.emplace_back(std::string(k), std::string(v));
    return out.size() < limit;
  });
  return out;
}

Pairs ModelScanFrom(const Model& m, std::string_view prefix, std::string_view start,
                    size_t limit = SIZE_MAX) {
  Pairs out;
  for (const auto& kv : ModelScan(m, prefix)) {
    if (kv.first >= start && out.size() < limit) out.push_back(kv);
  }
  return out;
}

TEST(MapState, GetPutDeleteScan) {
  MapState m;
  EXPECT_FALSE(m.Get("a"));
  m.Put("a/1", "x");
  m.Put("a/2", "y");
  m.Put("b/1", "z");
  m.Put("a/1", "x2");
  EXPECT_EQ(m.Get("a/1"), "x2");
  m.Delete("a/2");
  m.Delete("nope");
  EXPECT_FALSE(m.Get("a/2"));
  EXPECT_EQ(Collect(m, "a/"), (Pairs{{"a/1", "x2"}}));
  EXPECT_EQ(Collect(m, ""), (Pairs{{"a/1", "x2"}, {"b/1", "z"}}));
  EXPECT_EQ(Collect(m, "", 1), (Pairs{{"a/1", "x2"}}));
  EXPECT_EQ(m.entries().size(), 2u);
}

class OverlayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base.Put("a/1", "base1");
    base.Put("a/3", "base3");
    base.Put("a/5", "base5");
    base.Put("b/1", "other");
  }
  MapState base;
};

TEST_F(OverlayTest, GetShadowsAndHides) {
  OverlayState o(base);
  EXPECT_EQ(o.Get("a/1"), "base1");
  o.Put("a/1", "new1");
  o.Delete("a/3");
  o.Put("a/9", "new9");
  EXPECT_EQ(o.Get("a/1"), "new1");
  EXPECT_FALSE(o.Get("a/3"));
  EXPECT_EQ(o.Get("a/9"), "new9");
  EXPECT_FALSE(o.Get("zz"));
  // The base is untouched.
  EXPECT_EQ(base.Get("a/1"), "base1");
  EXPECT_EQ(base.Get("a/3"), "base3");
  EXPECT_FALSE(base.Get("a/9"));
  // Put after delete restores; delete after put hides.
  o.Put("a/3", "again");
  EXPECT_EQ(o.Get("a/3"), "again");
  o.Delete("a/9");
  EXPECT_FALSE(o.Get("a/9"));
}

TEST_F(OverlayTest, ScanMergesInOrderWithShadowing) {
  OverlayState o(base);
  o.Put("a/0", "new0");  // before every base key
  o.Put("a/3", "new3");  // shadows a base key
  o.Delete("a/5");       // hides a base key
  o.Put("a/4", "new4");  // between base keys
  o.Put("a/7", "new7");  // after every base key
  o.Put("c/1", "outside");
  o.Delete("a/6");  // deletion of an absent key: nothing to hide
  EXPECT_EQ(
      Collect(o, "a/"),
      (Pairs{
          {"a/0", "new0"}, {"a/1", "base1"}, {"a/3", "new3"}, {"a/4", "new4"}, {"a/7", "new7"}}));
  EXPECT_EQ(Collect(o, "b/"), (Pairs{{"b/1", "other"}}));
  EXPECT_EQ(Collect(o, "c/"), (Pairs{{"c/1", "outside"}}));
  EXPECT_EQ(Collect(o, "d/"), Pairs{});
  EXPECT_EQ(Collect(o, "").size(), 7u);
}

TEST_F(OverlayTest, ScanFromSkipsWhatIsBelowTheStartAndHonoursDeletions) {
  OverlayState o(base);
  o.Put("a/2", "new2");
  o.Delete("a/3");
  o.Put("a/4", "new4");
  EXPECT_EQ(CollectFrom(o, "a/", "a/2"),
            (Pairs{{"a/2", "new2"}, {"a/4", "new4"}, {"a/5", "base5"}}));
  EXPECT_EQ(CollectFrom(o, "a/", "a/3"), (Pairs{{"a/4", "new4"}, {"a/5", "base5"}}));
  EXPECT_EQ(CollectFrom(o, "a/", "a/5", 1), (Pairs{{"a/5", "base5"}}));
  EXPECT_EQ(CollectFrom(o, "a/", "a/6"), Pairs{});
  EXPECT_EQ(CollectFrom(o, "a/", ""), Collect(o, "a/"));
}

TEST_F(OverlayTest, ScanStopsEarlyWherever) {
  OverlayState o(base);
  o.Put("a/0", "new0");
  o.Put("a/3", "new3");
  o.Delete("a/5");
  o.Put("a/7", "new7");
  const Pairs all = Collect(o, "a/");
  ASSERT_EQ(all.size(), 4u);
  // Stop on an overlay-only key, a base key, a shadowed key, the trailing
  // overlay key: exactly `limit` entries are seen each time, never more.
  for (size_t limit = 1; limit <= all.size(); ++limit) {
    Pairs got = Collect(o, "a/", limit);
    EXPECT_EQ(got, Pairs(all.begin(), all.begin() + limit)) << "limit " << limit;
  }
}

TEST_F(OverlayTest, DeletingEverythingScansNothing) {
  OverlayState o(base);
  for (const auto& [k, v] : base.entries()) o.Delete(k);
  EXPECT_EQ(Collect(o, ""), Pairs{});
  EXPECT_EQ(o.writes().size(), 4u);
}

TEST_F(OverlayTest, NestedOverlaysAndMerge) {
  OverlayState block(base);
  block.Put("a/2", "block2");
  block.Delete("a/1");
  block.Put("b/9", "block9");
  OverlayState tx(block);  // an overlay on top of `block`, not a copy of it
  EXPECT_TRUE(tx.writes().empty());
  EXPECT_EQ(tx.Get("b/9"), "block9");
  tx.Put("a/1", "tx1");
  tx.Delete("a/2");
  tx.Put("a/3", "tx3");
  EXPECT_EQ(Collect(tx, "a/"), (Pairs{{"a/1", "tx1"}, {"a/3", "tx3"}, {"a/5", "base5"}}));
  // The inner overlay's write set holds exactly its own writes.
  EXPECT_EQ(tx.writes(), (WriteSet{{"a/1", "tx1"}, {"a/2", std::nullopt}, {"a/3", "tx3"}}));
  // A write to the outer overlay after the inner one was made shows through.
  block.Put("b/8", "late");
  EXPECT_EQ(tx.Get("b/8"), "late");
  // The outer overlay does not see the inner one until merged.
  EXPECT_EQ(Collect(block, "a/"), (Pairs{{"a/2", "block2"}, {"a/3", "base3"}, {"a/5", "base5"}}));
  tx.MergeInto(block);
  EXPECT_EQ(block.Get("b/9"), "block9");
  EXPECT_EQ(Collect(block, "a/"), (Pairs{{"a/1", "tx1"}, {"a/3", "tx3"}, {"a/5", "base5"}}));
  // The block's write set records the net effect, deletions as nullopt.
  const WriteSet& w = block.writes();
  ASSERT_EQ(w.size(), 5u);
  EXPECT_EQ(w.at("a/1"), std::optional<Bytes>("tx1"));
  EXPECT_EQ(w.at("a/2"), std::nullopt);
  EXPECT_EQ(w.at("a/3"), std::optional<Bytes>("tx3"));
}

// Randomized model check: random puts and deletes over a small key alphabet
// (so prefixes overlap) on a block-level overlay and a tx-level overlay
// stacked on it, each compared with a std::map model after every step.
// Writes to the outer overlay show through the inner one unless the inner
// one wrote the key itself; the inner write set holds only its own keys.
// Fixed seed: the same run every time.
TEST(OverlayProperty, MatchesMapModel) {
  std::mt19937_64 rng(0x11ca0001);
  const std::vector<std::string> prefixes = {"", "a", "a/", "a/b", "b", "b/x", "c"};
  auto random_key = [&] {
    static const char kAlphabet[] = {'a', 'b', '/', 'x', '\0', '\xff'};
    std::string k;
    size_t len = 1 + rng() % 4;
    for (size_t i = 0; i < len; ++i) k.push_back(kAlphabet[rng() % sizeof(kAlphabet)]);
    return k;
  };
  auto check = [&](const StateReader& view, const Model& model, const std::string& where) {
    std::string probe = random_key();
    auto got = view.Get(probe);
    auto it = model.find(probe);
    ASSERT_EQ(got.has_value(), it != model.end()) << where;
    if (got) {
      ASSERT_EQ(*got, it->second) << where;
    }
    const std::string& prefix = prefixes[rng() % prefixes.size()];
    size_t limit = rng() % 3 == 0 ? 1 + rng() % 5 : SIZE_MAX;
    ASSERT_EQ(Collect(view, prefix, limit), ModelScan(model, prefix, limit))
        << where << " prefix '" << prefix << "' limit " << limit;
    // A scan that starts part-way: below, inside or beyond the prefix.
    const std::string start = rng() % 2 ? prefix + random_key() : random_key();
    ASSERT_EQ(CollectFrom(view, prefix, start, limit), ModelScanFrom(model, prefix, start, limit))
        << where << " prefix '" << prefix << "' start '" << start << "' limit " << limit;
  };
  for (int round = 0; round < 40; ++round) {
    MapState base;
    Model outer_model;
    for (int i = 0; i < 20; ++i) {
      std::string k = random_key(), v = testing::Cat("b", rng() % 100);
      base.Put(k, v);
      outer_model[k] = v;
    }
    OverlayState outer(base);
    // Some writes to the outer overlay before the inner one exists.
    for (int i = 0; i < 10; ++i) {
      std::string k = random_key(), v = testing::Cat("p", rng() % 100);
      outer.Put(k, v);
      outer_model[k] = v;
    }
    OverlayState inner(outer);
    Model inner_model = outer_model;
    std::set<std::string> inner_keys;
    for (int step = 0; step < 80; ++step) {
      const bool to_inner = rng() % 3 != 0;
      const bool del = rng() % 3 == 0;
      std::string k = random_key();
      std::string v = testing::Cat(to_inner ? "i" : "o", rng() % 100);
      StateView& view = to_inner ? static_cast<StateView&>(inner) : outer;
      if (del) {
        view.Delete(k);
      } else {
        view.Put(k, v);
      }
      auto apply = [&](Model& m) {
        if (del) {
          m.erase(k);
        } else {
          m[k] = v;
        }
      };
      if (to_inner) {
        inner_keys.insert(k);
        apply(inner_model);
      } else {
        apply(outer_model);
        if (inner_keys.count(k) == 0) apply(inner_model);
      }
      const std::string where = testing::Cat("round ", round, " step ", step);
      check(inner, inner_model, "inner " + where);
      check(outer, outer_model, "outer " + where);
      ASSERT_EQ(inner.writes().size(), inner_keys.size()) << where;
    }
    // Merging inner into outer, then outer into a copy of the base,
    // reproduces the inner model exactly.
    inner.MergeInto(outer);
    ASSERT_EQ(Collect(outer, ""), ModelScan(inner_model, "")) << "round " << round;
    MapState merged = base;
    outer.MergeInto(merged);
    ASSERT_EQ(Collect(merged, ""), ModelScan(inner_model, "")) << "round " << round;
  }
}

// ---- LtHash -------------------------------------------------------------------

TEST(LtHash, OrderIndependent) {
  Pairs pairs = {{"a/alice", "1"}, {"a/bob", "2"}, {"c", "3"}, {"h/alice/x", ""}, {"", "v"}};
  StateAccumulator forward, backward, shuffled;
  for (const auto& [k, v] : pairs) forward.Add(k, v);
  for (auto it = pairs.rbegin(); it != pairs.rend(); ++it) backward.Add(it->first, it->second);
  std::mt19937_64 rng(7);
  Pairs p = pairs;
  std::shuffle(p.begin(), p.end(), rng);
  for (const auto& [k, v] : p) shuffled.Add(k, v);
  EXPECT_EQ(forward, backward);
  EXPECT_EQ(forward, shuffled);
  EXPECT_EQ(forward.Root(DefaultSuite()), shuffled.Root(DefaultSuite()));
}

TEST(LtHash, AddRemoveInverse) {
  StateAccumulator empty;
  StateAccumulator acc;
  acc.Add("k1", "v1");
  EXPECT_NE(acc, empty);
  acc.Add("k2", "v2");
  acc.Remove("k1", "v1");
  acc.Remove("k2", "v2");
  EXPECT_EQ(acc, empty);
  // Removing first then adding also cancels (the lanes wrap mod 2^16).
  StateAccumulator acc2;
  acc2.Remove("k", "v");
  acc2.Add("k", "v");
  EXPECT_EQ(acc2, empty);
  // A multiset: adding twice and removing once leaves one copy.
  StateAccumulator once, twice;
  once.Add("k", "v");
  twice.Add("k", "v");
  twice.Add("k", "v");
  EXPECT_NE(once, twice);
  twice.Remove("k", "v");
  EXPECT_EQ(once, twice);
}

TEST(LtHash, FramingSeparatesKeyAndValue) {
  StateAccumulator a, b, c;
  a.Add("ab", "c");
  b.Add("a", "bc");
  c.Add("abc", "");
  EXPECT_NE(a, b);
  EXPECT_NE(a, c);
  EXPECT_NE(b, c);
  StateAccumulator v1, v2;
  v1.Add("k", "value-1");
  v2.Add("k", "value-2");
  EXPECT_NE(v1.Root(DefaultSuite()), v2.Root(DefaultSuite()));
}

TEST(LtHash, SerializeParse) {
  StateAccumulator acc;
  acc.Add("x", "y");
  Bytes ser = acc.Serialize();
  EXPECT_EQ(ser.size(), StateAccumulator::kBytes);
  StateAccumulator back;
  ASSERT_TRUE(StateAccumulator::Parse(ser, &back));
  EXPECT_EQ(back, acc);
  EXPECT_FALSE(StateAccumulator::Parse(ser.substr(1), &back));
  EXPECT_FALSE(StateAccumulator::Parse(ser + "x", &back));
}

// ApplyWrites on the accumulator of `before` equals a full recomputation over
// the state after the writes: random puts (new keys, overwrites, same-value
// rewrites) and deletes (present and absent keys), fixed seed.
TEST(LtHash, ApplyWritesEqualsAccumulateAll) {
  std::mt19937_64 rng(0x57a7e);
  for (int round = 0; round < 30; ++round) {
    MapState before;
    for (int i = 0; i < 25; ++i) {
      before.Put(testing::Cat("k", rng() % 40), testing::Cat("v", rng() % 5));
    }
    StateAccumulator acc = AccumulateAll(before);
    OverlayState overlay(before);
    for (int i = 0; i < 15; ++i) {
      std::string k = testing::Cat("k", rng() % 50);
      switch (rng() % 3) {
        case 0:
          overlay.Delete(k);
          break;
        case 1:
          overlay.Put(k, testing::Cat("v", rng() % 5));
          break;
        default:
          if (auto old = before.Get(k)) overlay.Put(k, *old);  // rewrite, same value
      }
    }
    MapState after = before;
    overlay.MergeInto(after);
    acc.ApplyWrites(before, overlay.writes());
    ASSERT_EQ(acc, AccumulateAll(after)) << "round " << round;
    ASSERT_EQ(acc, AccumulateAll(overlay)) << "round " << round;
  }
}

}  // namespace
}  // namespace lincao
