// Transaction decoding (shape checks), chain/expiry checks and signature
// verification against account key sets. Each case asserts the exact code.
#include <gtest/gtest.h>

#include "chaincode/limits.h"
#include "chaincode/tx.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao {
namespace {

using testing::TestChain;

// Protobuf length-delimited field: one tag byte, varint length, data.
Bytes LengthDelimited(const Bytes& tag, const Bytes& data) {
  Bytes out = tag;
  size_t n = data.size();
  while (n >= 0x80) {
    out.push_back(static_cast<char>((n & 0x7f) | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
  return out + data;
}

ErrorCode DecodeCode(std::string_view bytes, size_t max = kMaxTxBytes) {
  auto d = DecodeSignedTx(bytes, max, DefaultSuite());
  return d.ok() ? v1::OK : d.status().code();
}

ErrorCode DecodeCode(const v1::SignedTx& stx, size_t max = kMaxTxBytes) {
  auto d = DecodeSignedTx(stx, max, DefaultSuite());
  return d.ok() ? v1::OK : d.status().code();
}

class TxTest : public ::testing::Test {
 protected:
  // A signed transfer from alice with a valid shape.
  v1::SignedTx Good() { return chain.Sign(chain.TransferTx("alice", "bob", 5)); }

  // A SignedTx over raw tx bytes, signed by alice's key 0.
  v1::SignedTx SignRaw(const Bytes& tx_bytes) {
    v1::SignedTx stx;
    stx.set_tx(tx_bytes);
    v1::Signature* sig = stx.add_signatures();
    sig->set_account("alice");
    sig->set_key_id(0);
    sig->set_suite(v1::SUITE_ED25519_BLAKE2B);
    sig->set_signature(
        DefaultSuite().Sign(chain.keys("alice")[0].secret_key, TxSigningMessage(tx_bytes)));
    return stx;
  }

  Status Verify(const v1::SignedTx& stx) {
    auto d = DecodeSignedTx(stx, kMaxTxBytes, DefaultSuite());
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    if (!d.ok()) return d.status();
    return VerifySignatures(*d, chain.state());
  }

  TestChain chain;
};

TEST_F(TxTest, GoodTxDecodes) {
  v1::SignedTx stx = Good();
  auto d = DecodeSignedTx(stx.SerializeAsString(), kMaxTxBytes, DefaultSuite());
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->id, ComputeTxId(DefaultSuite(), stx.tx()));
  EXPECT_EQ(d->tx.transfer().to(), "bob");
  EXPECT_EQ(d->signed_tx.tx(), stx.tx());  // the exact bytes, never re-serialized
  EXPECT_TRUE(VerifySignatures(*d, chain.state()).ok());
}

TEST_F(TxTest, MalformedProtobuf) {
  EXPECT_EQ(DecodeCode(Bytes("\xff\xff\xff\xff", 4)), v1::MALFORMED_TX);
  EXPECT_EQ(DecodeCode(Bytes("\x0a\x05\x01", 3)), v1::MALFORMED_TX);  // length past the end
  // A SignedTx whose tx field is not a Tx.
  v1::SignedTx stx = Good();
  stx.set_tx(Bytes("\xff\xff\xff", 3));
  EXPECT_EQ(DecodeCode(stx.SerializeAsString()), v1::MALFORMED_TX);
  // An empty tx field.
  stx.set_tx("");
  EXPECT_EQ(DecodeCode(stx), v1::MALFORMED_TX);
  // Empty input is a SignedTx with no tx.
  EXPECT_EQ(DecodeCode(std::string_view()), v1::MALFORMED_TX);
}

TEST_F(TxTest, Oversized) {
  Bytes big(kMaxTxBytes + 1, '\0');
  EXPECT_EQ(DecodeCode(big), v1::TX_TOO_LARGE);
  // A node's lower limit applies too.
  v1::SignedTx stx = Good();
  EXPECT_EQ(DecodeCode(stx.SerializeAsString(), 64), v1::TX_TOO_LARGE);
  EXPECT_EQ(DecodeCode(stx, 64), v1::TX_TOO_LARGE);
  // A well-formed tx that is too large as a message.
  v1::Tx tx = chain.TransferTx("alice", "bob", 5);
  tx.mutable_transfer()->set_memo(Bytes(kMaxTxBytes, 'm'));
  EXPECT_EQ(DecodeCode(chain.Sign(tx)), v1::TX_TOO_LARGE);
}

TEST_F(TxTest, MissingBody) {
  v1::Tx tx = chain.NewTx("alice");
  EXPECT_EQ(DecodeCode(chain.Sign(tx)), v1::MISSING_BODY);
}

TEST_F(TxTest, UnknownBodyFieldIsUnsupportedType) {
  // A Tx with no known body but a field 99 (in the neutrality-claims range,
  // a body type this build does not know): length-delimited, tag
  // (99 << 3) | 2 = 794 = 9a 06.
  Bytes tx = chain.NewTx("alice").SerializeAsString() + Bytes("\x9a\x06\x02\x08\x01", 5);
  EXPECT_EQ(DecodeCode(SignRaw(tx)), v1::UNSUPPORTED_TX_TYPE);
}

TEST_F(TxTest, UnknownFieldsAnywhereAreRefused) {
  // A reserved Tx field (6, varint) next to a known body.
  Bytes tx = chain.TransferTx("alice", "bob", 5).SerializeAsString() + Bytes("\x30\x01", 2);
  EXPECT_EQ(DecodeCode(SignRaw(tx)), v1::MALFORMED_TX);

  // An unknown field (9, varint) inside the Transfer body.
  v1::Transfer body;
  body.set_to("bob");
  body.set_quantity(5);
  Bytes body_bytes = body.SerializeAsString() + Bytes("\x48\x01", 2);
  Bytes nested =
      chain.NewTx("alice").SerializeAsString() + LengthDelimited(Bytes("\xea\x03", 2), body_bytes);
  {
    v1::Tx check;
    ASSERT_TRUE(check.ParseFromString(nested));
    ASSERT_EQ(check.transfer().to(), "bob");  // the crafted bytes are a transfer
  }
  EXPECT_EQ(DecodeCode(SignRaw(nested)), v1::MALFORMED_TX);

  // An unknown field in SignedTx, and one inside a Signature.
  v1::SignedTx stx = Good();
  EXPECT_EQ(DecodeCode(stx.SerializeAsString() + Bytes("\x18\x01", 2)), v1::MALFORMED_TX);
  Bytes sig = stx.signatures(0).SerializeAsString() + Bytes("\x28\x07", 2);
  Bytes with_bad_sig = LengthDelimited("\x0a", stx.tx()) + LengthDelimited("\x12", sig);
  EXPECT_EQ(DecodeCode(with_bad_sig), v1::MALFORMED_TX);
}

TEST_F(TxTest, BadNonceLength) {
  for (size_t n : {0, 8, 15, 17, 32}) {
    v1::Tx tx = chain.TransferTx("alice", "bob", 5);
    tx.set_nonce(Bytes(n, 'n'));
    EXPECT_EQ(DecodeCode(chain.Sign(tx)), v1::BAD_NONCE) << n;
  }
}

TEST_F(TxTest, SignatureCount) {
  v1::SignedTx none = Good();
  none.clear_signatures();
  EXPECT_EQ(DecodeCode(none), v1::NO_SIGNATURES);

  v1::SignedTx many = Good();
  while (many.signatures_size() < static_cast<int>(kMaxSignaturesPerTx)) {
    *many.add_signatures() = many.signatures(0);
  }
  EXPECT_EQ(DecodeCode(many), v1::OK);  // the shape allows 16 (verify refuses duplicates)
  *many.add_signatures() = many.signatures(0);
  EXPECT_EQ(DecodeCode(many), v1::TOO_MANY_SIGNATURES);
}

TEST(TxChecks, ChainAndExpiry) {
  v1::Tx tx;
  tx.set_chain_id("lincao-test");
  const uint64_t now = 1000000, horizon = 5000;
  auto code = [&](uint64_t expiry, std::string_view chain = "lincao-test") {
    tx.set_expiry_ms(expiry);
    return CheckChainAndExpiry(tx, chain, now, horizon).code();
  };
  EXPECT_EQ(code(now + 1), v1::OK);
  EXPECT_EQ(code(now + horizon), v1::OK);
  EXPECT_EQ(code(now), v1::EXPIRED);
  EXPECT_EQ(code(0), v1::EXPIRED);
  EXPECT_EQ(code(now + horizon + 1), v1::EXPIRY_TOO_FAR);
  EXPECT_EQ(code(~0ull), v1::EXPIRY_TOO_FAR);
  EXPECT_EQ(code(now + 1, "lincao-prod"), v1::WRONG_CHAIN);
  EXPECT_EQ(code(now + 1, ""), v1::WRONG_CHAIN);
}

TEST_F(TxTest, UnknownAccount) {
  v1::Tx tx = chain.TransferTx("alice", "bob", 5);
  tx.set_account("mallory");
  // Signed with a real key, but no account "mallory" exists.
  auto stx =
      SignTx(tx, {{"mallory", 0, v1::SUITE_ED25519_BLAKE2B, chain.keys("alice")[0].secret_key}});
  ASSERT_TRUE(stx.ok());
  EXPECT_EQ(Verify(*stx).code(), v1::UNKNOWN_ACCOUNT);
}

TEST_F(TxTest, UnknownKeyId) {
  v1::SignedTx stx = Good();
  stx.mutable_signatures(0)->set_key_id(7);
  EXPECT_EQ(Verify(stx).code(), v1::UNKNOWN_KEY);
}

TEST_F(TxTest, UnknownOrMismatchedSuite) {
  for (v1::Suite suite : {v1::SUITE_SM2_SM3, v1::SUITE_UNSPECIFIED, static_cast<v1::Suite>(77)}) {
    v1::SignedTx stx = Good();
    stx.mutable_signatures(0)->set_suite(suite);
    EXPECT_EQ(Verify(stx).code(), v1::UNKNOWN_SUITE) << suite;
  }
}

TEST_F(TxTest, BadSignature) {
  v1::SignedTx flipped = Good();
  flipped.mutable_signatures(0)->mutable_signature()->at(10) ^= 0x01;
  EXPECT_EQ(Verify(flipped).code(), v1::BAD_SIGNATURE);

  v1::SignedTx short_sig = Good();
  short_sig.mutable_signatures(0)->mutable_signature()->pop_back();
  EXPECT_EQ(Verify(short_sig).code(), v1::BAD_SIGNATURE);

  // A valid signature by alice, but over another tx.
  v1::SignedTx other = Good();
  v1::SignedTx stx = Good();
  *stx.mutable_signatures(0) = other.signatures(0);
  EXPECT_EQ(Verify(stx).code(), v1::BAD_SIGNATURE);

  // Signed by bob's key while claiming alice's key 0.
  v1::Tx tx = chain.TransferTx("alice", "bob", 5);
  auto wrong =
      SignTx(tx, {{"alice", 0, v1::SUITE_ED25519_BLAKE2B, chain.keys("bob")[0].secret_key}});
  ASSERT_TRUE(wrong.ok());
  EXPECT_EQ(Verify(*wrong).code(), v1::BAD_SIGNATURE);

  // Signed without the "lincao/tx/v1" tag.
  v1::SignedTx untagged = Good();
  untagged.mutable_signatures(0)->set_signature(
      DefaultSuite().Sign(chain.keys("alice")[0].secret_key, untagged.tx()));
  EXPECT_EQ(Verify(untagged).code(), v1::BAD_SIGNATURE);
}

TEST_F(TxTest, DuplicateSignature) {
  v1::SignedTx stx = Good();
  *stx.add_signatures() = stx.signatures(0);
  EXPECT_EQ(Verify(stx).code(), v1::DUPLICATE_SIGNATURE);
}

TEST_F(TxTest, ThresholdOfTwoKeys) {
  v1::Tx tx = chain.TransferTx("multi", "bob", 5);
  EXPECT_EQ(Verify(chain.Sign(tx, 1)).code(), v1::THRESHOLD_NOT_MET);
  EXPECT_EQ(Verify(chain.Sign(tx, 2)).code(), v1::OK);
  // One key signing twice does not count as two.
  v1::SignedTx twice = chain.Sign(tx, 1);
  *twice.add_signatures() = twice.signatures(0);
  EXPECT_EQ(Verify(twice).code(), v1::DUPLICATE_SIGNATURE);
  // Key 1 alone is not enough either.
  auto key1 = SignTx(tx, {chain.Signer("multi", 1)});
  ASSERT_TRUE(key1.ok());
  EXPECT_EQ(Verify(*key1).code(), v1::THRESHOLD_NOT_MET);
}

TEST_F(TxTest, UnexpectedSigner) {
  v1::Tx tx = chain.TransferTx("alice", "bob", 5);
  auto stx = SignTx(tx, {chain.Signer("alice"), chain.Signer("bob")});
  ASSERT_TRUE(stx.ok());
  EXPECT_EQ(Verify(*stx).code(), v1::UNEXPECTED_SIGNER);
  auto only_bob = SignTx(tx, {chain.Signer("bob")});
  ASSERT_TRUE(only_bob.ok());
  EXPECT_EQ(Verify(*only_bob).code(), v1::UNEXPECTED_SIGNER);
}

TEST(SignTx, RefusesUnusableKeys) {
  v1::Tx tx;
  tx.set_chain_id("c");
  auto unknown = SignTx(tx, {{"a", 0, v1::SUITE_SM2_SM3, Bytes(64, 'k')}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), v1::UNKNOWN_SUITE);
  auto short_key = SignTx(tx, {{"a", 0, v1::SUITE_ED25519_BLAKE2B, Bytes(31, 'k')}});
  ASSERT_FALSE(short_key.ok());
  EXPECT_EQ(short_key.status().code(), v1::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace lincao
