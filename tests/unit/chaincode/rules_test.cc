// Registry rules per transaction type, as tables of (change to a good tx,
// expected code). Every rejection is also checked to leave the whole state
// byte-for-byte unchanged when run through a discarded overlay.
#include <gtest/gtest.h>

#include <functional>

#include "chaincode/limits.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao {
namespace {

using testing::AccountOf;
using testing::BatchOf;
using testing::CountersOf;
using testing::HoldingsOf;
using testing::RetirementOf;
using testing::TestChain;
using testing::TestKey;
using testing::UnitsOf;

std::string Show(const Holdings& h) { return testing::ShowHoldings(h); }

struct Case {
  std::string name;
  std::function<void(v1::Tx&)> change;
  ErrorCode want;
};

class RulesTest : public ::testing::Test {
 protected:
  // Applies `tx` (rules only) and checks the code; on rejection, checks that
  // the state is exactly what it was.
  void Expect(const v1::Tx& tx, ErrorCode want, const std::string& what) {
    const auto before = chain.state().entries();
    Status st = chain.Apply(tx);
    EXPECT_EQ(st.code_name(), ErrorCodeName(want)) << what << ": " << st.ToString();
    if (!st.ok()) {
      EXPECT_EQ(chain.state().entries(), before) << what << ": a rejection changed state";
      EXPECT_FALSE(st.message().empty()) << what << ": a rejection must say why";
    }
  }
  void RunTable(const std::function<v1::Tx()>& good, const std::vector<Case>& cases) {
    for (const Case& c : cases) {
      v1::Tx tx = good();
      c.change(tx);
      Expect(tx, c.want, c.name);
    }
  }
  TestChain chain;
};

// ---- open_account -------------------------------------------------------------

class OpenAccountTest : public RulesTest {
 protected:
  v1::Tx Good() {
    return chain.OpenAccountTx("registrar", "newco", {v1::PARTICIPANT}, {TestKey("newco/0")});
  }
};

TEST_F(OpenAccountTest, Rejections) {
  auto set_id = [](std::string id) {
    return [id](v1::Tx& tx) { tx.mutable_open_account()->set_id(id); };
  };
  auto set_roles = [](std::vector<int> roles) {
    return [roles](v1::Tx& tx) {
      tx.mutable_open_account()->clear_roles();
      for (int r : roles) tx.mutable_open_account()->add_roles(static_cast<v1::Role>(r));
    };
  };
  auto add_key = [](uint32_t id, Bytes key, v1::Suite suite = v1::SUITE_ED25519_BLAKE2B) {
    return [=](v1::Tx& tx) {
      auto* k = tx.mutable_open_account()->add_keys();
      k->set_key_id(id);
      k->set_suite(suite);
      k->set_key(key);
    };
  };
  const Bytes other_key = TestKey("other").public_key;
  RunTable(
      [&] { return Good(); },
      {
          {"alice is no registrar", [](v1::Tx& tx) { tx.set_account("alice"); }, v1::UNAUTHORIZED},
          {"project owner is no registrar", [](v1::Tx& tx) { tx.set_account("owner-a"); },
           v1::UNAUTHORIZED},
          {"unknown actor", [](v1::Tx& tx) { tx.set_account("nobody"); }, v1::UNKNOWN_ACCOUNT},
          {"empty id", set_id(""), v1::BAD_ACCOUNT_ID},
          {"one char", set_id("a"), v1::BAD_ACCOUNT_ID},
          {"upper case", set_id("NewCo"), v1::BAD_ACCOUNT_ID},
          {"leading dash", set_id("-newco"), v1::BAD_ACCOUNT_ID},
          {"leading dot", set_id(".newco"), v1::BAD_ACCOUNT_ID},
          {"slash", set_id("new/co"), v1::BAD_ACCOUNT_ID},
          {"space", set_id("new co"), v1::BAD_ACCOUNT_ID},
          {"non-ascii", set_id("\xe6\x9e\x97\xe8\x8d\x89"), v1::BAD_ACCOUNT_ID},
          {"65 chars", set_id(std::string(65, 'a')), v1::BAD_ACCOUNT_ID},
          {"exists", set_id("alice"), v1::ACCOUNT_EXISTS},
          {"registrar exists", set_id("registrar"), v1::ACCOUNT_EXISTS},
          {"no roles", set_roles({}), v1::INVALID_ARGUMENT},
          {"unspecified role", set_roles({0}), v1::INVALID_ARGUMENT},
          {"unknown role number", set_roles({v1::PARTICIPANT, 99}), v1::INVALID_ARGUMENT},
          {"registrar role", set_roles({v1::REGISTRAR}), v1::UNAUTHORIZED},
          {"supervisor role", set_roles({v1::PARTICIPANT, v1::SUPERVISOR}), v1::UNAUTHORIZED},
          {"expert role", set_roles({v1::EXPERT}), v1::UNAUTHORIZED},
          {"partner registry role", set_roles({v1::PARTNER_REGISTRY}), v1::UNAUTHORIZED},
          {"no keys", [](v1::Tx& tx) { tx.mutable_open_account()->clear_keys(); }, v1::BAD_KEY_SET},
          {"17 keys",
           [](v1::Tx& tx) {
             for (uint32_t i = 1; i <= kMaxKeysPerAccount; ++i) {
               auto* k = tx.mutable_open_account()->add_keys();
               k->set_key_id(i);
               k->set_suite(v1::SUITE_ED25519_BLAKE2B);
               k->set_key(TestKey(testing::Cat("many/", i)).public_key);
             }
           },
           v1::BAD_KEY_SET},
          {"short key",
           [](v1::Tx& tx) {
             tx.mutable_open_account()->mutable_keys(0)->mutable_key()->pop_back();
           },
           v1::BAD_KEY_SET},
          {"repeated key id", add_key(0, other_key), v1::BAD_KEY_SET},
          {"repeated public key", add_key(1, TestKey("newco/0").public_key), v1::BAD_KEY_SET},
          {"sm2 key", add_key(1, other_key, v1::SUITE_SM2_SM3), v1::UNKNOWN_SUITE},
          {"unspecified suite",
           [](v1::Tx& tx) {
             tx.mutable_open_account()->mutable_keys(0)->set_suite(v1::SUITE_UNSPECIFIED);
           },
           v1::UNKNOWN_SUITE},
          {"threshold 0", [](v1::Tx& tx) { tx.mutable_open_account()->set_threshold(0); },
           v1::BAD_KEY_SET},
          {"threshold above keys", [](v1::Tx& tx) { tx.mutable_open_account()->set_threshold(2); },
           v1::BAD_KEY_SET},
          {"display name too long",
           [](v1::Tx& tx) {
             tx.mutable_open_account()->set_display_name(std::string(kMaxTextBytes + 1, 'n'));
           },
           v1::INVALID_ARGUMENT},
          {"role listed twice", set_roles({v1::PARTICIPANT, v1::PARTICIPANT}),
           v1::INVALID_ARGUMENT},
          // Units sent to an identity-point key would be stuck forever, and a
          // lenient verifier would let anyone sign for it.
          {"identity point key",
           [](v1::Tx& tx) {
             Bytes identity(32, '\0');
             identity[0] = 1;
             tx.mutable_open_account()->mutable_keys(0)->set_key(identity);
           },
           v1::BAD_KEY_SET},
          {"non-canonical key (y = p)",
           [](v1::Tx& tx) {
             Bytes y_is_p(32, '\xff');
             y_is_p[0] = '\xed';
             y_is_p[31] = '\x7f';
             tx.mutable_open_account()->mutable_keys(0)->set_key(y_is_p);
           },
           v1::BAD_KEY_SET},
      });
}

TEST_F(OpenAccountTest, Opens) {
  // Keys given out of id order are stored sorted by id; the threshold may
  // equal the number of keys; every non-governance role may be granted.
  v1::Tx tx = chain.OpenAccountTx("registrar", "acme.forest_co-op",
                                  {v1::VERIFIER, v1::PROJECT_OWNER, v1::PARTICIPANT, v1::EXCHANGE,
                                   v1::SERVICE_PLATFORM, v1::FINANCE, v1::JUDICIAL, v1::AUDITOR},
                                  {}, 2);
  auto* k9 = tx.mutable_open_account()->add_keys();
  k9->set_key_id(9);
  k9->set_suite(v1::SUITE_ED25519_BLAKE2B);
  k9->set_key(TestKey("acme/9").public_key);
  auto* k2 = tx.mutable_open_account()->add_keys();
  k2->set_key_id(2);
  k2->set_suite(v1::SUITE_ED25519_BLAKE2B);
  k2->set_key(TestKey("acme/2").public_key);
  Expect(tx, v1::OK, "open");
  auto acc = AccountOf(chain.state(), "acme.forest_co-op");
  ASSERT_TRUE(acc);
  EXPECT_EQ(acc->threshold, 2u);
  ASSERT_EQ(acc->keys.size(), 2u);
  EXPECT_EQ(acc->keys[0].key_id, 2u);
  EXPECT_EQ(acc->keys[1].key_id, 9u);
  EXPECT_EQ(acc->keys[1].public_key, TestKey("acme/9").public_key);
  EXPECT_TRUE(acc->HasRole(v1::AUDITOR));
  EXPECT_TRUE(acc->HasRole(v1::VERIFIER));
  EXPECT_FALSE(acc->HasRole(v1::REGISTRAR));
  EXPECT_EQ(acc->opened_height, chain.head().height + 1);
  EXPECT_EQ(acc->display_name, "opened by test");

  // A 64-character id is the longest allowed; 16 keys the most.
  v1::Tx longest = chain.OpenAccountTx("registrar", std::string(64, 'z'), {v1::PARTICIPANT}, {});
  for (uint32_t i = 0; i < kMaxKeysPerAccount; ++i) {
    auto* k = longest.mutable_open_account()->add_keys();
    k->set_key_id(i);
    k->set_suite(v1::SUITE_ED25519_BLAKE2B);
    k->set_key(TestKey(testing::Cat("z/", i)).public_key);
  }
  Expect(longest, v1::OK, "64-char id, 16 keys");
  // Opening the same id again is refused.
  Expect(Good(), v1::OK, "newco");
  Expect(Good(), v1::ACCOUNT_EXISTS, "newco again");
}

TEST_F(OpenAccountTest, NewAccountCanSignInTheNextTx) {
  KeyPair key = TestKey("newco/0");
  auto opened = chain.CommitTx(Good());
  ASSERT_TRUE(opened.made);
  ASSERT_EQ(opened.block.results(0).code(), v1::OK);
  // newco signs a retirement; it holds nothing, so the rules refuse it, but
  // its signature was accepted (the tx is in the block, not dropped).
  v1::Tx tx = chain.RetireTx("newco", 1);
  auto stx = SignTx(tx, {{"newco", 0, v1::SUITE_ED25519_BLAKE2B, key.secret_key}});
  ASSERT_TRUE(stx.ok());
  auto b = chain.Commit({*stx});
  ASSERT_TRUE(b.made);
  EXPECT_TRUE(b.dropped.empty());
  EXPECT_EQ(b.block.results(0).code(), v1::INSUFFICIENT_UNITS);
}

TEST_F(RulesTest, NoBody) { Expect(chain.NewTx("alice"), v1::MISSING_BODY, "no body"); }

// ---- issue_batch -------------------------------------------------------------

class IssueTest : public RulesTest {
 protected:
  v1::Tx Good() { return chain.IssueTx("registrar", "owner-a", 1000); }
};

TEST_F(IssueTest, Rejections) {
  auto issue = [](auto f) { return [f](v1::Tx& tx) { f(*tx.mutable_issue_batch()); }; };
  RunTable(
      [&] { return Good(); },
      {
          {"participant is no registrar", [](v1::Tx& tx) { tx.set_account("alice"); },
           v1::UNAUTHORIZED},
          {"project owner is no registrar", [](v1::Tx& tx) { tx.set_account("owner-a"); },
           v1::UNAUTHORIZED},
          {"unknown receiver", issue([](v1::IssueBatch& b) { b.set_to("nobody"); }),
           v1::UNKNOWN_ACCOUNT},
          {"receiver lacks PROJECT_OWNER", issue([](v1::IssueBatch& b) { b.set_to("alice"); }),
           v1::UNAUTHORIZED},
          {"registrar lacks PROJECT_OWNER", issue([](v1::IssueBatch& b) { b.set_to("registrar"); }),
           v1::UNAUTHORIZED},
          {"zero", issue([](v1::IssueBatch& b) { b.set_quantity(0); }), v1::ZERO_QUANTITY},
          {"above per-tx bound", issue([](v1::IssueBatch& b) { b.set_quantity(kMaxQuantity + 1); }),
           v1::QUANTITY_OVERFLOW},
          {"max uint64", issue([](v1::IssueBatch& b) { b.set_quantity(~0ull); }),
           v1::QUANTITY_OVERFLOW},
          {"vintage 1989", issue([](v1::IssueBatch& b) { b.set_vintage(1989); }),
           v1::INVALID_ARGUMENT},
          {"vintage 2201", issue([](v1::IssueBatch& b) { b.set_vintage(2201); }),
           v1::INVALID_ARGUMENT},
          {"vintage unset", issue([](v1::IssueBatch& b) { b.set_vintage(0); }),
           v1::INVALID_ARGUMENT},
          {"no project", issue([](v1::IssueBatch& b) { b.set_project_id(""); }),
           v1::INVALID_ARGUMENT},
          {"project id too long",
           issue([](v1::IssueBatch& b) { b.set_project_id(std::string(kMaxTextBytes + 1, 'p')); }),
           v1::INVALID_ARGUMENT},
          {"note too long",
           issue([](v1::IssueBatch& b) { b.set_note(std::string(kMaxTextBytes + 1, 'n')); }),
           v1::INVALID_ARGUMENT},
          {"period backwards", issue([](v1::IssueBatch& b) {
             b.set_period_start_ms(20);
             b.set_period_end_ms(10);
           }),
           v1::INVALID_ARGUMENT},
          {"report hash 31 bytes",
           issue([](v1::IssueBatch& b) { b.set_report_hash(Bytes(31, 'h')); }),
           v1::INVALID_ARGUMENT},
      });
}

TEST_F(IssueTest, NumbersSerialsAcrossBatches) {
  Expect(Good(), v1::OK, "first");
  v1::Tx second = chain.IssueTx("registrar", "owner-a", 500, 2024);
  second.mutable_issue_batch()->set_report_hash("");  // optional
  Expect(second, v1::OK, "second");
  Expect(chain.IssueTx("registrar", "owner-b", 1), v1::OK, "third");

  auto b1 = BatchOf(chain.state(), 1);
  auto b2 = BatchOf(chain.state(), 2);
  auto b3 = BatchOf(chain.state(), 3);
  ASSERT_TRUE(b1 && b2 && b3);
  EXPECT_EQ(b1->first_serial, 1u);
  EXPECT_EQ(b1->last_serial(), 1000u);
  EXPECT_EQ(b1->vintage, 2025u);
  EXPECT_EQ(b1->issued_to, "owner-a");
  EXPECT_EQ(b1->project_id, "SC-FOR-001-P001");
  EXPECT_EQ(b1->report_hash, Bytes(32, '\x5a'));
  EXPECT_EQ(b1->retired, 0u);
  EXPECT_EQ(b1->issued_height, chain.head().height + 1);
  EXPECT_EQ(b2->first_serial, 1001u);
  EXPECT_EQ(b2->last_serial(), 1500u);
  EXPECT_EQ(b2->vintage, 2024u);
  EXPECT_EQ(b3->first_serial, 1501u);
  EXPECT_EQ(b3->quantity, 1u);
  // Adjacent serials of different batches stay separate holdings.
  EXPECT_EQ(Show(HoldingsOf(chain.state(), "owner-a")), "[1-1000 b1][1001-1500 b2]");
  EXPECT_EQ(Show(HoldingsOf(chain.state(), "owner-b")), "[1501-1501 b3]");
  Counters c = CountersOf(chain.state());
  EXPECT_EQ(c.next_batch_id, 4u);
  EXPECT_EQ(c.next_serial, 1502u);
  EXPECT_EQ(c.next_retirement_id, 1u);
}

TEST_F(IssueTest, VintageBoundsAndLargestQuantity) {
  Expect(chain.IssueTx("registrar", "owner-a", 1, 1990), v1::OK, "1990");
  Expect(chain.IssueTx("registrar", "owner-a", 1, 2200), v1::OK, "2200");
  Expect(chain.IssueTx("registrar", "owner-a", kMaxQuantity), v1::OK, "kMaxQuantity");
  EXPECT_EQ(UnitsOf(chain.state(), "owner-a"), kMaxQuantity + 2);
}

TEST_F(IssueTest, OverflowNearMaxSerial) {
  // Move the serial counter close to the end of the serial space.
  Counters c = CountersOf(chain.state());
  c.next_serial = kMaxSerial - 10;
  chain.state().Put(keys::Counters(), c.Encode());
  Expect(chain.IssueTx("registrar", "owner-a", 11), v1::QUANTITY_OVERFLOW, "one past the end");
  Expect(chain.IssueTx("registrar", "owner-a", 10), v1::OK, "exactly to the end");
  auto b = BatchOf(chain.state(), 1);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->last_serial(), kMaxSerial - 1);
  Expect(chain.IssueTx("registrar", "owner-a", 1), v1::QUANTITY_OVERFLOW, "space exhausted");
}

// ---- transfer ---------------------------------------------------------------

class TransferTest : public RulesTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(chain.Apply(chain.IssueTx("registrar", "owner-a", 1000)).ok());  // 1-1000 b1
    ASSERT_TRUE(chain.Apply(chain.IssueTx("registrar", "owner-a", 500)).ok());   // 1001-1500 b2
  }
  v1::Tx Good() { return chain.TransferTx("owner-a", "alice", 100); }
};

TEST_F(TransferTest, LowestFirstAcrossBatches) {
  Expect(chain.TransferTx("owner-a", "alice", 1200), v1::OK, "transfer");
  EXPECT_EQ(Show(HoldingsOf(chain.state(), "alice")), "[1-1000 b1][1001-1200 b2]");
  EXPECT_EQ(Show(HoldingsOf(chain.state(), "owner-a")), "[1201-1500 b2]");
  // Transfers never change batch records or counters.
  EXPECT_EQ(BatchOf(chain.state(), 1)->retired, 0u);
  EXPECT_EQ(CountersOf(chain.state()).next_serial, 1501u);
}

TEST_F(TransferTest, NamedRanges) {
  Expect(chain.TransferTx("owner-a", "alice", 20, {{500, 509}, {10, 19}}), v1::OK, "named");
  EXPECT_EQ(Show(HoldingsOf(chain.state(), "alice")), "[10-19 b1][500-509 b1]");
  EXPECT_EQ(Show(HoldingsOf(chain.state(), "owner-a")),
            "[1-9 b1][20-499 b1][510-1000 b1][1001-1500 b2]");
  // The receiver's ranges merge with adjacent ranges of the same batch.
  Expect(chain.TransferTx("owner-a", "alice", 480, {{20, 499}}), v1::OK, "fill the gap");
  EXPECT_EQ(Show(HoldingsOf(chain.state(), "alice")), "[10-509 b1]");
  // Back to the sender: its pieces merge again.
  Expect(chain.TransferTx("alice", "owner-a", 500, {{10, 509}}), v1::OK, "return");
  EXPECT_EQ(Show(HoldingsOf(chain.state(), "owner-a")), "[1-1000 b1][1001-1500 b2]");
  EXPECT_TRUE(HoldingsOf(chain.state(), "alice").empty());
}

TEST_F(TransferTest, Rejections) {
  auto body = [](auto f) { return [f](v1::Tx& tx) { f(*tx.mutable_transfer()); }; };
  auto ranges = [](std::vector<std::pair<uint64_t, uint64_t>> rs, uint64_t quantity) {
    return [rs, quantity](v1::Tx& tx) {
      tx.mutable_transfer()->clear_ranges();
      tx.mutable_transfer()->set_quantity(quantity);
      for (auto [f, l] : rs) {
        auto* r = tx.mutable_transfer()->add_ranges();
        r->set_first(f);
        r->set_last(l);
      }
    };
  };
  RunTable(
      [&] { return Good(); },
      {
          {"insufficient", body([](v1::Transfer& t) { t.set_quantity(1501); }),
           v1::INSUFFICIENT_UNITS},
          {"sender holds nothing", [](v1::Tx& tx) { tx.set_account("bob"); },
           v1::INSUFFICIENT_UNITS},
          {"self transfer", body([](v1::Transfer& t) { t.set_to("owner-a"); }), v1::SELF_TRANSFER},
          {"unknown receiver", body([](v1::Transfer& t) { t.set_to("nobody"); }),
           v1::UNKNOWN_ACCOUNT},
          {"zero", body([](v1::Transfer& t) { t.set_quantity(0); }), v1::ZERO_QUANTITY},
          {"above per-tx bound", body([](v1::Transfer& t) { t.set_quantity(kMaxQuantity + 1); }),
           v1::QUANTITY_OVERFLOW},
          {"memo too long",
           body([](v1::Transfer& t) { t.set_memo(std::string(kMaxTextBytes + 1, 'm')); }),
           v1::INVALID_ARGUMENT},
          {"named total below quantity", ranges({{1, 10}}, 11), v1::INVALID_ARGUMENT},
          {"named total above quantity", ranges({{1, 10}, {20, 20}}, 10), v1::INVALID_ARGUMENT},
          {"named range from 0", ranges({{0, 9}}, 10), v1::INVALID_ARGUMENT},
          {"named range backwards", ranges({{10, 1}}, 10), v1::INVALID_ARGUMENT},
          {"named range past serial space", ranges({{kMaxSerial, kMaxSerial}}, 1),
           v1::INVALID_ARGUMENT},
          {"named ranges overlap", ranges({{1, 10}, {5, 14}}, 20), v1::INVALID_ARGUMENT},
          {"named range not held", ranges({{1501, 1510}}, 10), v1::RANGE_NOT_HELD},
          {"named range straddles two batches", ranges({{995, 1004}}, 10), v1::RANGE_NOT_HELD},
          {"too many named ranges",
           [](v1::Tx& tx) {
             tx.mutable_transfer()->set_quantity(kMaxRangesPerTx + 1);
             for (uint64_t i = 0; i <= kMaxRangesPerTx; ++i) {
               auto* r = tx.mutable_transfer()->add_ranges();
               r->set_first(1 + 2 * i);
               r->set_last(1 + 2 * i);
             }
           },
           v1::TOO_MANY_RANGES},
      });
}

TEST(TransferRanges, TooManyRangesLowestFirst) {
  // A chain that allows 2 ranges per tx; owner-a holds three batches.
  testing::ChainOptions opts = testing::DefaultOptions();
  opts.max_ranges_per_tx = 2;
  TestChain chain(opts);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(chain.Apply(chain.IssueTx("registrar", "owner-a", 10)).ok());
  }
  auto before = chain.state().entries();
  Status st = chain.Apply(chain.TransferTx("owner-a", "alice", 21));
  EXPECT_EQ(st.code(), v1::TOO_MANY_RANGES) << st.ToString();
  EXPECT_EQ(chain.state().entries(), before);
  st = chain.Apply(chain.TransferTx("owner-a", "alice", 3, {{1, 1}, {3, 3}, {5, 5}}));
  EXPECT_EQ(st.code(), v1::TOO_MANY_RANGES) << st.ToString();
  EXPECT_EQ(chain.state().entries(), before);
  EXPECT_TRUE(chain.Apply(chain.TransferTx("owner-a", "alice", 20)).ok());
  EXPECT_EQ(UnitsOf(chain.state(), "alice"), 20u);
}

// ---- retire -----------------------------------------------------------------

class RetireTest : public RulesTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(chain.Apply(chain.IssueTx("registrar", "owner-a", 1000)).ok());  // 1-1000 b1
    ASSERT_TRUE(chain.Apply(chain.IssueTx("registrar", "owner-a", 500)).ok());   // 1001-1500 b2
    ASSERT_TRUE(chain.Apply(chain.TransferTx("owner-a", "alice", 1200)).ok());
  }
  v1::Tx Good() { return chain.RetireTx("alice", 10); }
};

TEST_F(RetireTest, StoresTheRecord) {
  v1::Tx tx = chain.RetireTx("alice", 1050);
  v1::Retire* r = tx.mutable_retire();
  r->set_period_start_ms(1735689600000);
  r->set_period_end_ms(1767225599999);
  r->set_note("Western China Expo, 2026");
  Hash32 tx_id = ComputeTxId(DefaultSuite(), tx.SerializeAsString());
  Expect(tx, v1::OK, "retire");

  auto rec = RetirementOf(chain.state(), 1);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->id, 1u);
  EXPECT_EQ(rec->tx_id, tx_id);
  EXPECT_EQ(rec->holder, "alice");
  EXPECT_EQ(rec->quantity, 1050u);
  EXPECT_EQ(rec->height, chain.head().height + 1);
  EXPECT_EQ(rec->time_ms, chain.head().time_ms);
  EXPECT_EQ(rec->beneficiary_organisation, "Chengdu Expo Centre");
  EXPECT_TRUE(rec->beneficiary_commitment.empty());
  EXPECT_EQ(rec->purpose, static_cast<uint32_t>(v1::LARGE_EVENT));
  EXPECT_EQ(rec->scenario_ref, "expo-2026");
  EXPECT_EQ(rec->jurisdiction, "510100");
  EXPECT_EQ(rec->period_start_ms, 1735689600000u);
  EXPECT_EQ(rec->period_end_ms, 1767225599999u);
  EXPECT_EQ(rec->note, "Western China Expo, 2026");
  // Lowest first across two batches; each range names its batch.
  ASSERT_EQ(rec->ranges.size(), 2u);
  EXPECT_EQ(rec->ranges[0].batch_id, 1u);
  EXPECT_EQ(rec->ranges[0].first, 1u);
  EXPECT_EQ(rec->ranges[0].last, 1000u);
  EXPECT_EQ(rec->ranges[1].batch_id, 2u);
  EXPECT_EQ(rec->ranges[1].first, 1001u);
  EXPECT_EQ(rec->ranges[1].last, 1050u);
  // Units leave the holder and count as retired on each batch.
  EXPECT_EQ(Show(HoldingsOf(chain.state(), "alice")), "[1051-1200 b2]");
  EXPECT_EQ(BatchOf(chain.state(), 1)->retired, 1000u);
  EXPECT_EQ(BatchOf(chain.state(), 2)->retired, 50u);
  EXPECT_EQ(CountersOf(chain.state()).next_retirement_id, 2u);
  EXPECT_EQ(testing::CheckSupplyInvariants(chain.state()), "");
}

TEST_F(RetireTest, PersonCommitmentNamedRangesAndCounters) {
  v1::Tx tx = chain.RetireTx("alice", 5, {{1101, 1105}});
  tx.mutable_retire()->mutable_beneficiary()->set_person_commitment(Bytes(32, '\xc0'));
  tx.mutable_retire()->set_purpose(v1::PERSONAL_FOOTPRINT);
  Expect(tx, v1::OK, "person");
  v1::Tx eco = chain.RetireTx("alice", 7);
  eco.mutable_retire()->set_purpose(v1::ECO_JUDICIAL);
  eco.mutable_retire()->set_scenario_ref("(2025) Chuan 3201 Xing Chu 17");
  Expect(eco, v1::OK, "eco-judicial with case number");

  auto person = RetirementOf(chain.state(), 1);
  ASSERT_TRUE(person);
  EXPECT_EQ(person->beneficiary_commitment, Bytes(32, '\xc0'));
  EXPECT_TRUE(person->beneficiary_organisation.empty());
  EXPECT_EQ(person->purpose, static_cast<uint32_t>(v1::PERSONAL_FOOTPRINT));
  ASSERT_EQ(person->ranges.size(), 1u);
  EXPECT_EQ(person->ranges[0].first, 1101u);
  EXPECT_EQ(person->ranges[0].batch_id, 2u);
  auto court = RetirementOf(chain.state(), 2);
  ASSERT_TRUE(court);
  EXPECT_EQ(court->scenario_ref, "(2025) Chuan 3201 Xing Chu 17");
  ASSERT_EQ(court->ranges.size(), 1u);
  EXPECT_EQ(court->ranges[0].first, 1u);
  EXPECT_EQ(court->ranges[0].last, 7u);
  EXPECT_FALSE(RetirementOf(chain.state(), 3));
  EXPECT_EQ(CountersOf(chain.state()).next_retirement_id, 3u);
  EXPECT_EQ(BatchOf(chain.state(), 1)->retired, 7u);
  EXPECT_EQ(BatchOf(chain.state(), 2)->retired, 5u);
  EXPECT_EQ(Show(HoldingsOf(chain.state(), "alice")), "[8-1000 b1][1001-1100 b2][1106-1200 b2]");
  EXPECT_EQ(testing::CheckSupplyInvariants(chain.state()), "");
}

TEST_F(RetireTest, Rejections) {
  auto body = [](auto f) { return [f](v1::Tx& tx) { f(*tx.mutable_retire()); }; };
  RunTable(
      [&] { return Good(); },
      {
          {"insufficient", body([](v1::Retire& r) { r.set_quantity(1201); }),
           v1::INSUFFICIENT_UNITS},
          {"holder has nothing", [](v1::Tx& tx) { tx.set_account("bob"); }, v1::INSUFFICIENT_UNITS},
          {"zero", body([](v1::Retire& r) { r.set_quantity(0); }), v1::ZERO_QUANTITY},
          {"no beneficiary", body([](v1::Retire& r) { r.clear_beneficiary(); }),
           v1::INVALID_ARGUMENT},
          {"empty organisation",
           body([](v1::Retire& r) { r.mutable_beneficiary()->set_organisation(""); }),
           v1::INVALID_ARGUMENT},
          {"commitment of 31 bytes", body([](v1::Retire& r) {
             r.mutable_beneficiary()->set_person_commitment(Bytes(31, 'c'));
           }),
           v1::INVALID_ARGUMENT},
          {"commitment of 33 bytes", body([](v1::Retire& r) {
             r.mutable_beneficiary()->set_person_commitment(Bytes(33, 'c'));
           }),
           v1::INVALID_ARGUMENT},
          {"a name in the clear is no commitment",
           body([](v1::Retire& r) { r.mutable_beneficiary()->set_person_commitment("Zhang San"); }),
           v1::INVALID_ARGUMENT},
          {"no purpose", body([](v1::Retire& r) { r.set_purpose(v1::PURPOSE_UNSPECIFIED); }),
           v1::INVALID_ARGUMENT},
          {"unknown purpose",
           body([](v1::Retire& r) { r.set_purpose(static_cast<v1::RetirementPurpose>(42)); }),
           v1::INVALID_ARGUMENT},
          {"eco-judicial without case number", body([](v1::Retire& r) {
             r.set_purpose(v1::ECO_JUDICIAL);
             r.set_scenario_ref("");
           }),
           v1::INVALID_ARGUMENT},
          {"period backwards", body([](v1::Retire& r) {
             r.set_period_start_ms(2);
             r.set_period_end_ms(1);
           }),
           v1::INVALID_ARGUMENT},
          {"note too long",
           body([](v1::Retire& r) { r.set_note(std::string(kMaxTextBytes + 1, 'n')); }),
           v1::INVALID_ARGUMENT},
          {"jurisdiction too long",
           body([](v1::Retire& r) { r.set_jurisdiction(std::string(kMaxTextBytes + 1, 'j')); }),
           v1::INVALID_ARGUMENT},
          {"named range not held", body([](v1::Retire& r) {
             auto* range = r.add_ranges();
             range->set_first(1201);
             range->set_last(1210);
           }),
           v1::RANGE_NOT_HELD},
          {"named total mismatch", body([](v1::Retire& r) {
             auto* range = r.add_ranges();
             range->set_first(1);
             range->set_last(9);
           }),
           v1::INVALID_ARGUMENT},
      });
  // Nothing was retired by any of them.
  EXPECT_EQ(CountersOf(chain.state()).next_retirement_id, 1u);
  EXPECT_EQ(BatchOf(chain.state(), 1)->retired, 0u);
}

}  // namespace
}  // namespace lincao
