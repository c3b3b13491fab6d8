// Canonical encoding, hex helpers, status values and state record codecs.
#include <gtest/gtest.h>

#include <functional>

#include "chaincode/bytes.h"
#include "chaincode/canonical.h"
#include "chaincode/records.h"
#include "chaincode/status.h"

namespace lincao {
namespace {

TEST(Hex, RoundTripAndRejects) {
  Bytes all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  std::string hex = ToHex(all);
  EXPECT_EQ(hex.substr(0, 8), "00010203");
  EXPECT_EQ(hex.substr(hex.size() - 4), "feff");
  EXPECT_EQ(FromHex(hex), all);
  EXPECT_EQ(FromHex("ABcd"), Bytes("\xab\xcd"));
  EXPECT_EQ(FromHex(""), Bytes());
  EXPECT_FALSE(FromHex("abc"));   // odd length
  EXPECT_FALSE(FromHex("zz"));    // not hex
  EXPECT_FALSE(FromHex("0x00"));  // no prefix allowed
  EXPECT_FALSE(ToHash32(Bytes(31, 'a')));
  EXPECT_FALSE(ToHash32(Bytes(33, 'a')));
  auto h = ToHash32(Bytes(32, '\x07'));
  ASSERT_TRUE(h);
  EXPECT_EQ(AsBytes(*h), Bytes(32, '\x07'));
}

TEST(Canonical, FixedLayout) {
  Bytes b = CanonicalWriter()
                .U8(0xab)
                .U32(0x01020304)
                .U64(0x05060708090a0b0cull)
                .Bool(true)
                .Str("hi")
                .Raw("xy")
                .Take();
  EXPECT_EQ(ToHex(b),
            "ab"
            "01020304"
            "05060708090a0b0c"
            "01"
            "00000002"
            "6869"
            "7879");
}

TEST(Canonical, RoundTrip) {
  CanonicalWriter w;
  w.U8(7)
      .U32(0xdeadbeef)
      .U64(~0ull)
      .Bool(false)
      .Bool(true)
      .Str("")
      .Str(Bytes("a\0b", 3))
      .Raw("raw");
  CanonicalReader r(w.bytes());
  EXPECT_EQ(r.U8(), 7);
  EXPECT_EQ(r.U32(), 0xdeadbeefu);
  EXPECT_EQ(r.U64(), ~0ull);
  EXPECT_FALSE(r.Bool());
  EXPECT_TRUE(r.Bool());
  EXPECT_EQ(r.Str(), "");
  EXPECT_EQ(r.Str(), Bytes("a\0b", 3));
  EXPECT_EQ(r.Raw(3), "raw");
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.AtEnd());
}

TEST(Canonical, TruncationIsSticky) {
  Bytes b = CanonicalWriter().U32(5).Str("hello").Take();
  for (size_t cut = 0; cut < b.size(); ++cut) {
    CanonicalReader r(std::string_view(b).substr(0, cut));
    r.U32();
    r.Str();
    EXPECT_FALSE(r.ok()) << "cut at " << cut;
    EXPECT_FALSE(r.AtEnd());
    // Once failed, later reads keep failing and return zero values.
    EXPECT_EQ(r.U64(), 0u);
    EXPECT_FALSE(r.ok());
  }
}

TEST(Canonical, TrailingBytesAreNotAtEnd) {
  Bytes b = CanonicalWriter().U32(1).Take() + "x";
  CanonicalReader r(b);
  EXPECT_EQ(r.U32(), 1u);
  EXPECT_TRUE(r.ok());
  EXPECT_FALSE(r.AtEnd());
}

TEST(Canonical, LengthBeyondInputFails) {
  Bytes b = CanonicalWriter().U32(0xffffffff).Raw("abc").Take();
  CanonicalReader r(b);
  EXPECT_EQ(r.Str(), "");
  EXPECT_FALSE(r.ok());
}

TEST(Canonical, BoolAcceptsOnlyZeroOrOne) {
  Bytes b("\x02", 1);
  CanonicalReader r(b);
  r.Bool();
  EXPECT_FALSE(r.ok());
}

TEST(Canonical, BigEndianKeysSortNumerically) {
  std::vector<uint64_t> values = {0, 1, 255, 256, 65535, 1ull << 32, (1ull << 62) - 1, ~0ull};
  for (size_t i = 0; i + 1 < values.size(); ++i) {
    EXPECT_LT(BigEndian64(values[i]), BigEndian64(values[i + 1]));
  }
  for (uint64_t v : values) EXPECT_EQ(ReadBigEndian64(BigEndian64(v)), v);
  EXPECT_EQ(ToHex(BigEndian64(0x0102030405060708ull)), "0102030405060708");
}

TEST(StatusValues, CodesAndText) {
  Status ok;
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.ToString(), "OK");
  Status st(v1::INSUFFICIENT_UNITS, "alice holds 10 units, needs 20");
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.code_name(), "INSUFFICIENT_UNITS");
  EXPECT_EQ(st.ToString(), "[E402 INSUFFICIENT_UNITS] alice holds 10 units, needs 20");
  EXPECT_EQ(ErrorCodeName(static_cast<ErrorCode>(999)), "UNKNOWN_CODE_999");
  Result<int> r(v1::NOT_FOUND, "nothing");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), v1::NOT_FOUND);
  Result<int> v(5);
  EXPECT_TRUE(v.ok());
  EXPECT_TRUE(v.status().ok());
  EXPECT_EQ(*v, 5);
}

// ---- records ----------------------------------------------------------------

// Every record: Decode(Encode(x)) re-encodes identically; every strict prefix
// and any trailing byte fail; a different tag or version byte fails.
template <typename T>
void CheckCodec(const T& rec, const char* name) {
  SCOPED_TRACE(name);
  Bytes enc = rec.Encode();
  T back;
  ASSERT_TRUE(T::Decode(enc, &back));
  EXPECT_EQ(back.Encode(), enc);
  for (size_t cut = 0; cut < enc.size(); ++cut) {
    T t;
    EXPECT_FALSE(T::Decode(std::string_view(enc).substr(0, cut), &t)) << "prefix " << cut;
  }
  T t;
  EXPECT_FALSE(T::Decode(enc + '\0', &t));
  Bytes wrong_version = enc;
  wrong_version[1] = static_cast<char>(enc[1] + 1);  // the next version is not this one
  EXPECT_FALSE(T::Decode(wrong_version, &t));
  Bytes wrong_tag = enc;
  wrong_tag[0] = 'Z';
  EXPECT_FALSE(T::Decode(wrong_tag, &t));
}

TEST(Records, ChainParams) {
  ChainParams p{"lincao-test", v1::SUITE_ED25519_BLAKE2B, 1767225600000, 86400000, 64, 3, 500};
  CheckCodec(p, "ChainParams");
  ChainParams back;
  ASSERT_TRUE(ChainParams::Decode(p.Encode(), &back));
  EXPECT_EQ(back.chain_id, "lincao-test");
  EXPECT_EQ(back.suite, v1::SUITE_ED25519_BLAKE2B);
  EXPECT_EQ(back.genesis_time_ms, 1767225600000u);
  EXPECT_EQ(back.max_tx_horizon_ms, 86400000u);
  EXPECT_EQ(back.max_ranges_per_tx, 64u);
  EXPECT_EQ(back.chaincode_version, 3u);
  EXPECT_EQ(back.max_ranges_per_account, 500u);
  EXPECT_EQ(p.Encode().substr(0, 2), "P\x02");
}

TEST(Records, Counters) {
  Counters c{7, 123456789, 42};
  CheckCodec(c, "Counters");
  Counters back;
  ASSERT_TRUE(Counters::Decode(c.Encode(), &back));
  EXPECT_EQ(back.next_batch_id, 7u);
  EXPECT_EQ(back.next_serial, 123456789u);
  EXPECT_EQ(back.next_retirement_id, 42u);
}

TEST(Records, Node) {
  NodeRecord n{"node-2", v1::SUITE_ED25519_BLAKE2B, Bytes(32, '\x11'), false};
  CheckCodec(n, "NodeRecord");
  NodeRecord back;
  ASSERT_TRUE(NodeRecord::Decode(n.Encode(), &back));
  EXPECT_EQ(back.id, "node-2");
  EXPECT_EQ(back.public_key, Bytes(32, '\x11'));
  EXPECT_FALSE(back.voter);
}

TEST(Records, Account) {
  AccountRecord a;
  a.id = "acme.forestry";
  a.roles_mask = (1u << v1::PROJECT_OWNER) | (1u << v1::PARTICIPANT);
  a.threshold = 2;
  a.keys = {{0, v1::SUITE_ED25519_BLAKE2B, Bytes(32, '\x01')},
            {5, v1::SUITE_ED25519_BLAKE2B, Bytes(32, '\x02')}};
  a.display_name = "Acme Forestry Co-op";
  a.opened_height = 99;
  CheckCodec(a, "AccountRecord");
  AccountRecord back;
  ASSERT_TRUE(AccountRecord::Decode(a.Encode(), &back));
  EXPECT_EQ(back.id, a.id);
  EXPECT_TRUE(back.HasRole(v1::PROJECT_OWNER));
  EXPECT_TRUE(back.HasRole(v1::PARTICIPANT));
  EXPECT_FALSE(back.HasRole(v1::REGISTRAR));
  EXPECT_EQ(back.threshold, 2u);
  ASSERT_EQ(back.keys.size(), 2u);
  ASSERT_NE(back.FindKey(5), nullptr);
  EXPECT_EQ(back.FindKey(5)->public_key, Bytes(32, '\x02'));
  EXPECT_EQ(back.FindKey(1), nullptr);
  EXPECT_EQ(back.opened_height, 99u);
  v1::Account view = back.ToProto();
  ASSERT_EQ(view.roles_size(), 2);
  EXPECT_EQ(view.roles(0), v1::PROJECT_OWNER);
  EXPECT_EQ(view.roles(1), v1::PARTICIPANT);
  EXPECT_EQ(view.keys(1).key_id(), 5u);

  // A key count far beyond the input is refused, not allocated.
  Bytes huge = CanonicalWriter().U8('A').U8(1).Str("x1").U32(0).U32(1).U32(0xffffffff).Take();
  AccountRecord t;
  EXPECT_FALSE(AccountRecord::Decode(huge, &t));
}

TEST(Records, CreditBatch) {
  CreditBatchRecord b;
  b.id = 3;
  b.project_id = "SC-FOR-001-P007";
  b.vintage = 2024;
  b.first_serial = 1001;
  b.quantity = 500;
  b.issued_to = "owner-a";
  b.issued_height = 12;
  b.retired = 40;
  b.period_start_ms = 1;
  b.period_end_ms = 2;
  b.report_hash = Bytes(32, '\x33');
  b.note = "second batch";
  CheckCodec(b, "CreditBatchRecord");
  CreditBatchRecord back;
  ASSERT_TRUE(CreditBatchRecord::Decode(b.Encode(), &back));
  EXPECT_EQ(back.last_serial(), 1500u);
  v1::CreditBatch view = back.ToProto();
  EXPECT_EQ(view.serials().first(), 1001u);
  EXPECT_EQ(view.serials().last(), 1500u);
  EXPECT_EQ(view.retired(), 40u);
  EXPECT_EQ(view.project_id(), "SC-FOR-001-P007");
}

TEST(Records, Holding) {
  HoldingRecord h{9, 123456};
  CheckCodec(h, "HoldingRecord");
  HoldingRecord back;
  ASSERT_TRUE(HoldingRecord::Decode(h.Encode(), &back));
  EXPECT_EQ(back.batch_id, 9u);
  EXPECT_EQ(back.first, 123456u);
  EXPECT_EQ(h.Encode().substr(0, 2), "H\x02");
}

TEST(Records, HoldingSummary) {
  HoldingSummaryRecord s{5000, 3, 1200};
  CheckCodec(s, "HoldingSummaryRecord");
  HoldingSummaryRecord back;
  ASSERT_TRUE(HoldingSummaryRecord::Decode(s.Encode(), &back));
  EXPECT_EQ(back, s);
  EXPECT_EQ(keys::HoldingSummary("alice"), "s/alice");
}

TEST(Records, Retirement) {
  RetirementRecordData r;
  r.id = 5;
  r.tx_id.fill(0xaa);
  r.height = 7;
  r.time_ms = 1767225601000;
  r.holder = "alice";
  r.quantity = 30;
  r.ranges = {{1, 1, 10}, {2, 1001, 1020}};
  r.beneficiary_commitment = Bytes(32, '\x44');
  r.purpose = v1::ECO_JUDICIAL;
  r.scenario_ref = "(2025) Chuan 01 Xing Chu 123";
  r.jurisdiction = "510100";
  r.period_start_ms = 10;
  r.period_end_ms = 20;
  r.note = "substitute restoration";
  CheckCodec(r, "RetirementRecordData");
  RetirementRecordData back;
  ASSERT_TRUE(RetirementRecordData::Decode(r.Encode(), &back));
  EXPECT_EQ(back.tx_id, r.tx_id);
  ASSERT_EQ(back.ranges.size(), 2u);
  EXPECT_EQ(back.ranges[1].first, 1001u);
  v1::RetirementRecord view = back.ToProto();
  EXPECT_EQ(view.beneficiary().person_commitment(), Bytes(32, '\x44'));
  EXPECT_EQ(view.purpose(), v1::ECO_JUDICIAL);
  EXPECT_EQ(view.ranges(1).range().last(), 1020u);

  RetirementRecordData org = r;
  org.beneficiary_commitment.clear();
  org.beneficiary_organisation = "Chengdu Expo Centre";
  CheckCodec(org, "RetirementRecordData (organisation)");
  EXPECT_EQ(org.ToProto().beneficiary().organisation(), "Chengdu Expo Centre");
}

TEST(Records, KeysSortAndPrefix) {
  EXPECT_EQ(keys::Account("alice"), "a/alice");
  EXPECT_EQ(keys::Holding("alice", 1).substr(0, keys::HoldingPrefix("alice").size()),
            keys::HoldingPrefix("alice"));
  EXPECT_LT(keys::Holding("alice", 255), keys::Holding("alice", 256));
  EXPECT_LT(keys::Batch(1), keys::Batch(1ull << 40));
  // One account's holding prefix never covers another account's holdings.
  EXPECT_NE(keys::Holding("ab.c", 1).rfind(keys::HoldingPrefix("ab"), 0), 0u);
}

TEST(Records, RolesMask) {
  google::protobuf::RepeatedField<int> roles;
  roles.Add(v1::PARTICIPANT);
  roles.Add(v1::REGISTRAR);
  roles.Add(v1::PARTICIPANT);
  roles.Add(0);
  roles.Add(40);  // out of range: ignored
  uint32_t mask = RolesMask(roles);
  EXPECT_EQ(mask, (1u << v1::PARTICIPANT) | (1u << v1::REGISTRAR));
  EXPECT_EQ(RolesFromMask(mask), (std::vector<v1::Role>{v1::REGISTRAR, v1::PARTICIPANT}));
}

TEST(Records, LoadRecordAbsentPresentCorrupt) {
  MapState state;
  auto absent = LoadRecord<Counters>(state, keys::Counters());
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());

  state.Put(keys::Counters(), Counters{2, 3, 4}.Encode());
  auto present = LoadRecord<Counters>(state, keys::Counters());
  ASSERT_TRUE(present.ok());
  ASSERT_TRUE(present->has_value());
  EXPECT_EQ((*present)->next_serial, 3u);

  // Truncated, padded, or another record type under the key: corruption.
  const std::vector<Bytes> corrupt = {Counters{}.Encode().substr(0, 10), Counters{}.Encode() + "x",
                                      HoldingRecord{1, 2}.Encode(), Bytes()};
  for (const Bytes& c : corrupt) {
    state.Put(keys::Counters(), c);
    auto r = LoadRecord<Counters>(state, keys::Counters());
    ASSERT_FALSE(r.ok()) << ToHex(c);
    EXPECT_EQ(r.status().code(), v1::INTERNAL);
  }
  state.Put(keys::Account("alice"), "garbage");
  auto acc = LoadRecord<AccountRecord>(state, keys::Account("alice"));
  ASSERT_FALSE(acc.ok());
  EXPECT_EQ(acc.status().code(), v1::INTERNAL);
}

}  // namespace
}  // namespace lincao
