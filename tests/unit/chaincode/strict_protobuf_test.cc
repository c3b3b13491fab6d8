// One valid encoding per message (chaincode/strict_protobuf.h): the twins a
// lenient protobuf decoder accepts are refused at decode, at admission and
// at apply, and a property test checks over many mutated byte strings that
// whatever the checker accepts re-encodes to itself.
#include <gtest/gtest.h>

#include <google/protobuf/stubs/logging.h>

#include <random>

#include "chaincode/limits.h"
#include "chaincode/strict_protobuf.h"
#include "chaincode/tx.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao {
namespace {

using testing::TestChain;

// --- hand-built wire bytes ---------------------------------------------------

Bytes Varint(uint64_t v) {
  Bytes out;
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
  return out;
}
Bytes Tag(uint32_t field, uint32_t wire) { return Varint((uint64_t{field} << 3) | wire); }
Bytes VarintField(uint32_t field, uint64_t v) { return Tag(field, 0) + Varint(v); }
Bytes BytesField(uint32_t field, std::string_view data) {
  return Tag(field, 2) + Varint(data.size()) + Bytes(data);
}

ErrorCode Check(const google::protobuf::Descriptor& type, std::string_view bytes) {
  return CheckCanonicalProtobuf(type, bytes).code();
}

class StrictProtobufTest : public ::testing::Test {
 protected:
  // Tx header fields 1-4 as libprotobuf writes them.
  Bytes Header(std::string_view account = "alice") {
    v1::Tx tx = chain.NewTx(std::string(account));
    return tx.SerializeAsString();
  }
  // Signs raw tx bytes as alice (key 0) and returns the SignedTx bytes.
  Bytes SignRaw(const Bytes& tx_bytes) {
    v1::SignedTx stx;
    stx.set_tx(tx_bytes);
    v1::Signature* sig = stx.add_signatures();
    sig->set_account("alice");
    sig->set_suite(v1::SUITE_ED25519_BLAKE2B);
    sig->set_signature(
        DefaultSuite().Sign(chain.keys("alice")[0].secret_key, TxSigningMessage(tx_bytes)));
    return stx.SerializeAsString();
  }
  ErrorCode Decode(const Bytes& signed_tx_bytes) {
    auto d = DecodeSignedTx(signed_tx_bytes, kMaxTxBytes, DefaultSuite());
    return d.ok() ? v1::OK : d.status().code();
  }

  TestChain chain;
};

TEST_F(StrictProtobufTest, WhatLibprotobufWritesIsCanonical) {
  v1::SignedTx stx = chain.Sign(chain.TransferTx("alice", "bob", 5));
  EXPECT_EQ(Check(*v1::SignedTx::descriptor(), stx.SerializeAsString()), v1::OK);
  EXPECT_EQ(Check(*v1::Tx::descriptor(), stx.tx()), v1::OK);
  EXPECT_EQ(Decode(stx.SerializeAsString()), v1::OK);
  // A retirement with a nested oneof set to an empty string: oneof members
  // have presence, so the empty value is written and is canonical.
  v1::Tx tx = chain.NewTx("alice");
  tx.mutable_retire()->set_quantity(1);
  tx.mutable_retire()->mutable_beneficiary()->set_organisation("");
  EXPECT_EQ(Check(*v1::Tx::descriptor(), tx.SerializeAsString()), v1::OK);
  // Packed repeated enums (open_account roles).
  v1::Tx open = chain.NewTx("registrar");
  open.mutable_open_account()->add_roles(v1::PARTICIPANT);
  open.mutable_open_account()->add_roles(v1::EXCHANGE);
  EXPECT_EQ(Check(*v1::Tx::descriptor(), open.SerializeAsString()), v1::OK);
}

TEST_F(StrictProtobufTest, RepeatedSingularFieldIsRefused) {
  // account (field 4) twice: a lenient decoder takes the last copy, so the
  // acting account would differ from the first copy's.
  Bytes transfer =
      BytesField(61, v1::Transfer().SerializeAsString() + BytesField(1, "bob") + VarintField(2, 5));
  Bytes twin = Header("alice") + BytesField(4, "mallory") + transfer;
  {
    v1::Tx lenient;
    ASSERT_TRUE(lenient.ParseFromString(twin));
    ASSERT_EQ(lenient.account(), "mallory");  // what libprotobuf would have executed
  }
  EXPECT_EQ(Check(*v1::Tx::descriptor(), twin), v1::NON_CANONICAL_ENCODING);
  EXPECT_EQ(Decode(SignRaw(twin)), v1::NON_CANONICAL_ENCODING);
}

TEST_F(StrictProtobufTest, TwoBodiesOfTheOneofAreRefused) {
  Bytes transfer = BytesField(61, BytesField(1, "bob") + VarintField(2, 5));
  Bytes retire = BytesField(62, VarintField(1, 5));
  Bytes both = Header() + transfer + retire;
  {
    v1::Tx lenient;
    ASSERT_TRUE(lenient.ParseFromString(both));
    ASSERT_EQ(lenient.body_case(), v1::Tx::kRetire);  // the last one would execute
  }
  EXPECT_EQ(Check(*v1::Tx::descriptor(), both), v1::NON_CANONICAL_ENCODING);
  EXPECT_EQ(Decode(SignRaw(both)), v1::NON_CANONICAL_ENCODING);
}

TEST_F(StrictProtobufTest, NonMinimalVarintTwinIsRefused) {
  // quantity 5 as 0x85 0x00: the same transfer under another tx id.
  const Bytes header = Header();
  Bytes canonical = header + BytesField(61, BytesField(1, "bob") + VarintField(2, 5));
  Bytes padded = header + BytesField(61, BytesField(1, "bob") + Tag(2, 0) + Bytes("\x85\x00", 2));
  {
    v1::Tx a, b;
    ASSERT_TRUE(a.ParseFromString(canonical));
    ASSERT_TRUE(b.ParseFromString(padded));
    ASSERT_EQ(a.SerializeAsString(), b.SerializeAsString());  // the same transaction
  }
  EXPECT_EQ(Decode(SignRaw(canonical)), v1::OK);
  EXPECT_EQ(Decode(SignRaw(padded)), v1::NON_CANONICAL_ENCODING);
  // A padded tag is refused too (field 1 as 0x8a 0x00).
  Bytes padded_tag = Bytes("\x8a\x00", 2) + Varint(3) + "abc";
  EXPECT_EQ(Check(*v1::SerialRange::descriptor(), padded_tag), v1::NON_CANONICAL_ENCODING);
}

TEST_F(StrictProtobufTest, SixtyFiveBitQuantityIsRefusedNotTruncated) {
  // IssueBatch.quantity encoding 2^64 + 1000: libprotobuf keeps the low 64
  // bits and would issue a batch of 1000.
  Bytes q = Tag(2, 0);
  uint64_t low = 1000;
  for (int i = 0; i < 9; ++i) {
    q.push_back(static_cast<char>((low & 0x7f) | 0x80));
    low >>= 7;
  }
  q.push_back('\x02');  // bit 64 set: value 2^64 + 1000
  Bytes issue = Header("registrar") + BytesField(60, BytesField(1, "owner-a") + q);
  {
    v1::Tx lenient;
    ASSERT_TRUE(lenient.ParseFromString(issue));
    ASSERT_EQ(lenient.issue_batch().quantity(), 1000u);
  }
  EXPECT_EQ(Check(*v1::Tx::descriptor(), issue), v1::MALFORMED_TX);
  // At apply: the transaction is dropped and no batch is issued.
  v1::SignedTx stx;
  stx.set_tx(issue);
  auto* sig = stx.add_signatures();
  sig->set_account("registrar");
  sig->set_suite(v1::SUITE_ED25519_BLAKE2B);
  sig->set_signature(
      DefaultSuite().Sign(chain.keys("registrar")[0].secret_key, TxSigningMessage(issue)));
  v1::Batch batch = chain.MakeBatch({}, chain.head().time_ms + 1000);
  batch.add_txs(stx.SerializeAsString());
  auto built = BuildBlock(chain.params(), chain.head(), chain.state(), chain.committed(),
                          batch.SerializeAsString());
  ASSERT_TRUE(built.ok());
  EXPECT_FALSE(built->made);
  ASSERT_EQ(built->dropped.size(), 1u);
  EXPECT_EQ(built->dropped[0].reason.code(), v1::MALFORMED_TX);
}

TEST_F(StrictProtobufTest, ValuesOutsideTheirTypeAreRefused) {
  // A uint32 (vintage) given a 33-bit value; a bool given 2.
  Bytes vintage = BytesField(60, VarintField(4, uint64_t{1} << 32));
  EXPECT_EQ(Check(*v1::Tx::descriptor(), Header() + vintage), v1::NON_CANONICAL_ENCODING);
  // Enums are open but must fit int32: 2^32 is refused.
  Bytes sig = VarintField(3, uint64_t{1} << 32);
  EXPECT_EQ(Check(*v1::Signature::descriptor(), sig), v1::NON_CANONICAL_ENCODING);
  // A negative int32 enum value is its 10-byte sign extension: canonical.
  EXPECT_EQ(Check(*v1::Signature::descriptor(), VarintField(3, ~uint64_t{0})), v1::OK);
}

TEST_F(StrictProtobufTest, InvalidUtf8IsRefused) {
  for (std::string_view bad : {std::string_view("\xc0\xaf", 2),          // overlong '/'
                               std::string_view("\xed\xa0\x80", 3),      // surrogate
                               std::string_view("\xf4\x90\x80\x80", 4),  // above U+10FFFF
                               std::string_view("\xe4\xb8", 2),          // truncated
                               std::string_view("\x80", 1)}) {           // lone continuation
    EXPECT_FALSE(IsValidUtf8(bad));
    // Transfer.memo (field 4) is a string.
    EXPECT_EQ(Check(*v1::Transfer::descriptor(), BytesField(4, bad)), v1::NON_CANONICAL_ENCODING);
  }
  EXPECT_TRUE(IsValidUtf8("大熊猫国家公园 ok"));
  EXPECT_TRUE(IsValidUtf8(std::string_view("\xf0\x9f\x8c\xb2", 4)));  // U+1F332
}

TEST(Utf8, TruncateStopsAtACharacterBoundary) {
  const std::string text = "林草碳普惠";  // five 3-byte characters
  EXPECT_EQ(TruncateUtf8(text, 100), text);
  EXPECT_EQ(TruncateUtf8(text, 7), "林草");
  EXPECT_EQ(TruncateUtf8(text, 6), "林草");
  EXPECT_EQ(TruncateUtf8(text, 2), "");
  for (size_t n = 0; n <= text.size(); ++n) EXPECT_TRUE(IsValidUtf8(TruncateUtf8(text, n))) << n;
}

TEST_F(StrictProtobufTest, OrderDefaultsPackingAndUnknownFields) {
  const auto& range = *v1::SerialRange::descriptor();
  EXPECT_EQ(Check(range, VarintField(1, 1) + VarintField(2, 9)), v1::OK);
  EXPECT_EQ(Check(range, VarintField(2, 9) + VarintField(1, 1)), v1::NON_CANONICAL_ENCODING);
  EXPECT_EQ(Check(range, VarintField(1, 0) + VarintField(2, 9)), v1::NON_CANONICAL_ENCODING);
  EXPECT_EQ(Check(range, VarintField(1, 1) + VarintField(3, 1)), v1::MALFORMED_TX);   // unknown
  EXPECT_EQ(Check(range, Tag(1, 1) + Bytes(8, '\x01')), v1::NON_CANONICAL_ENCODING);  // wire
  EXPECT_EQ(Check(range, Tag(1, 3)), v1::MALFORMED_TX);                               // a group
  EXPECT_EQ(Check(range, VarintField(1, 1) + Tag(2, 0)), v1::MALFORMED_TX);           // truncated
  // An empty string written out; an empty message is fine (it has presence).
  EXPECT_EQ(Check(*v1::Transfer::descriptor(), BytesField(1, "")), v1::NON_CANONICAL_ENCODING);
  EXPECT_EQ(Check(*v1::Tx::descriptor(), Header() + BytesField(61, "")), v1::OK);
  // Repeated scalars must be packed, and a packed run must not be empty.
  const auto& open = *v1::OpenAccount::descriptor();
  EXPECT_EQ(Check(open, BytesField(2, Varint(5) + Varint(6))), v1::OK);
  EXPECT_EQ(Check(open, VarintField(2, 5) + VarintField(2, 6)), v1::NON_CANONICAL_ENCODING);
  EXPECT_EQ(Check(open, BytesField(2, "")), v1::NON_CANONICAL_ENCODING);
  EXPECT_EQ(Check(open, BytesField(2, Varint(5)) + BytesField(2, Varint(6))),
            v1::NON_CANONICAL_ENCODING);  // two packed runs
  // A repeated message field is one run: interleaving another field breaks it.
  const auto& transfer = *v1::Transfer::descriptor();
  Bytes r = BytesField(3, VarintField(1, 1) + VarintField(2, 2));
  EXPECT_EQ(Check(transfer, BytesField(1, "bob") + r + r), v1::OK);
  EXPECT_EQ(Check(transfer, r + BytesField(1, "bob") + r), v1::NON_CANONICAL_ENCODING);
}

// --- the property: accepted bytes re-encode to themselves ---------------------

// Mutates `in` with one of a few byte-level edits: flip, insert, delete,
// duplicate a slice. Deterministic from the engine.
Bytes Mutate(const Bytes& in, std::mt19937_64& rng) {
  Bytes out = in;
  const size_t n = out.size();
  switch (rng() % 4) {
    case 0:
      if (n > 0) out[rng() % n] = static_cast<char>(rng());
      break;
    case 1:
      out.insert(out.begin() + static_cast<long>(rng() % (n + 1)), static_cast<char>(rng() % 0x90));
      break;
    case 2:
      if (n > 0) out.erase(out.begin() + static_cast<long>(rng() % n));
      break;
    default:
      if (n > 2) {
        size_t a = rng() % n, len = 1 + rng() % std::min<size_t>(n - a, 12);
        out.insert(rng() % (n + 1), out.substr(a, len));
      }
  }
  return out;
}

// A candidate rule for "these bytes are a valid Tx". Returns true if accepted.
using Acceptor = bool (*)(std::string_view);

bool StrictAccepts(std::string_view bytes) {
  return CheckCanonicalProtobuf(*v1::Tx::descriptor(), bytes).ok();
}

// The rule lincao had before: libprotobuf parses it and keeps no unknown field.
bool LenientAccepts(std::string_view bytes) {
  v1::Tx tx;
  return tx.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) &&
         tx.GetReflection()->GetUnknownFields(tx).empty();
}

// Counts accepted mutants whose parse re-encodes to other bytes (a twin).
size_t TwinsFound(Acceptor accepts, const std::vector<Bytes>& seeds, int rounds) {
  google::protobuf::LogSilencer quiet;  // libprotobuf logs each invalid UTF-8 it parses
  std::mt19937_64 rng(20261124);
  size_t twins = 0;
  for (int i = 0; i < rounds; ++i) {
    Bytes m = Mutate(seeds[static_cast<size_t>(i) % seeds.size()], rng);
    if (rng() % 2) m = Mutate(m, rng);
    if (!accepts(m)) continue;
    v1::Tx tx;
    if (!tx.ParseFromString(m) || tx.SerializeAsString() != m) ++twins;
  }
  return twins;
}

TEST_F(StrictProtobufTest, PropertyAcceptedBytesAreTheirOwnReencoding) {
  std::vector<Bytes> seeds;
  seeds.push_back(chain.TransferTx("alice", "bob", 1500).SerializeAsString());
  seeds.push_back(chain.IssueTx("registrar", "owner-a", 300000, 2025).SerializeAsString());
  v1::Tx retire = chain.NewTx("alice");
  retire.mutable_retire()->set_quantity(200);
  retire.mutable_retire()->mutable_beneficiary()->set_organisation("成都世博会");
  retire.mutable_retire()->set_purpose(v1::LARGE_EVENT);
  retire.mutable_retire()->set_note("opening day");
  auto* range = retire.mutable_retire()->add_ranges();
  range->set_first(17);
  range->set_last(216);
  seeds.push_back(retire.SerializeAsString());
  v1::Tx open = chain.NewTx("registrar");
  open.mutable_open_account()->set_id("panda-coop");
  open.mutable_open_account()->add_roles(v1::PROJECT_OWNER);
  open.mutable_open_account()->set_threshold(1);
  auto* key = open.mutable_open_account()->add_keys();
  key->set_suite(v1::SUITE_ED25519_BLAKE2B);
  key->set_key(Bytes(32, '\x07'));
  seeds.push_back(open.SerializeAsString());

  constexpr int kRounds = 40000;
  EXPECT_EQ(TwinsFound(&StrictAccepts, seeds, kRounds), 0u);
  // The planted bug: the old, lenient rule. The same search finds twins,
  // which is what shows the property can fail.
  EXPECT_GT(TwinsFound(&LenientAccepts, seeds, kRounds), 0u);
}

}  // namespace
}  // namespace lincao
