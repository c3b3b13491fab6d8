// The cache of verified signatures (chaincode/verified_signatures.h): it
// changes what apply costs, never what it decides. Blocks are byte-identical
// with and without it; a fact about one public key does not vouch for a
// signature once the account's key id names another key; it stays bounded.
#include <gtest/gtest.h>

#include "chaincode/block_builder.h"
#include "chaincode/records.h"
#include "chaincode/verified_signatures.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao {
namespace {

using testing::TestChain;

// Counts the facts BuildBlock found, so the test knows the cache was used.
class CountingFacts final : public SignatureMemo {
 public:
  explicit CountingFacts(const SignatureMemo& inner) : inner_(inner) {}
  bool Verified(v1::Suite suite, std::string_view pk, std::string_view message,
                std::string_view sig) const override {
    bool k = inner_.Verified(suite, pk, message, sig);
    hits += k;
    return k;
  }
  void Learn(v1::Suite suite, std::string_view pk, std::string_view message,
             std::string_view sig) const override {
    inner_.Learn(suite, pk, message, sig);
  }
  mutable int hits = 0;

 private:
  const SignatureMemo& inner_;
};

TEST(VerifiedSignatures, BlocksAreByteIdenticalWithAndWithoutFacts) {
  TestChain chain;
  ASSERT_TRUE(chain.CommitTx(chain.IssueTx("registrar", "owner-a", 1000)).made);
  v1::SignedTx forged = chain.Sign(chain.TransferTx("owner-a", "alice", 3));
  forged.mutable_signatures(0)->mutable_signature()->at(7) ^= 0x01;
  const std::vector<v1::SignedTx> txs = {chain.Sign(chain.TransferTx("owner-a", "alice", 10)),
                                         forged,
                                         chain.Sign(chain.TransferTx("owner-a", "alice", 20))};
  // Admission's part: verify each against committed state, recording facts.
  VerifiedSignatureCache cache(1000);
  for (const auto& tx : txs) {
    auto d = DecodeSignedTx(tx.SerializeAsString(), 65536, chain.suite());
    ASSERT_TRUE(d.ok());
    (void)VerifySignatures(*d, chain.state(), &cache);
  }
  EXPECT_EQ(cache.size(), 2u) << "only valid signatures are facts";

  const std::string batch = chain.MakeBatch(txs, chain.head().time_ms + 1000).SerializeAsString();
  auto plain = BuildBlock(chain.params(), chain.head(), chain.state(), chain.committed(), batch);
  CountingFacts counting(cache);
  auto cached =
      BuildBlock(chain.params(), chain.head(), chain.state(), chain.committed(), batch, &counting);
  ASSERT_TRUE(plain.ok() && cached.ok());
  EXPECT_EQ(counting.hits, 2) << "the two valid signatures came from the cache";
  ASSERT_TRUE(plain->made);
  EXPECT_EQ(cached->block.SerializeAsString(), plain->block.SerializeAsString());
  EXPECT_EQ(cached->hash, plain->hash);
  EXPECT_EQ(cached->writes, plain->writes);
  ASSERT_EQ(plain->dropped.size(), 1u);
  ASSERT_EQ(cached->dropped.size(), 1u);
  EXPECT_EQ(cached->dropped[0].reason.code(), v1::BAD_SIGNATURE);
  EXPECT_EQ(plain->dropped[0].reason.code(), v1::BAD_SIGNATURE);
}

TEST(VerifiedSignatures, AFactAboutTheOldKeyDoesNotVouchForTheNewKeySet) {
  TestChain chain;
  const v1::SignedTx tx = chain.Sign(chain.TransferTx("owner-a", "alice", 1));
  auto d = DecodeSignedTx(tx.SerializeAsString(), 65536, chain.suite());
  ASSERT_TRUE(d.ok());
  VerifiedSignatureCache cache(1000);
  ASSERT_TRUE(VerifySignatures(*d, chain.state(), &cache).ok());  // admission: key 0 is P0
  ASSERT_EQ(cache.size(), 1u);

  // Before apply, key id 0 of the account comes to name another public key
  // (as when custody ends and a person's own key 0 replaces the custodian's).
  OverlayState later(chain.state());
  auto rec = LoadRecord<AccountRecord>(later, keys::Account("owner-a"));
  ASSERT_TRUE(rec.ok() && rec.value());
  AccountRecord changed = **rec;
  ASSERT_FALSE(changed.keys.empty());
  changed.keys[0].public_key = testing::TestKey("someone-else").public_key;
  later.Put(keys::Account("owner-a"), changed.Encode());

  Status st = VerifySignatures(*d, later, &cache);
  EXPECT_EQ(st.code(), v1::BAD_SIGNATURE) << st.ToString();
  EXPECT_EQ(VerifySignatures(*d, later).code(), v1::BAD_SIGNATURE) << "same as without the cache";
}

TEST(VerifiedSignatures, TheCacheStaysWithinItsCapacity) {
  VerifiedSignatureCache cache(3);
  const std::string pk(32, 'p');
  std::string message = "m0";
  for (char i = 0; i < 5; ++i) {
    message[1] = static_cast<char>('0' + i);
    cache.Learn(v1::SUITE_ED25519_BLAKE2B, pk, message, "sig");
    cache.Learn(v1::SUITE_ED25519_BLAKE2B, pk, message, "sig");  // a repeat takes no room
  }
  EXPECT_EQ(cache.size(), 3u);
  for (char i = 0; i < 5; ++i) {
    message[1] = static_cast<char>('0' + i);
    EXPECT_EQ(cache.Verified(v1::SUITE_ED25519_BLAKE2B, pk, message, "sig"), i >= 2) << int(i);
  }
  EXPECT_FALSE(cache.Verified(v1::SUITE_SM2_SM3, pk, message, "sig"))
      << "the suite is part of a fact";
  VerifiedSignatureCache off(0);
  off.Learn(v1::SUITE_ED25519_BLAKE2B, pk, message, "sig");
  EXPECT_FALSE(off.Verified(v1::SUITE_ED25519_BLAKE2B, pk, message, "sig"));
  EXPECT_EQ(off.size(), 0u);
}

}  // namespace
}  // namespace lincao
