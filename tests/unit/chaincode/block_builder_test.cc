// BuildBlock: what is dropped, what is kept, time clamping, the header's
// commitments, determinism and the commit certificate.
#include <gtest/gtest.h>

#include "chaincode/apply.h"
#include "chaincode/block.h"
#include "chaincode/block_builder.h"
#include "chaincode/limits.h"
#include "chaincode/records.h"
#include "chaincode/rule_set.h"
#include "chaincode/state_root.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao {
namespace {

using testing::TestChain;
using testing::UnitsOf;

class BlockBuilderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto b = chain.CommitTx(chain.IssueTx("registrar", "owner-a", 1000));
    ASSERT_TRUE(b.made);
    ASSERT_EQ(b.block.results(0).code(), v1::OK);
  }

  // Builds on the current head without committing.
  BuiltBlock Build(const std::vector<v1::SignedTx>& txs, uint64_t time_ms) {
    auto built = BuildBlock(chain.params(), chain.head(), chain.state(), chain.committed(),
                            chain.MakeBatch(txs, time_ms).SerializeAsString());
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    return built.ok() ? std::move(built).value() : BuiltBlock();
  }
  uint64_t Now() const { return chain.head().time_ms + 1000; }

  v1::SignedTx Transfer(uint64_t quantity) {
    return chain.Sign(chain.TransferTx("owner-a", "alice", quantity));
  }

  TestChain chain;
};

TEST_F(BlockBuilderTest, HeaderCommitsToEverything) {
  const ChainHead prev = chain.head();
  auto b = chain.Commit({Transfer(10), Transfer(20)}, prev.time_ms + 5000);
  ASSERT_TRUE(b.made);
  const v1::BlockHeader& h = b.block.header();
  EXPECT_EQ(h.chain_id(), "lincao-test");
  EXPECT_EQ(h.height(), prev.height + 1);
  EXPECT_EQ(h.prev_hash(), AsBytes(prev.hash));
  EXPECT_EQ(h.time_ms(), prev.time_ms + 5000);
  EXPECT_EQ(h.proposer(), "node-1");
  EXPECT_EQ(h.chaincode_version(), 1u);
  EXPECT_EQ(h.txs_root(), AsBytes(TxsRoot(DefaultSuite(), b.block.txs())));
  EXPECT_EQ(h.results_root(), AsBytes(ResultsRoot(DefaultSuite(), b.block.results())));
  EXPECT_EQ(h.membership_hash(),
            AsBytes(MembershipHash(DefaultSuite(), *LoadVoters(chain.state()))));
  EXPECT_EQ(h.last_commit_hash(), AsBytes(CommitHash(DefaultSuite(), b.block.last_commit())));
  EXPECT_EQ(b.hash, BlockHash(DefaultSuite(), h));
  // The state root commits to the whole state after the block.
  EXPECT_EQ(b.accumulator, AccumulateAll(chain.state()));
  EXPECT_EQ(h.state_root(), AsBytes(AccumulateAll(chain.state()).Root(DefaultSuite())));
  // Each result names its tx and hashes its own write set.
  ASSERT_EQ(b.block.results_size(), 2);
  ASSERT_EQ(b.tx_ids.size(), 2u);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(b.block.results(i).tx_id(), AsBytes(b.tx_ids[i]));
    EXPECT_EQ(b.tx_ids[i], ComputeTxId(DefaultSuite(), b.block.txs(i).tx()));
    EXPECT_EQ(b.block.results(i).code(), v1::OK);
    EXPECT_NE(b.block.results(i).writes_hash(), AsBytes(WriteSetHash(DefaultSuite(), WriteSet{})));
  }
  EXPECT_EQ(UnitsOf(chain.state(), "alice"), 30u);
}

TEST_F(BlockBuilderTest, EachResultHashesOnlyItsOwnWrites) {
  // results_root commits to each tx's own write set. Compute the second tx's
  // writes independently: run it alone on an overlay over the state the
  // first tx left, then compare with what the block recorded.
  v1::Tx first = chain.TransferTx("owner-a", "alice", 10);
  v1::Tx second = chain.TransferTx("owner-a", "bob", 20);
  BuiltBlock both = Build({chain.Sign(first), chain.Sign(second)}, Now());
  ASSERT_TRUE(both.made);
  ASSERT_EQ(both.block.results_size(), 2);

  auto apply_alone = [&](const StateReader& before, const v1::Tx& tx) {
    OverlayState overlay(before);
    Hash32 id = ComputeTxId(DefaultSuite(), tx.SerializeAsString());
    ApplyContext ctx{chain.params(), chain.head().height + 1, Now(), id};
    EXPECT_TRUE(ApplyTx(ctx, tx, overlay).ok());
    return overlay.writes();
  };
  WriteSet w1 = apply_alone(chain.state(), first);
  MapState after_first = chain.state();
  testing::ApplyWriteSet(after_first, w1);
  WriteSet w2 = apply_alone(after_first, second);
  EXPECT_EQ(both.block.results(0).writes_hash(), AsBytes(WriteSetHash(DefaultSuite(), w1)));
  EXPECT_EQ(both.block.results(1).writes_hash(), AsBytes(WriteSetHash(DefaultSuite(), w2)));
  // The block's write set is the union (later writes win), and nothing more.
  WriteSet merged = w1;
  for (const auto& [k, v] : w2) merged[k] = v;
  EXPECT_EQ(both.writes, merged);
}

// formats.md: the write set is the difference between the state before and
// after the transaction. A pledge of units of a batch with buffer stores the
// batch again, and with it f/<batch>, which was there already: that write
// changes nothing and is not in the hashed write set.
TEST(BlockWriteSet, AWriteThatChangesNothingIsNotInTheHash) {
  TestChain chain(testing::LifecycleOptions());
  chain.IssueForProject("SC-P-0001", "owner-a", 1000, 100);  // buffer 1-100, owner-a 101-1000
  v1::Tx pledge = chain.GovTx("owner-a", {"bank"});
  v1::PledgeUnits* body = pledge.mutable_pledge_units();
  body->set_pledgee("bank");
  body->set_quantity(100);
  body->add_ranges()->set_first(101);
  body->mutable_ranges(0)->set_last(200);
  body->set_reason("loan contract 42");

  OverlayState alone(chain.state());
  const Hash32 id = ComputeTxId(DefaultSuite(), pledge.SerializeAsString());
  ASSERT_TRUE(ApplyTx(chain.Context(id), pledge, alone).ok());
  WriteSet changed;
  for (const auto& [key, value] : alone.writes()) {
    if (chain.state().Get(key) != value) changed.emplace(key, value);
  }
  ASSERT_TRUE(alone.writes().count(keys::BufferBatch(1)) > 0 &&
              changed.count(keys::BufferBatch(1)) == 0)
      << "the pledge no longer writes f/1 again: this test lost its case";

  BuiltBlock b = chain.Commit({chain.Sign(pledge)}, chain.head().time_ms);
  ASSERT_TRUE(b.made);
  ASSERT_EQ(b.block.results(0).code(), v1::OK);
  EXPECT_EQ(b.block.results(0).writes_hash(), AsBytes(WriteSetHash(DefaultSuite(), changed)));
}

TEST_F(BlockBuilderTest, DropsTxsAlreadyCommitted) {
  v1::SignedTx t = Transfer(10);
  ASSERT_TRUE(chain.Commit({t}).made);
  v1::SignedTx fresh = Transfer(5);
  auto b = chain.Commit({t, fresh});
  ASSERT_TRUE(b.made);
  ASSERT_EQ(b.dropped.size(), 1u);
  EXPECT_EQ(b.dropped[0].reason.code(), v1::DUPLICATE_TX);
  EXPECT_EQ(b.dropped[0].tx_id, ComputeTxId(DefaultSuite(), t.tx()));
  ASSERT_EQ(b.block.txs_size(), 1);
  EXPECT_EQ(b.block.txs(0).tx(), fresh.tx());
  EXPECT_EQ(UnitsOf(chain.state(), "alice"), 15u);  // applied once, not twice
}

TEST_F(BlockBuilderTest, DropsDuplicatesWithinTheBatch) {
  v1::SignedTx t = Transfer(10);
  auto b = chain.Commit({t, t, t});
  ASSERT_TRUE(b.made);
  EXPECT_EQ(b.block.txs_size(), 1);
  ASSERT_EQ(b.dropped.size(), 2u);
  for (const auto& d : b.dropped) {
    EXPECT_EQ(d.reason.code(), v1::DUPLICATE_TX);
    EXPECT_EQ(d.tx_id, ComputeTxId(DefaultSuite(), t.tx()));
  }
  EXPECT_EQ(UnitsOf(chain.state(), "alice"), 10u);
}

TEST_F(BlockBuilderTest, SameTxWithOtherSignaturesIsADuplicate) {
  // The tx id covers the tx bytes only: the same tx signed by the keys of a
  // 2-of-2 account in another order is the same tx.
  v1::Tx tx = chain.TransferTx("multi", "alice", 1);
  auto keys01 = SignTx(tx, {chain.Signer("multi", 0), chain.Signer("multi", 1)});
  auto keys10 = SignTx(tx, {chain.Signer("multi", 1), chain.Signer("multi", 0)});
  ASSERT_TRUE(keys01.ok() && keys10.ok());
  ASSERT_NE(keys01->SerializeAsString(), keys10->SerializeAsString());
  auto b = chain.Commit({*keys01, *keys10});
  ASSERT_TRUE(b.made);
  EXPECT_EQ(b.block.txs_size(), 1);
  ASSERT_EQ(b.dropped.size(), 1u);
  EXPECT_EQ(b.dropped[0].reason.code(), v1::DUPLICATE_TX);
}

TEST_F(BlockBuilderTest, DroppedCopyDoesNotBlockAValidCopy) {
  // A copy of a tx with a broken signature is dropped and never enters a
  // block; a correctly signed copy later in the same batch is not a duplicate
  // of anything in the block and applies.
  v1::SignedTx good = Transfer(10);
  v1::SignedTx broken = good;
  broken.mutable_signatures(0)->mutable_signature()->at(0) ^= 1;
  auto b = chain.Commit({broken, good});
  ASSERT_TRUE(b.made);
  ASSERT_EQ(b.dropped.size(), 1u);
  EXPECT_EQ(b.dropped[0].reason.code(), v1::BAD_SIGNATURE);
  ASSERT_EQ(b.block.txs_size(), 1);
  EXPECT_EQ(b.block.txs(0).SerializeAsString(), good.SerializeAsString());
  EXPECT_EQ(UnitsOf(chain.state(), "alice"), 10u);
}

TEST_F(BlockBuilderTest, DropsInvalidTxsWithTheirReason) {
  const uint64_t now = Now();
  v1::Tx expired = chain.TransferTx("owner-a", "alice", 1);
  expired.set_expiry_ms(now);
  v1::Tx too_far = chain.TransferTx("owner-a", "alice", 1);
  too_far.set_expiry_ms(now + chain.params().max_tx_horizon_ms + 1);
  v1::Tx other_chain = chain.TransferTx("owner-a", "alice", 1);
  other_chain.set_chain_id("lincao-prod");
  v1::Tx unknown = chain.TransferTx("owner-a", "alice", 1);
  unknown.set_account("mallory");
  v1::SignedTx bad_sig = Transfer(1);
  bad_sig.mutable_signatures(0)->mutable_signature()->at(3) ^= 0x10;
  v1::SignedTx undecodable;
  undecodable.set_tx("not a tx");
  undecodable.add_signatures()->set_account("owner-a");
  v1::Tx short_nonce = chain.TransferTx("owner-a", "alice", 1);
  short_nonce.set_nonce("short");
  v1::SignedTx bad_nonce_tx = chain.Sign(short_nonce);
  // mallory is no account; the signature is made with a real key.
  auto by_mallory = SignTx(
      unknown, {{"mallory", 0, v1::SUITE_ED25519_BLAKE2B, chain.keys("alice")[0].secret_key}});
  ASSERT_TRUE(by_mallory.ok());
  v1::SignedTx half_signed = chain.Sign(chain.TransferTx("multi", "alice", 1), 1);
  v1::SignedTx good = Transfer(7);

  auto b = chain.Commit({chain.Sign(expired), chain.Sign(too_far), chain.Sign(other_chain),
                         *by_mallory, bad_sig, undecodable, bad_nonce_tx, half_signed, good},
                        now);
  ASSERT_TRUE(b.made);
  std::vector<ErrorCode> reasons;
  for (const auto& d : b.dropped) reasons.push_back(d.reason.code());
  EXPECT_EQ(reasons,
            (std::vector<ErrorCode>{v1::EXPIRED, v1::EXPIRY_TOO_FAR, v1::WRONG_CHAIN,
                                    v1::UNKNOWN_ACCOUNT, v1::BAD_SIGNATURE, v1::MALFORMED_TX,
                                    v1::BAD_NONCE, v1::THRESHOLD_NOT_MET}));
  EXPECT_EQ(b.dropped[5].tx_id, Hash32{});  // did not decode: no id
  EXPECT_EQ(b.dropped[0].tx_id, ComputeTxId(DefaultSuite(), expired.SerializeAsString()));
  ASSERT_EQ(b.block.txs_size(), 1);
  EXPECT_EQ(b.block.txs(0).tx(), good.tx());
  EXPECT_EQ(UnitsOf(chain.state(), "alice"), 7u);
  // Dropped txs are not committed: a valid resubmission of one applies.
  EXPECT_FALSE(chain.committed().IsCommitted(ComputeTxId(DefaultSuite(), bad_sig.tx())));
}

TEST_F(BlockBuilderTest, RejectionStaysInBlockAndChangesNothing) {
  const ChainHead prev = chain.head();
  const auto before = chain.state().entries();
  v1::SignedTx too_much = Transfer(1001);
  auto b = chain.Commit({too_much});
  ASSERT_TRUE(b.made);
  EXPECT_TRUE(b.dropped.empty());
  ASSERT_EQ(b.block.results_size(), 1);
  const v1::TxResult& r = b.block.results(0);
  EXPECT_EQ(r.code(), v1::INSUFFICIENT_UNITS);
  EXPECT_FALSE(r.message().empty());
  EXPECT_EQ(r.writes_hash(), AsBytes(WriteSetHash(DefaultSuite(), WriteSet{})));
  EXPECT_TRUE(b.writes.empty());
  EXPECT_EQ(chain.state().entries(), before);
  EXPECT_EQ(b.block.header().state_root(), AsBytes(prev.accumulator.Root(DefaultSuite())));
  // The rejected tx is committed: resubmitting it is a duplicate.
  auto again = chain.Commit({too_much, Transfer(1)});
  ASSERT_EQ(again.dropped.size(), 1u);
  EXPECT_EQ(again.dropped[0].reason.code(), v1::DUPLICATE_TX);
}

TEST_F(BlockBuilderTest, RejectionAmongSuccesses) {
  auto b = chain.Commit({Transfer(600), Transfer(600), Transfer(400)});
  ASSERT_TRUE(b.made);
  ASSERT_EQ(b.block.results_size(), 3);
  EXPECT_EQ(b.block.results(0).code(), v1::OK);
  EXPECT_EQ(b.block.results(1).code(), v1::INSUFFICIENT_UNITS);  // sees the first's effect
  EXPECT_EQ(b.block.results(2).code(), v1::OK);
  EXPECT_EQ(UnitsOf(chain.state(), "alice"), 1000u);
  EXPECT_EQ(UnitsOf(chain.state(), "owner-a"), 0u);
  EXPECT_EQ(b.block.header().state_root(),
            AsBytes(AccumulateAll(chain.state()).Root(DefaultSuite())));
}

TEST_F(BlockBuilderTest, AllDroppedMakesNoBlock) {
  const ChainHead prev = chain.head();
  v1::SignedTx bad = Transfer(1);
  bad.mutable_signatures(0)->set_key_id(9);
  auto b = chain.Commit({bad});
  EXPECT_FALSE(b.made);
  EXPECT_EQ(b.dropped.size(), 1u);
  EXPECT_EQ(b.dropped[0].reason.code(), v1::UNKNOWN_KEY);
  EXPECT_TRUE(b.tx_ids.empty());
  EXPECT_EQ(chain.head().height, prev.height);
  EXPECT_EQ(chain.head().hash, prev.hash);
  auto empty = chain.Commit({});
  EXPECT_FALSE(empty.made);
  EXPECT_TRUE(empty.dropped.empty());
}

TEST(ClampBlockTime, Bounds) {
  const uint64_t prev = 1767225600000;
  EXPECT_EQ(ClampBlockTime(prev - 1, prev), prev);
  EXPECT_EQ(ClampBlockTime(0, prev), prev);
  EXPECT_EQ(ClampBlockTime(prev, prev), prev);
  EXPECT_EQ(ClampBlockTime(prev + 1, prev), prev + 1);
  EXPECT_EQ(ClampBlockTime(prev + kMaxBlockStepMs, prev), prev + kMaxBlockStepMs);
  EXPECT_EQ(ClampBlockTime(prev + kMaxBlockStepMs + 1, prev), prev + kMaxBlockStepMs);
  EXPECT_EQ(ClampBlockTime(~0ull, prev), prev + kMaxBlockStepMs);
}

TEST_F(BlockBuilderTest, BlockTimeIsClamped) {
  const uint64_t prev = chain.head().time_ms;
  auto back = chain.Commit({Transfer(1)}, prev - 5000);  // leader clock behind
  ASSERT_TRUE(back.made);
  EXPECT_EQ(back.block.header().time_ms(), prev);
  // A leader clock far ahead is clamped to one step; expiry is judged
  // against the clamped time, so a tx valid then is not dropped.
  v1::Tx tx = chain.TransferTx("owner-a", "alice", 1);
  tx.set_expiry_ms(prev + kMaxBlockStepMs + 1);
  auto ahead = chain.Commit({chain.Sign(tx)}, prev + 10 * kMaxBlockStepMs);
  ASSERT_TRUE(ahead.made);
  EXPECT_EQ(ahead.block.header().time_ms(), prev + kMaxBlockStepMs);
  EXPECT_TRUE(ahead.dropped.empty());
}

TEST_F(BlockBuilderTest, SignaturesCheckedAgainstStateSoFar) {
  // An account opened earlier in the batch may act later in the same batch;
  // acting before it exists is dropped.
  KeyPair key = testing::TestKey("newco/0");
  v1::Tx open = chain.OpenAccountTx("registrar", "newco", {v1::PARTICIPANT}, {key});
  v1::Tx gift = chain.TransferTx("owner-a", "newco", 50);
  v1::Tx early = chain.TransferTx("newco", "alice", 1);
  v1::Tx late = chain.TransferTx("newco", "alice", 20);
  auto sign_newco = [&](const v1::Tx& tx) {
    auto s = SignTx(tx, {{"newco", 0, v1::SUITE_ED25519_BLAKE2B, key.secret_key}});
    EXPECT_TRUE(s.ok());
    return *s;
  };
  auto b = chain.Commit({sign_newco(early), chain.Sign(open), chain.Sign(gift), sign_newco(late)});
  ASSERT_TRUE(b.made);
  ASSERT_EQ(b.dropped.size(), 1u);
  EXPECT_EQ(b.dropped[0].reason.code(), v1::UNKNOWN_ACCOUNT);
  ASSERT_EQ(b.block.results_size(), 3);
  for (const auto& r : b.block.results()) EXPECT_EQ(r.code(), v1::OK) << r.message();
  EXPECT_EQ(UnitsOf(chain.state(), "newco"), 30u);
  EXPECT_EQ(UnitsOf(chain.state(), "alice"), 20u);
}

TEST_F(BlockBuilderTest, Deterministic) {
  std::vector<v1::SignedTx> txs = {Transfer(10), Transfer(2000), Transfer(5),
                                   chain.Sign(chain.RetireTx("owner-a", 3))};
  BuiltBlock a = Build(txs, Now());
  BuiltBlock b = Build(txs, Now());
  ASSERT_TRUE(a.made && b.made);
  EXPECT_EQ(a.block.SerializeAsString(), b.block.SerializeAsString());
  EXPECT_EQ(a.hash, b.hash);
  EXPECT_EQ(a.writes, b.writes);
  EXPECT_EQ(a.accumulator, b.accumulator);
  EXPECT_EQ(EncodeHeader(a.block.header()), EncodeHeader(b.block.header()));
  // Building did not touch the caller's state.
  EXPECT_EQ(UnitsOf(chain.state(), "alice"), 0u);
  // A different order of the same txs makes a different block.
  std::swap(txs[0], txs[2]);
  BuiltBlock c = Build(txs, Now());
  EXPECT_NE(c.hash, a.hash);
  // So does a different block time.
  EXPECT_NE(Build(txs, Now() + 1).hash, c.hash);
}

TEST_F(BlockBuilderTest, StateRootMatchesFullRecomputationOverManyBlocks) {
  for (int i = 0; i < 5; ++i) {
    auto b = chain.Commit({Transfer(3), chain.Sign(chain.RetireTx("owner-a", 2)),
                           chain.Sign(chain.IssueTx("registrar", "owner-b", 10 + i))});
    ASSERT_TRUE(b.made);
    ASSERT_EQ(b.block.header().state_root(),
              AsBytes(AccumulateAll(chain.state()).Root(DefaultSuite())))
        << "block " << b.block.header().height();
  }
  EXPECT_EQ(testing::CheckSupplyInvariants(chain.state()), "");
}

TEST_F(BlockBuilderTest, CorruptStateStopsTheBuild) {
  // A record that does not decode is corruption: BuildBlock fails with
  // INTERNAL instead of making a block.
  chain.state().Put(keys::Counters(), "garbage");
  auto built =
      BuildBlock(chain.params(), chain.head(), chain.state(), chain.committed(),
                 chain.MakeBatch({chain.Sign(chain.IssueTx("registrar", "owner-a", 1))}, Now())
                     .SerializeAsString());
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.status().code(), v1::INTERNAL);

  chain.state().Put(keys::Account("alice"), "garbage");
  built = BuildBlock(chain.params(), chain.head(), chain.state(), chain.committed(),
                     chain.MakeBatch({chain.Sign(chain.TransferTx("alice", "bob", 1), 1)}, Now())
                         .SerializeAsString());
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.status().code(), v1::INTERNAL);
}

TEST_F(BlockBuilderTest, UnavailableSuiteIsInternal) {
  ChainParams params = chain.params();
  params.suite = v1::SUITE_SM2_SM3;
  auto built = BuildBlock(params, chain.head(), chain.state(), chain.committed(),
                          chain.MakeBatch({Transfer(1)}, Now()).SerializeAsString());
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.status().code(), v1::INTERNAL);
}

// ---- commit certificate -----------------------------------------------------

class CommitCertTest : public ::testing::Test {
 protected:
  CommitCertTest() : chain(Options()) {}
  static testing::ChainOptions Options() {
    testing::ChainOptions o = testing::DefaultOptions();
    o.nodes = {"node-1", "node-2", "node-3"};
    return o;
  }
  void SetUp() override {
    ASSERT_TRUE(chain.CommitTx(chain.IssueTx("registrar", "owner-a", 100)).made);
  }
  v1::CommitSig Sig(const std::string& node, uint64_t height, const Hash32& hash,
                    std::string_view chain_id = testing::kChainId) {
    v1::CommitSig s;
    s.set_node_id(node);
    s.set_suite(v1::SUITE_ED25519_BLAKE2B);
    s.set_signature(DefaultSuite().Sign(chain.NodeKey(node).secret_key,
                                        CommitSigningMessage(chain_id, height, hash)));
    return s;
  }
  v1::Commit Cert(std::vector<v1::CommitSig> sigs) {
    v1::Commit c;
    c.set_height(chain.head().height);
    c.set_block_hash(AsBytes(chain.head().hash));
    for (auto& s : sigs) *c.add_signatures() = std::move(s);
    return c;
  }
  // Builds the next block carrying `cert`; returns what the block kept.
  v1::Commit Kept(const v1::Commit& cert) {
    v1::Batch batch = chain.MakeBatch({chain.Sign(chain.TransferTx("owner-a", "alice", 1))},
                                      chain.head().time_ms + 1000);
    *batch.mutable_last_commit() = cert;
    auto built = BuildBlock(chain.params(), chain.head(), chain.state(), chain.committed(),
                            batch.SerializeAsString());
    EXPECT_TRUE(built.ok() && built->made);
    if (!built.ok()) return v1::Commit();
    EXPECT_EQ(built->block.header().last_commit_hash(),
              AsBytes(CommitHash(DefaultSuite(), built->block.last_commit())));
    return built->block.last_commit();
  }
  TestChain chain;
};

TEST_F(CommitCertTest, ValidCertificateIsKept) {
  const Hash32 h = chain.head().hash;
  const uint64_t height = chain.head().height;
  v1::Commit cert = Cert({Sig("node-1", height, h), Sig("node-3", height, h)});
  EXPECT_EQ(Kept(cert).SerializeAsString(), cert.SerializeAsString());
  v1::Commit all =
      Cert({Sig("node-1", height, h), Sig("node-2", height, h), Sig("node-3", height, h)});
  EXPECT_EQ(Kept(all).SerializeAsString(), all.SerializeAsString());
}

TEST_F(CommitCertTest, InvalidCertificatesAreReplacedByAnEmptyOne) {
  const Hash32 h = chain.head().hash;
  const uint64_t height = chain.head().height;
  Hash32 other = h;
  other[0] ^= 1;
  std::vector<std::pair<std::string, v1::Commit>> bad;
  bad.push_back({"no signatures", Cert({})});
  // Each single-defect case below also carries one valid signature (node-3),
  // so it is the defect, not the missing quorum, that gets it refused.
  bad.push_back(
      {"one valid signature of three voters: no quorum", Cert({Sig("node-1", height, h)})});
  {
    v1::Commit c = Cert({Sig("node-1", height, h)});
    c.set_height(height - 1);
    bad.push_back({"wrong height", c});
  }
  {
    v1::Commit c = Cert({Sig("node-3", height, h), Sig("node-1", height, other)});
    c.set_block_hash(AsBytes(other));
    bad.push_back({"another block", c});
  }
  bad.push_back({"signature over another hash",
                 Cert({Sig("node-3", height, h), Sig("node-1", height, other)})});
  bad.push_back({"signature for another height",
                 Cert({Sig("node-3", height, h), Sig("node-1", height + 1, h)})});
  bad.push_back({"signature for another chain",
                 Cert({Sig("node-3", height, h), Sig("node-1", height, h, "lincao-x")})});
  {
    v1::CommitSig s = Sig("node-1", height, h);
    s.set_node_id("node-9");
    bad.push_back({"unknown node", Cert({Sig("node-3", height, h), s})});
  }
  {
    v1::CommitSig s = Sig("node-1", height, h);
    s.set_node_id("node-2");
    bad.push_back({"signed by another node's key", Cert({Sig("node-3", height, h), s})});
  }
  {
    v1::CommitSig s = Sig("node-1", height, h);
    s.set_suite(v1::SUITE_SM2_SM3);
    bad.push_back({"wrong suite", Cert({Sig("node-3", height, h), s})});
  }
  bad.push_back({"same node twice", Cert({Sig("node-1", height, h), Sig("node-1", height, h)})});
  {
    v1::CommitSig s = Sig("node-2", height, h);
    s.mutable_signature()->at(7) ^= 4;
    bad.push_back({"one bad among good", Cert({Sig("node-1", height, h), s})});
  }
  bad.push_back({"account key is not a node key", [&] {
                   v1::CommitSig s;
                   s.set_node_id("registrar");
                   s.set_suite(v1::SUITE_ED25519_BLAKE2B);
                   s.set_signature(
                       DefaultSuite().Sign(chain.keys("registrar")[0].secret_key,
                                           CommitSigningMessage(testing::kChainId, height, h)));
                   return Cert({Sig("node-3", height, h), s});
                 }()});
  for (const auto& [name, cert] : bad) {
    v1::Commit kept = Kept(cert);
    EXPECT_EQ(kept.SerializeAsString(), v1::Commit().SerializeAsString()) << name;
  }
}

TEST_F(CommitCertTest, SignaturesMustBeInAscendingNodeOrder) {
  const Hash32 h = chain.head().hash;
  const uint64_t height = chain.head().height;
  v1::Commit reversed = Cert({Sig("node-3", height, h), Sig("node-1", height, h)});
  EXPECT_EQ(Kept(reversed).SerializeAsString(), v1::Commit().SerializeAsString());
}

// Builds the next block from a batch carrying `cert` and nothing valid.
Result<BuiltBlock> BuildWithCert(TestChain& chain, const v1::Commit& cert,
                                 std::vector<v1::SignedTx> txs = {}) {
  v1::Batch batch = chain.MakeBatch(txs, chain.head().time_ms + 1000);
  *batch.mutable_last_commit() = cert;
  return BuildBlock(chain.params(), chain.head(), chain.state(), chain.committed(),
                    batch.SerializeAsString());
}

TEST_F(CommitCertTest, AMajorityForAnotherHashStopsApply) {
  const uint64_t height = chain.head().height;
  Hash32 other = chain.head().hash;
  other[5] ^= 0x20;
  v1::Commit fork = Cert({Sig("node-1", height, other), Sig("node-2", height, other)});
  fork.set_block_hash(AsBytes(other));
  // With a valid transaction in the batch, and with none: apply stops either way.
  for (bool with_tx : {true, false}) {
    std::vector<v1::SignedTx> txs;
    if (with_tx) txs.push_back(chain.Sign(chain.TransferTx("owner-a", "alice", 1)));
    auto built = BuildWithCert(chain, fork, txs);
    ASSERT_FALSE(built.ok()) << with_tx;
    EXPECT_EQ(built.status().code(), v1::LEDGER_DIVERGED);
    const std::string& msg = built.status().message();
    EXPECT_NE(msg.find("block " + std::to_string(height)), std::string::npos) << msg;
    EXPECT_NE(msg.find(ToHex(other)), std::string::npos) << msg;
    EXPECT_NE(msg.find(ToHex(chain.head().hash)), std::string::npos) << msg;
  }
  // A minority for another hash proves nothing: the block carries an empty certificate.
  v1::Commit minority = Cert({Sig("node-1", height, other)});
  minority.set_block_hash(AsBytes(other));
  auto built =
      BuildWithCert(chain, minority, {chain.Sign(chain.TransferTx("owner-a", "alice", 1))});
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  EXPECT_EQ(built->block.last_commit().SerializeAsString(), v1::Commit().SerializeAsString());
}

TEST_F(CommitCertTest, CertificateIsJudgedByTheVotersInForceForTheCertifiedBlock) {
  // Membership at height H is the state after H-1. Suppose the last block
  // removed node-3 from the state: block `height` was still certified by
  // {1,2,3}, so node-1 + node-3 is a majority for it, while the new block's
  // membership_hash already names {1,2}.
  const Hash32 h = chain.head().hash;
  const uint64_t height = chain.head().height;
  ASSERT_EQ(chain.head().voters.size(), 3u);
  chain.state().Delete(keys::Node("node-3"));
  auto built = BuildWithCert(chain, Cert({Sig("node-1", height, h), Sig("node-3", height, h)}),
                             {chain.Sign(chain.TransferTx("owner-a", "alice", 1))});
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  ASSERT_TRUE(built->made);
  EXPECT_EQ(built->block.last_commit().signatures_size(), 2);
  auto in_force = LoadVoters(chain.state());
  ASSERT_TRUE(in_force.ok());
  ASSERT_EQ(in_force->size(), 2u);
  EXPECT_EQ(built->block.header().membership_hash(),
            AsBytes(MembershipHash(DefaultSuite(), *in_force)));
  EXPECT_EQ(built->voters.size(), 2u);  // the next block's certificate needs 2 of {1,2}
}

}  // namespace
}  // namespace lincao

namespace lincao {
namespace {

TEST(BuildBlockVersions, AChaincodeVersionThisBinaryLacksStopsApply) {
  TestChain chain;
  ChainParams params = chain.params();
  params.chaincode_version = kLatestChaincodeVersion + 1;
  v1::Batch batch = chain.MakeBatch({chain.Sign(chain.IssueTx("registrar", "owner-a", 1))},
                                    chain.head().time_ms + 1);
  auto built =
      BuildBlock(params, chain.head(), chain.state(), chain.committed(), batch.SerializeAsString());
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.status().code(), v1::UNSUPPORTED_CHAINCODE_VERSION);
  EXPECT_NE(built.status().message().find("block 1"), std::string::npos);
}

TEST(BuildBlockCanonical, ANonCanonicalBatchMakesNoBlock) {
  TestChain chain;
  v1::Batch batch = chain.MakeBatch({chain.Sign(chain.IssueTx("registrar", "owner-a", 1))},
                                    chain.head().time_ms + 1);
  // The proposer field written twice: which copy counts would be up to each
  // node's parser.
  std::string bytes = batch.SerializeAsString() + std::string("\x12\x06node-9", 8);
  auto built = BuildBlock(chain.params(), chain.head(), chain.state(), chain.committed(), bytes);
  ASSERT_TRUE(built.ok());
  EXPECT_FALSE(built->made);
  ASSERT_EQ(built->dropped.size(), 1u);
  EXPECT_EQ(built->dropped[0].reason.code(), v1::NON_CANONICAL_ENCODING);
}

TEST(BuildBlockCanonical, ANonCanonicalTransactionIsDroppedAlone) {
  TestChain chain;
  v1::SignedTx good = chain.Sign(chain.IssueTx("registrar", "owner-a", 5));
  v1::SignedTx twin_src = chain.Sign(chain.IssueTx("registrar", "owner-a", 7));
  v1::Batch batch = chain.MakeBatch({good}, chain.head().time_ms + 1);
  // A SignedTx with an explicit zero key_id in its signature: a twin encoding.
  v1::Signature sig = twin_src.signatures(0);
  std::string sig_bytes = sig.SerializeAsString();
  std::string padded_sig = sig_bytes.substr(0, 2 + sig.account().size()) +
                           std::string("\x10\x00", 2) + sig_bytes.substr(2 + sig.account().size());
  v1::SignedTx only_tx;
  only_tx.set_tx(twin_src.tx());
  std::string twin =
      only_tx.SerializeAsString() + "\x12" + static_cast<char>(padded_sig.size()) + padded_sig;
  batch.add_txs(twin);
  auto built = BuildBlock(chain.params(), chain.head(), chain.state(), chain.committed(),
                          batch.SerializeAsString());
  ASSERT_TRUE(built.ok()) << built.status().ToString();
  ASSERT_TRUE(built->made);
  EXPECT_EQ(built->block.txs_size(), 1);
  ASSERT_EQ(built->dropped.size(), 1u);
  EXPECT_EQ(built->dropped[0].reason.code(), v1::NON_CANONICAL_ENCODING);
}

TEST(BlockBuilderOutputs, ResultsCarryTheIdsOfCreatedRecords) {
  TestChain chain;
  auto b = chain.Commit({chain.Sign(chain.IssueTx("registrar", "owner-a", 100)),
                         chain.Sign(chain.IssueTx("registrar", "owner-b", 50)),
                         chain.Sign(chain.TransferTx("owner-a", "alice", 10)),
                         chain.Sign(chain.RetireTx("owner-a", 5)),
                         chain.Sign(chain.RetireTx("alice", 999))});
  ASSERT_TRUE(b.made);
  ASSERT_EQ(b.block.results_size(), 5);
  EXPECT_EQ(b.block.results(0).created_id(), 1u);  // batch 1
  EXPECT_EQ(b.block.results(1).created_id(), 2u);  // batch 2
  EXPECT_EQ(b.block.results(2).created_id(), 0u);  // a transfer creates no record
  EXPECT_EQ(b.block.results(3).created_id(), 1u);  // retirement 1
  EXPECT_EQ(b.block.results(4).code(), v1::INSUFFICIENT_UNITS);
  EXPECT_EQ(b.block.results(4).created_id(), 0u);  // rejected: nothing created
}

TEST(BlockBuilderBounds, TransactionsBeyondTheBatchBoundAreDropped) {
  TestChain chain;
  std::vector<v1::SignedTx> txs;
  for (size_t i = 0; i < kMaxBatchTxs + 3; ++i) {
    txs.push_back(chain.Sign(chain.IssueTx("registrar", "owner-a", 1)));
  }
  auto b = chain.Commit(txs);
  ASSERT_TRUE(b.made);
  EXPECT_EQ(static_cast<size_t>(b.block.txs_size()), kMaxBatchTxs);
  ASSERT_EQ(b.dropped.size(), 3u);
  for (const auto& d : b.dropped) EXPECT_EQ(d.reason.code(), v1::OVERLOADED);
}

TEST(AuditorRole, AuditorsNeitherActNorHoldUnits) {
  testing::ChainOptions o = testing::DefaultOptions();
  o.accounts.push_back({"auditor-1", {v1::AUDITOR}});
  TestChain chain(o);
  ASSERT_TRUE(chain.CommitTx(chain.IssueTx("registrar", "owner-a", 100)).made);
  auto to_auditor = chain.CommitTx(chain.TransferTx("owner-a", "auditor-1", 1));
  ASSERT_EQ(to_auditor.block.results_size(), 1);
  EXPECT_EQ(to_auditor.block.results(0).code(), v1::UNAUTHORIZED);
  auto by_auditor = chain.CommitTx(chain.TransferTx("auditor-1", "alice", 1));
  ASSERT_EQ(by_auditor.block.results_size(), 1);
  EXPECT_EQ(by_auditor.block.results(0).code(), v1::UNAUTHORIZED);
  EXPECT_EQ(testing::UnitsOf(chain.state(), "owner-a"), 100u);
}

}  // namespace
}  // namespace lincao
