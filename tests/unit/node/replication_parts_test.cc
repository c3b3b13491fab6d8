// The small parts of replication that need no network: Raft ids from
// genesis, commit votes and certificates, and the peer handshake.
#include <gtest/gtest.h>

#include "chaincode/block.h"
#include "chaincode/key_file.h"
#include "chaincode/verified_signatures.h"
#include "node/commit_votes.h"
#include "node/members.h"
#include "node/peer_handshake.h"

namespace lincao::node {
namespace {

struct Voter {
  KeyFile key;
  NodeRecord record;
};

Voter MakeVoter(const std::string& id) {
  Voter v{*GenerateKeyFile("node", id, 0, v1::SUITE_ED25519_BLAKE2B), {}};
  v.record = NodeRecord{id, v1::SUITE_ED25519_BLAKE2B, v.key.public_key, true};
  return v;
}

TEST(Members, RaftIdsFollowNodeIdOrderWhateverTheGenesisOrder) {
  Voter a = MakeVoter("node-a"), b = MakeVoter("node-b"), c = MakeVoter("node-c");
  Members m({c.record, a.record, b.record});
  EXPECT_EQ(m.ByNodeId("node-a")->raft_id, 1u);
  EXPECT_EQ(m.ByNodeId("node-c")->raft_id, 3u);
  EXPECT_EQ(m.ByRaftId(2)->node_id, "node-b");
  EXPECT_EQ(m.ByRaftId(0), nullptr);
  EXPECT_EQ(m.ByRaftId(4), nullptr);
  EXPECT_EQ(m.ByNodeId("node-d"), nullptr);
  EXPECT_EQ(m.InitialConf().voters_size(), 3);
}

class CommitVotesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* id : {"node-1", "node-2", "node-3"}) voters_.push_back(MakeVoter(id));
    for (const auto& v : voters_) records_.push_back(v.record);
    hash_.fill(7);
  }
  v1::CommitVote Vote(int i, uint64_t height, const Hash32& hash) {
    const Voter& v = voters_[i];
    return SignCommitVote(DefaultSuite(), "chain", v.key.owner, v.key.suite, v.key.secret_key,
                          height, hash);
  }
  std::vector<Voter> voters_;
  std::vector<NodeRecord> records_;
  Hash32 hash_{};
};

TEST_F(CommitVotesTest, AMajorityOfValidVotesMakesACertificateInNodeIdOrder) {
  CommitVotes votes(DefaultSuite(), "chain");
  votes.SetHead(5, hash_, records_);
  EXPECT_TRUE(votes.Add(Vote(2, 5, hash_)));
  EXPECT_FALSE(votes.Certificate().has_value()) << "one of three is no majority";
  EXPECT_TRUE(votes.Add(Vote(0, 5, hash_)));
  auto cert = votes.Certificate();
  ASSERT_TRUE(cert.has_value());
  EXPECT_EQ(cert->height(), 5u);
  ASSERT_EQ(cert->signatures_size(), 2);
  EXPECT_EQ(cert->signatures(0).node_id(), "node-1");
  EXPECT_EQ(cert->signatures(1).node_id(), "node-3");
  // Each signature verifies as block_builder will check it.
  for (const auto& sig : cert->signatures()) {
    const Voter& v = sig.node_id() == "node-1" ? voters_[0] : voters_[2];
    EXPECT_TRUE(DefaultSuite().Verify(v.key.public_key, CommitSigningMessage("chain", 5, hash_),
                                      sig.signature()));
  }
}

TEST_F(CommitVotesTest, WrongVotesDoNotCount) {
  CommitVotes votes(DefaultSuite(), "chain");
  votes.SetHead(5, hash_, records_);
  Hash32 other = hash_;
  other[0] ^= 1;
  EXPECT_FALSE(votes.Add(Vote(0, 5, other))) << "another hash";
  EXPECT_FALSE(votes.Add(Vote(0, 4, hash_))) << "an older height";
  v1::CommitVote forged = Vote(1, 5, hash_);
  forged.mutable_signature()->set_node_id("node-3");  // node-2's signature in node-3's name
  EXPECT_FALSE(votes.Add(forged));
  Voter stranger = MakeVoter("node-9");
  EXPECT_FALSE(votes.Add(SignCommitVote(DefaultSuite(), "chain", "node-9", stranger.key.suite,
                                        stranger.key.secret_key, 5, hash_)));
  v1::CommitVote other_chain =
      SignCommitVote(DefaultSuite(), "other-chain", "node-1", voters_[0].key.suite,
                     voters_[0].key.secret_key, 5, hash_);
  EXPECT_FALSE(votes.Add(other_chain));
  EXPECT_EQ(votes.count(), 0u);
  EXPECT_FALSE(votes.Certificate().has_value());
}

TEST_F(CommitVotesTest, VotesAheadOfTheHeadWaitForIt) {
  CommitVotes votes(DefaultSuite(), "chain");
  votes.SetHead(5, hash_, records_);
  Hash32 next = hash_;
  next[1] ^= 2;
  EXPECT_TRUE(votes.Add(Vote(1, 6, next)));  // a follower applied block 6 first
  EXPECT_TRUE(votes.Add(Vote(2, 6, next)));
  EXPECT_FALSE(votes.Add(Vote(2, 6 + kMaxVoteHeightsAhead + 1, next))) << "too far ahead";
  EXPECT_EQ(votes.count(), 0u);
  votes.SetHead(6, next, records_);
  EXPECT_EQ(votes.count(), 2u);
  EXPECT_TRUE(votes.Certificate().has_value());
}

// The default suite, counting the signature equations it computes.
class CountingSuite final : public SignatureSuite {
 public:
  v1::Suite id() const override { return base().id(); }
  std::string_view name() const override { return base().name(); }
  size_t public_key_bytes() const override { return base().public_key_bytes(); }
  size_t secret_key_bytes() const override { return base().secret_key_bytes(); }
  size_t signature_bytes() const override { return base().signature_bytes(); }
  Hash32 Hash(std::initializer_list<std::string_view> parts) const override {
    return base().Hash(parts);
  }
  bool IsValidPublicKey(std::string_view pk) const override { return base().IsValidPublicKey(pk); }
  bool Verify(std::string_view pk, std::string_view message,
              std::string_view signature) const override {
    ++verifies;
    return base().Verify(pk, message, signature);
  }
  Bytes Sign(std::string_view sk, std::string_view message) const override {
    return base().Sign(sk, message);
  }
  KeyPair GenerateKeyPair() const override { return base().GenerateKeyPair(); }
  mutable int verifies = 0;

 private:
  static const SignatureSuite& base() { return DefaultSuite(); }
};

TEST_F(CommitVotesTest, AResentVoteIsNotVerifiedAgain) {
  CountingSuite suite;
  CommitVotes votes(suite, "chain");  // no memo: the resend itself is recognised
  votes.SetHead(5, hash_, records_);
  const v1::CommitVote vote = Vote(1, 5, hash_);
  EXPECT_TRUE(votes.Add(vote));
  EXPECT_EQ(suite.verifies, 1);
  EXPECT_TRUE(votes.Add(vote)) << "a resend still counts";
  EXPECT_EQ(suite.verifies, 1) << "but costs no second verification";
  // A different signature in the same node's name is checked, and refused.
  v1::CommitVote forged = vote;
  forged.mutable_signature()->mutable_signature()->back() ^= 1;
  EXPECT_FALSE(votes.Add(forged));
  EXPECT_EQ(suite.verifies, 2);
  EXPECT_EQ(votes.count(), 1u);
}

TEST_F(CommitVotesTest, TheMemoLearnsEveryVoteThatVerifiesAndNoOther) {
  CountingSuite suite;
  VerifiedSignatureCache memo(64);
  CommitVotes votes(suite, "chain", &memo);
  votes.SetHead(5, hash_, records_);
  const Bytes message = CommitSigningMessage("chain", 5, hash_);
  const v1::CommitVote good = Vote(1, 5, hash_);
  v1::CommitVote bad = Vote(2, 5, hash_);
  bad.mutable_signature()->mutable_signature()->back() ^= 1;
  EXPECT_TRUE(votes.Add(good));
  EXPECT_FALSE(votes.Add(bad));
  // What BuildBlock will ask when the certificate comes back in a batch.
  EXPECT_TRUE(memo.Verified(records_[1].suite, records_[1].public_key, message,
                            good.signature().signature()));
  EXPECT_FALSE(memo.Verified(records_[2].suite, records_[2].public_key, message,
                             bad.signature().signature()));
}

TEST_F(CommitVotesTest, OwnVotesAreVerifiedOncePerKeyTheVotersName) {
  CountingSuite suite;
  CommitVotes votes(suite, "chain");
  votes.SetHead(5, hash_, records_);
  EXPECT_TRUE(votes.Add(Vote(0, 5, hash_), /*signed_here=*/true));
  EXPECT_EQ(suite.verifies, 1) << "the first own vote proves the key pair";
  Hash32 next = hash_;
  next[0] ^= 1;
  votes.SetHead(6, next, records_);
  EXPECT_TRUE(votes.Add(Vote(0, 6, next), /*signed_here=*/true));
  EXPECT_EQ(suite.verifies, 1) << "later own votes under that key are known good";
  // Governance rotated node-1's key, but this node still signs with the
  // old one: its vote must be checked against the new key, and fail.
  std::vector<NodeRecord> rotated = records_;
  rotated[0].public_key = MakeVoter("node-1").key.public_key;
  Hash32 third = next;
  third[0] ^= 2;
  votes.SetHead(7, third, rotated);
  EXPECT_FALSE(votes.Add(Vote(0, 7, third), /*signed_here=*/true));
  EXPECT_EQ(suite.verifies, 2);
  EXPECT_EQ(votes.count(), 0u);
}

TEST(PeerHandshake, AProofVerifiesOnlyForItsNoncesChainAndParties) {
  Voter a = MakeVoter("node-1"), b = MakeVoter("node-2");
  Members members({a.record, b.record});
  const Member& ma = *members.ByNodeId("node-1");
  std::string na = NewPeerNonce(), nb = NewPeerNonce();
  EXPECT_NE(na, nb);
  // node-1 proves itself to node-2, covering node-2's nonce.
  std::string sig = SignPeerHandshake(DefaultSuite(), a.key, "chain", "node-2", nb, na);
  EXPECT_TRUE(VerifyPeerHandshake(DefaultSuite(), ma, "chain", "node-2", nb, na, sig));
  EXPECT_FALSE(VerifyPeerHandshake(DefaultSuite(), ma, "chain", "node-2", NewPeerNonce(), na, sig))
      << "a replay against a fresh nonce";
  EXPECT_FALSE(VerifyPeerHandshake(DefaultSuite(), ma, "other", "node-2", nb, na, sig));
  EXPECT_FALSE(VerifyPeerHandshake(DefaultSuite(), ma, "chain", "node-3", nb, na, sig));
  // node-2's key cannot speak for node-1.
  std::string wrong = SignPeerHandshake(DefaultSuite(), b.key, "chain", "node-2", nb, na);
  EXPECT_FALSE(VerifyPeerHandshake(DefaultSuite(), ma, "chain", "node-2", nb, na, wrong));
  EXPECT_FALSE(VerifyPeerHandshake(DefaultSuite(), ma, "chain", "node-2", "short", na, sig));
}

}  // namespace
}  // namespace lincao::node
