// Inclusion proofs as the Audit service builds them and an auditor checks
// them (chaincode/audit_proofs.h): every position of blocks of several
// sizes verifies, and any change to a leaf, a path, the header or the
// certificate is caught.
#include "chaincode/audit_proofs.h"

#include <gtest/gtest.h>

#include "chaincode/block.h"

namespace lincao {
namespace {

v1::Block MakeBlock(const SignatureSuite& suite, size_t n) {
  v1::Block b;
  for (size_t i = 0; i < n; ++i) {
    v1::SignedTx* tx = b.add_txs();
    tx->set_tx("tx bytes " + std::to_string(i));
    v1::Signature* sig = tx->add_signatures();
    sig->set_account("auditor-1");
    sig->set_signature(std::string(64, static_cast<char>('a' + i)));
    v1::TxResult* r = b.add_results();
    r->set_tx_id(AsBytes(suite.Hash(tx->tx())));
    r->set_code(i % 2 ? v1::SELF_TRANSFER : v1::OK);
    r->set_writes_hash(std::string(32, 'w'));
    r->set_created_id(i);
  }
  v1::BlockHeader* h = b.mutable_header();
  h->set_chain_id("lincao-proof-test");
  h->set_height(5);
  h->set_prev_hash(std::string(32, 'p'));
  h->set_state_root(std::string(32, 's'));
  h->set_txs_root(AsBytes(TxsRoot(suite, b.txs())));
  h->set_results_root(AsBytes(ResultsRoot(suite, b.results())));
  return b;
}

v1::Commit CertificateFor(const SignatureSuite& suite, const v1::Block& b) {
  v1::Commit c;
  c.set_height(b.header().height());
  c.set_block_hash(AsBytes(BlockHash(suite, b.header())));
  c.add_signatures()->set_node_id("node-1");
  return c;
}

TEST(AuditProofs, EveryPositionOfEverySizeVerifies) {
  ASSERT_TRUE(InitCrypto());
  const SignatureSuite& suite = DefaultSuite();
  for (size_t n : {1u, 2u, 3u, 5u, 8u, 13u}) {
    v1::Block b = MakeBlock(suite, n);
    v1::Commit cert = CertificateFor(suite, b);
    for (uint32_t i = 0; i < n; ++i) {
      auto proof = BuildTxProof(suite, b, i, i % 2 ? &cert : nullptr);
      ASSERT_TRUE(proof.ok());
      auto check = CheckTxProof(suite, *proof);
      ASSERT_TRUE(check.ok()) << "n=" << n << " i=" << i << ": " << check.status().ToString();
      EXPECT_EQ(check->tx_id, suite.Hash(b.txs(i).tx()));
      EXPECT_EQ(check->height, 5u);
      EXPECT_EQ(check->result_code, b.results(i).code());
      EXPECT_EQ(check->certified, i % 2 == 1);
    }
  }
  EXPECT_FALSE(BuildTxProof(suite, MakeBlock(suite, 3), 3, nullptr).ok());
}

TEST(AuditProofs, AnyTamperingIsCaught) {
  ASSERT_TRUE(InitCrypto());
  const SignatureSuite& suite = DefaultSuite();
  v1::Block b = MakeBlock(suite, 5);
  v1::Commit cert = CertificateFor(suite, b);
  const v1::TxProof good = *BuildTxProof(suite, b, 2, &cert);
  ASSERT_EQ(good.tx_path_size(), 3);  // 5 leaves: index 2 is three levels deep

  std::vector<std::pair<std::string, std::function<void(v1::TxProof&)>>> tampers = {
      {"tx path", [](v1::TxProof& p) { (*p.mutable_tx_path(0))[0] ^= 1; }},
      {"short tx path", [](v1::TxProof& p) { p.mutable_tx_path()->RemoveLast(); }},
      {"result path", [](v1::TxProof& p) { (*p.mutable_result_path(1))[5] ^= 1; }},
      {"tx bytes", [](v1::TxProof& p) { p.mutable_tx()->set_tx("other bytes"); }},
      {"signature",
       [](v1::TxProof& p) {
         (*p.mutable_tx()->mutable_signatures(0)->mutable_signature())[0] ^= 1;
       }},
      {"result code", [](v1::TxProof& p) { p.mutable_result()->set_code(v1::INSUFFICIENT_UNITS); }},
      {"created id", [](v1::TxProof& p) { p.mutable_result()->set_created_id(99); }},
      {"index", [](v1::TxProof& p) { p.set_index(3); }},
      {"tree size", [](v1::TxProof& p) { p.set_tx_count(4); }},
      {"header", [](v1::TxProof& p) { p.mutable_header()->set_time_ms(1); }},
      {"certificate", [](v1::TxProof& p) { p.mutable_certificate()->set_height(4); }},
  };
  for (auto& [name, tamper] : tampers) {
    v1::TxProof p = good;
    tamper(p);
    auto check = CheckTxProof(suite, p);
    EXPECT_FALSE(check.ok()) << name;
    if (!check.ok()) {
      EXPECT_EQ(check.status().code(), v1::PROOF_INVALID) << name;
    }
  }
  // The human message is not hashed: changing it changes nothing.
  v1::TxProof p = good;
  p.mutable_result()->set_message("anything");
  EXPECT_TRUE(CheckTxProof(suite, p).ok());
}

TEST(AuditProofs, StateRootInfoMatchesItsHeader) {
  ASSERT_TRUE(InitCrypto());
  const SignatureSuite& suite = DefaultSuite();
  v1::Block b = MakeBlock(suite, 2);
  v1::Commit cert = CertificateFor(suite, b);
  v1::StateRootInfo info = BuildStateRootInfo(suite, b.header(), &cert);
  EXPECT_TRUE(CheckStateRootInfo(suite, info).ok());
  v1::StateRootInfo other_root = info;
  other_root.set_state_root(std::string(32, 'x'));
  EXPECT_EQ(CheckStateRootInfo(suite, other_root).code(), v1::PROOF_INVALID);
  v1::StateRootInfo other_header = info;
  other_header.mutable_header()->set_state_root(std::string(32, 'x'));
  EXPECT_EQ(CheckStateRootInfo(suite, other_header).code(), v1::PROOF_INVALID);
  // The certificate of block 4 says nothing about block 5.
  v1::Commit wrong = cert;
  wrong.set_height(4);
  EXPECT_EQ(CheckStateRootInfo(suite, BuildStateRootInfo(suite, b.header(), &wrong)).code(),
            v1::PROOF_INVALID);
  // Only a non-empty certificate of this height is taken from the next block.
  v1::Block next;
  EXPECT_EQ(CertificateOf(5, &next), nullptr);
  *next.mutable_last_commit() = cert;
  EXPECT_EQ(CertificateOf(5, &next), &next.last_commit());
  EXPECT_EQ(CertificateOf(6, &next), nullptr);
}

}  // namespace
}  // namespace lincao
