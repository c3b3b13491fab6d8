// The auditor's verifiers (tools/audit): `lincao audit verify`'s
// ChainVerifier over an in-memory chain with majority certificates, each
// kind of corruption named at its height, and the offline retirement
// certificate, tampered with field by field and checked against another
// chain. The chain is built here rather than by TestChain::Commit because
// its blocks must carry commit certificates, signed by the test's voters,
// as a real cluster's do.
#include <gtest/gtest.h>

#include <memory>

#include "chaincode/audit_proofs.h"
#include "chaincode/block.h"
#include "chaincode/commit_certificates.h"
#include "chaincode/records.h"
#include "tests/unit/chaincode/test_chain.h"
#include "tools/audit/chain_verifier.h"
#include "tools/audit/retirement_certificate.h"

namespace lincao {
namespace {

using audit::ChainVerifier;
using audit::ChainVerifierOptions;
using testing::Cat;
using testing::TestChain;

// A chain of three voters whose blocks each carry the majority certificate
// (node-1 and node-2) of the block before, as a cluster's leader puts the
// votes it gathered into the next batch.
class CertifiedLedger {
 public:
  explicit CertifiedLedger(testing::ChainOptions options = ThreeVoters())
      : chain_(options), signers_(options.nodes.begin(), options.nodes.begin() + 2) {
    auto genesis = BuildGenesis(chain_.spec());
    EXPECT_TRUE(genesis.ok());
    state_ = std::move(genesis->state);
    head_ = genesis->Head();
    genesis_hash_ = genesis->hash;
  }

  static testing::ChainOptions ThreeVoters() {
    testing::ChainOptions o = testing::DefaultOptions();
    o.nodes = {"node-1", "node-2", "node-3"};
    return o;
  }

  TestChain& chain() { return chain_; }
  const TestChain& chain() const { return chain_; }
  const Hash32& genesis_hash() const { return genesis_hash_; }
  const MapState& state() const { return state_; }
  MapState& mutable_state() { return state_; }

  // The certificate of the head block signed by `signers`.
  v1::Commit CertifyHead(const std::vector<std::string>& signers) const {
    v1::Commit c;
    c.set_height(head_.height);
    c.set_block_hash(AsBytes(head_.hash));
    const Bytes msg = CommitSigningMessage(chain_.params().chain_id, head_.height, head_.hash);
    for (const std::string& n : signers) {
      auto* s = c.add_signatures();
      s->set_node_id(n);
      s->set_suite(v1::SUITE_ED25519_BLAKE2B);
      s->set_signature(DefaultSuite().Sign(chain_.NodeKey(n).secret_key, msg));
    }
    return c;
  }

  // Builds and commits the next block from `txs`; every tx must enter it.
  void Add(const std::vector<v1::Tx>& txs) {
    v1::Batch batch;
    batch.set_leader_time_ms(head_.time_ms + 1000);
    batch.set_proposer("node-1");
    for (const v1::Tx& tx : txs) batch.add_txs(chain_.Sign(tx).SerializeAsString());
    if (head_.height > 0) *batch.mutable_last_commit() = CertifyHead(signers_);
    auto built = BuildBlock(chain_.params(), head_, state_, committed_, batch.SerializeAsString());
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    ASSERT_TRUE(built->made);
    ASSERT_TRUE(built->dropped.empty()) << built->dropped.front().reason.ToString();
    testing::ApplyWriteSet(state_, built->writes);
    head_ = HeadAfter(*built);
    for (const Hash32& id : built->tx_ids) committed_.ids.insert(id);
    blocks_.push_back(built->block);
  }

  // The stream a node sends: each block with its hash and, when the next
  // block exists, its certificate.
  std::vector<v1::StreamedBlock> Stream() const {
    std::vector<v1::StreamedBlock> out;
    for (size_t i = 0; i < blocks_.size(); ++i) {
      v1::StreamedBlock sb;
      *sb.mutable_block() = blocks_[i];
      sb.set_block_hash(AsBytes(BlockHash(DefaultSuite(), blocks_[i].header())));
      if (i + 1 < blocks_.size()) *sb.mutable_certificate() = blocks_[i + 1].last_commit();
      out.push_back(std::move(sb));
    }
    return out;
  }

  const std::vector<v1::Block>& blocks() const { return blocks_; }
  const ChainHead& head() const { return head_; }

 private:
  TestChain chain_;
  std::vector<std::string> signers_;  // a majority of the voters
  MapState state_;
  ChainHead head_;
  testing::CommittedSet committed_;
  Hash32 genesis_hash_{};
  std::vector<v1::Block> blocks_;
};

// Block 1 issues, 2 transfers, 3 retires and holds a rejected transfer,
// 4 transfers again, 5 retires: 5 blocks, each certified by the next.
void BuildSample(CertifiedLedger& l) {
  TestChain& c = l.chain();
  l.Add({c.IssueTx("registrar", "owner-a", 10000)});
  l.Add({c.TransferTx("owner-a", "alice", 4000), c.TransferTx("owner-a", "bob", 1000)});
  l.Add({c.RetireTx("alice", 500), c.TransferTx("carol", "bob", 5)});  // carol holds nothing
  l.Add({c.TransferTx("bob", "carol", 300)});
  l.Add({c.RetireTx("carol", 100)});
}

struct Outcome {
  Status status;
  std::optional<audit::VerifyFailure> failure;
  audit::VerifyProgress progress;
};

Outcome Verify(const CertifiedLedger& l, const std::vector<v1::StreamedBlock>& stream,
               ChainVerifierOptions options = {}) {
  auto v = ChainVerifier::Create(l.chain().spec(), l.genesis_hash(), options);
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  Outcome out;
  for (const auto& sb : stream) {
    out.status = (*v)->Add(sb);
    if (!out.status.ok()) break;
  }
  if (out.status.ok()) out.status = (*v)->Finish();
  out.failure = (*v)->failure();
  out.progress = (*v)->progress();
  return out;
}

TEST(ChainVerifier, HonestChainVerifiesToTheSameStateRoot) {
  CertifiedLedger l;
  BuildSample(l);
  for (unsigned threads : {1u, 3u}) {
    for (size_t lookahead : {size_t{0}, size_t{100}}) {
      SCOPED_TRACE(Cat("threads ", threads, " lookahead ", lookahead));
      auto v = ChainVerifier::Create(l.chain().spec(), l.genesis_hash(),
                                     {.threads = threads, .lookahead_txs = lookahead});
      ASSERT_TRUE(v.ok());
      for (const auto& sb : l.Stream()) ASSERT_TRUE((*v)->Add(sb).ok());
      ASSERT_TRUE((*v)->Finish().ok()) << (*v)->Finish().ToString();
      EXPECT_EQ((*v)->progress().blocks, 5u);
      EXPECT_EQ((*v)->progress().txs, 7u);
      EXPECT_EQ((*v)->head().hash, l.head().hash);
      EXPECT_EQ((*v)->head().accumulator.Root(DefaultSuite()),
                l.head().accumulator.Root(DefaultSuite()));
      EXPECT_EQ((*v)->state().entries(), l.state().entries());
      // Blocks 2-5 carry the certificate of 1-4; block 1 carries none.
      EXPECT_EQ((*v)->progress().certified, 4u);
      // 8 tx signatures and 2 per certificate (carried, and sent along).
      EXPECT_EQ((*v)->progress().signatures, 7u + 2u * 4 + 2u * 4);
    }
  }
}

TEST(ChainVerifier, RefusesAGenesisThatIsNotTheTrustedOne) {
  CertifiedLedger l;
  Hash32 other = l.genesis_hash();
  other[0] ^= 1;
  auto v = ChainVerifier::Create(l.chain().spec(), other);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("not the trusted genesis hash"), std::string::npos);
}

TEST(ChainVerifier, NamesAGapInTheStream) {
  CertifiedLedger l;
  BuildSample(l);
  auto stream = l.Stream();
  stream.erase(stream.begin() + 2);
  Outcome o = Verify(l, stream);
  ASSERT_TRUE(o.failure);
  EXPECT_EQ(o.status.code(), v1::LEDGER_VERIFY_FAILED);
  EXPECT_EQ(o.failure->height, 3u);
  EXPECT_EQ(o.failure->check, "height");
}

// An altered header no longer hashes to what the voters certified.
TEST(ChainVerifier, NamesAnAlteredBlock) {
  CertifiedLedger l;
  BuildSample(l);
  auto stream = l.Stream();
  // The proposer: a field replay takes from the header, so only the hash
  // chain can tell (an altered time would also change the records' times).
  stream[2].mutable_block()->mutable_header()->set_proposer("node-3");
  // A node serving its altered copy states that copy's hash.
  stream[2].set_block_hash(AsBytes(BlockHash(DefaultSuite(), stream[2].block().header())));
  Outcome o = Verify(l, stream);
  ASSERT_TRUE(o.failure) << o.status.ToString();
  EXPECT_EQ(o.failure->height, 3u);
  EXPECT_EQ(o.failure->check, "hash chain") << o.status.ToString();
  EXPECT_EQ(o.progress.blocks, 2u);
  // Without the certificate sent along (the node withheld it), the next
  // block's last_commit names it: still block 3.
  stream[2].clear_certificate();
  o = Verify(l, stream);
  ASSERT_TRUE(o.failure);
  EXPECT_EQ(o.failure->height, 3u);
  EXPECT_EQ(o.failure->check, "hash chain") << o.status.ToString();
}

TEST(ChainVerifier, NamesABadTransactionSignature) {
  CertifiedLedger l;
  BuildSample(l);
  auto stream = l.Stream();
  std::string* sig =
      stream[1].mutable_block()->mutable_txs(1)->mutable_signatures(0)->mutable_signature();
  (*sig)[5] ^= 0x20;
  Outcome o = Verify(l, stream);
  ASSERT_TRUE(o.failure);
  EXPECT_EQ(o.failure->height, 2u);
  EXPECT_EQ(o.failure->check, "signature") << o.status.ToString();
  EXPECT_NE(o.failure->detail.find("transaction 2 of 2"), std::string::npos);
  EXPECT_NE(o.failure->detail.find("BAD_SIGNATURE"), std::string::npos);
}

TEST(ChainVerifier, NamesABadCertificate) {
  CertifiedLedger l;
  BuildSample(l);
  auto stream = l.Stream();
  // Block 4 carries block 3's certificate; node-2's signature is damaged.
  std::string* sig =
      stream[3].mutable_block()->mutable_last_commit()->mutable_signatures(1)->mutable_signature();
  (*sig)[0] ^= 1;
  Outcome o = Verify(l, stream);
  ASSERT_TRUE(o.failure);
  EXPECT_EQ(o.failure->height, 4u);
  EXPECT_EQ(o.failure->check, "certificate") << o.status.ToString();
  EXPECT_NE(o.failure->detail.find("node-2"), std::string::npos);
  // A certificate of one signer of three is no majority.
  stream = l.Stream();
  stream[3].mutable_block()->mutable_last_commit()->mutable_signatures()->RemoveLast();
  o = Verify(l, stream);
  ASSERT_TRUE(o.failure);
  EXPECT_EQ(o.failure->height, 4u);
  EXPECT_EQ(o.failure->check, "certificate");
  EXPECT_NE(o.failure->detail.find("not a majority"), std::string::npos);
  // The certificate sent along with block 3 is checked as well.
  stream = l.Stream();
  (*stream[2].mutable_certificate()->mutable_signatures(0)->mutable_signature())[3] ^= 1;
  o = Verify(l, stream);
  ASSERT_TRUE(o.failure);
  EXPECT_EQ(o.failure->height, 3u);
  EXPECT_EQ(o.failure->check, "certificate");
}

TEST(ChainVerifier, NamesAnAlteredResultCode) {
  CertifiedLedger l;
  BuildSample(l);
  auto stream = l.Stream();
  ASSERT_NE(stream[2].block().results(1).code(), v1::OK);  // carol held nothing
  stream[2].mutable_block()->mutable_results(1)->set_code(v1::OK);
  Outcome o = Verify(l, stream);
  ASSERT_TRUE(o.failure);
  EXPECT_EQ(o.failure->height, 3u);
  EXPECT_EQ(o.failure->check, "result") << o.status.ToString();
  EXPECT_NE(o.failure->detail.find("records code OK"), std::string::npos);
}

// A node whose stored state value was damaged keeps building blocks on it:
// its block that next writes the key subtracts the damaged value from the
// state commitment, so that block's state_root is not the replay's. Blocks
// that do not touch the key still verify.
TEST(ChainVerifier, NamesTheFirstBlockBuiltOnADamagedStateValue) {
  CertifiedLedger l;
  TestChain& c = l.chain();
  l.Add({c.IssueTx("registrar", "owner-a", 10000)});
  l.Add({c.TransferTx("owner-a", "alice", 4000)});
  // Damage bob's account record (bob's name) in the "node's" state.
  const std::string key = keys::Account("bob");
  auto bob = LoadRecord<AccountRecord>(l.state(), key);
  ASSERT_TRUE(bob.ok() && bob->has_value());
  AccountRecord damaged = **bob;
  damaged.display_name = "not bob";
  l.mutable_state().Put(key, damaged.Encode());
  l.Add({c.TransferTx("owner-a", "carol", 10)});  // does not touch bob
  l.Add({c.TransferTx("alice", "bob", 10)});      // bob's summary, not his account
  l.Add({c.OpenAccountTx("registrar", "dave", {v1::PARTICIPANT}, {testing::TestKey("dave")})});
  Outcome o = Verify(l, l.Stream());
  EXPECT_TRUE(o.status.ok()) << "a damaged value nobody wrote is invisible to replay: "
                             << o.status.ToString();
  // Now a block writes bob's account (a key update rewrites the record).
  v1::Tx keys_tx = c.NewTx("bob");
  auto* k = keys_tx.mutable_update_keys()->add_add();
  k->set_key_id(1);
  k->set_suite(v1::SUITE_ED25519_BLAKE2B);
  k->set_key(testing::TestKey("bob/new").public_key);
  l.Add({keys_tx});
  o = Verify(l, l.Stream());
  ASSERT_TRUE(o.failure) << o.status.ToString();
  EXPECT_EQ(o.failure->height, 6u);
  EXPECT_TRUE(o.failure->check == "result" || o.failure->check == "header.state_root")
      << o.status.ToString();
}

// Below --from, signatures are taken as verified (for an auditor who
// checked them before); the state is still replayed from genesis.
TEST(ChainVerifier, FromSkipsSignatureChecksBelowItButReplaysEverything) {
  CertifiedLedger l;
  BuildSample(l);
  Outcome o = Verify(l, l.Stream(), {.from_height = 4});
  ASSERT_TRUE(o.status.ok()) << o.status.ToString();
  EXPECT_EQ(o.progress.blocks, 5u);
  // Blocks 4 and 5: 2 tx signatures; block 4's carried certificate and the
  // one sent with it (2 each), block 5's carried one.
  EXPECT_EQ(o.progress.signatures, 2u + 2u * 3);
  // A damaged result below --from is still found: replay runs from genesis.
  auto stream = l.Stream();
  stream[0].mutable_block()->mutable_results(0)->set_created_id(7);
  o = Verify(l, stream, {.from_height = 4});
  ASSERT_TRUE(o.failure);
  EXPECT_EQ(o.failure->height, 1u);
  EXPECT_EQ(o.failure->check, "result");
}

// ---- offline retirement certificates -------------------------------------

audit::RetirementCertificate CertificateOf(const CertifiedLedger& l, uint64_t height,
                                           uint32_t index, uint64_t retirement_id) {
  const v1::Block& block = l.blocks()[height - 1];
  const v1::Commit* next = height < l.blocks().size() ? &l.blocks()[height].last_commit() : nullptr;
  auto proof = BuildTxProof(DefaultSuite(), block, index, next);
  EXPECT_TRUE(proof.ok());
  audit::RetirementCertificate cert;
  cert.retirement_id = retirement_id;
  cert.chain_id = l.chain().params().chain_id;
  cert.proof = *proof;
  cert.genesis_json = GenesisToJson(l.chain().spec());
  return cert;
}

TEST(RetirementCertificate, VerifiesOfflineAndSaysWhatItProves) {
  CertifiedLedger l;
  BuildSample(l);
  auto cert = CertificateOf(l, 3, 0, 1);
  // Through the file format and back.
  auto parsed = audit::ParseRetirementCertificate(audit::RetirementCertificateToJson(cert));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  auto v = audit::VerifyRetirementCertificate(*parsed, l.genesis_hash(), nullptr);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->signers, 2u);
  EXPECT_EQ(v->voters, 3u);
  EXPECT_NE(v->statement.find("retirement 1: 500 kg retired by 'alice'"), std::string::npos)
      << v->statement;
  EXPECT_NE(v->statement.find("in block 3"), std::string::npos);
  EXPECT_NE(v->statement.find("certified by 2 of 3 voters"), std::string::npos);
  // The same with the voters from a membership file.
  audit::Membership m{l.chain().params().chain_id, l.genesis_hash(), 3, {}};
  auto voters = LoadVoters(l.state());
  ASSERT_TRUE(voters.ok());
  m.voters = *voters;
  auto parsed_m = audit::ParseMembership(audit::MembershipToJson(m));
  ASSERT_TRUE(parsed_m.ok()) << parsed_m.status().ToString();
  cert.genesis_json.clear();
  EXPECT_TRUE(audit::VerifyRetirementCertificate(cert, l.genesis_hash(), &*parsed_m).ok());
}

TEST(RetirementCertificate, EveryTamperedFieldFails) {
  CertifiedLedger l;
  BuildSample(l);
  const auto good = CertificateOf(l, 3, 0, 1);
  std::vector<std::pair<std::string, std::function<void(audit::RetirementCertificate&)>>> cases = {
      {"retirement id", [](auto& c) { c.retirement_id = 2; }},
      {"chain id", [](auto& c) { c.chain_id = "lincao-other"; }},
      {"tx bytes", [](auto& c) { (*c.proof.mutable_tx()->mutable_tx())[10] ^= 1; }},
      {"result code", [](auto& c) { c.proof.mutable_result()->set_code(v1::INSUFFICIENT_UNITS); }},
      {"created id", [](auto& c) { c.proof.mutable_result()->set_created_id(9); }},
      {"header state_root",
       [](auto& c) { (*c.proof.mutable_header()->mutable_state_root())[0] ^= 1; }},
      {"header height", [](auto& c) { c.proof.mutable_header()->set_height(4); }},
      {"tx path", [](auto& c) { (*c.proof.mutable_tx_path(0))[0] ^= 1; }},
      {"certificate signature",
       [](auto& c) {
         (*c.proof.mutable_certificate()->mutable_signatures(0)->mutable_signature())[1] ^= 1;
       }},
      {"certificate minority",
       [](auto& c) { c.proof.mutable_certificate()->mutable_signatures()->RemoveLast(); }},
      {"bundled record holder",
       [](auto& c) {
         c.record.set_id(1);
         c.record.set_holder("bob");
       }},
  };
  for (auto& [name, tamper] : cases) {
    SCOPED_TRACE(name);
    auto cert = good;
    tamper(cert);
    if (name == "tx path" && cert.proof.tx_path_size() == 0) continue;
    if (name == "header height") cert.proof.set_block_hash("");  // recomputed anyway
    auto v = audit::VerifyRetirementCertificate(cert, l.genesis_hash(), nullptr);
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.status().code(), v1::CERTIFICATE_INVALID) << v.status().ToString();
  }
  // No certificate yet: pending, not invalid.
  auto pending = good;
  pending.proof.clear_certificate();
  EXPECT_EQ(audit::VerifyRetirementCertificate(pending, l.genesis_hash(), nullptr).status().code(),
            v1::CERTIFICATE_PENDING);
}

// Another chain: same chain id and cast, other voters. Its certificate
// fails both with its own bundled genesis (not the trusted hash) and with
// our membership file (its header commits to other voters).
TEST(RetirementCertificate, ACertificateOfAnotherChainFails) {
  CertifiedLedger ours;
  BuildSample(ours);
  testing::ChainOptions other_options = CertifiedLedger::ThreeVoters();
  other_options.nodes = {"node-4", "node-5", "node-6"};
  CertifiedLedger theirs(other_options);
  TestChain& c = theirs.chain();
  theirs.Add({c.IssueTx("registrar", "owner-a", 10000)});
  theirs.Add({c.TransferTx("owner-a", "alice", 4000)});
  theirs.Add({c.RetireTx("alice", 500)});
  // CertifyHead signs with node-1 and node-2, who are not voters here: use
  // a certificate by its own voters instead.
  auto cert = CertificateOf(theirs, 3, 0, 1);
  v1::Commit own = theirs.CertifyHead({"node-4", "node-5"});
  *cert.proof.mutable_certificate() = own;
  ASSERT_TRUE(audit::VerifyRetirementCertificate(cert, theirs.genesis_hash(), nullptr).ok());

  auto v = audit::VerifyRetirementCertificate(cert, ours.genesis_hash(), nullptr);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), v1::CERTIFICATE_INVALID);
  EXPECT_NE(v.status().message().find("another chain"), std::string::npos);

  audit::Membership m{ours.chain().params().chain_id, ours.genesis_hash(), 3, {}};
  auto voters = LoadVoters(ours.state());
  ASSERT_TRUE(voters.ok());
  m.voters = *voters;
  v = audit::VerifyRetirementCertificate(cert, ours.genesis_hash(), &m);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), v1::CERTIFICATE_INVALID);
  EXPECT_NE(v.status().message().find("membership_hash"), std::string::npos);
}

}  // namespace
}  // namespace lincao
