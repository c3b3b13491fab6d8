#include "chaincode/audit_proofs.h"

#include "chaincode/block.h"
#include "chaincode/merkle.h"

namespace lincao {
namespace {

Status Invalid(const std::string& what) { return Status(v1::PROOF_INVALID, what); }

// Leaf hashes of the two trees, in block order.
std::vector<Hash32> TxLeaves(const SignatureSuite& suite, const v1::Block& block) {
  std::vector<Hash32> out;
  out.reserve(block.txs_size());
  for (const auto& tx : block.txs()) out.push_back(MerkleLeafHash(suite, SignedTxLeafData(tx)));
  return out;
}

std::vector<Hash32> ResultLeaves(const SignatureSuite& suite, const v1::Block& block) {
  std::vector<Hash32> out;
  out.reserve(block.results_size());
  for (const auto& r : block.results()) out.push_back(MerkleLeafHash(suite, ResultLeafData(r)));
  return out;
}

std::optional<std::vector<Hash32>> ParsePath(
    const google::protobuf::RepeatedPtrField<std::string>& path) {
  std::vector<Hash32> out;
  for (const std::string& h : path) {
    auto hash = ToHash32(h);
    if (!hash) return std::nullopt;
    out.push_back(*hash);
  }
  return out;
}

// A certificate in an answer must name the answered block; its signatures
// are checked against the membership by whoever holds it.
Status CheckCertificateNames(const v1::Commit& cert, uint64_t height, const Hash32& block_hash) {
  if (cert.height() != height || cert.block_hash() != AsView(block_hash)) {
    return Invalid("the certificate names block " + std::to_string(cert.height()) + " " +
                   ToHex(cert.block_hash()) + ", not block " + std::to_string(height) + " " +
                   ToHex(block_hash));
  }
  return Status::Ok();
}

}  // namespace

const v1::Commit* CertificateOf(uint64_t height, const v1::Block* next_block) {
  if (next_block == nullptr) return nullptr;
  const v1::Commit& c = next_block->last_commit();
  if (c.signatures_size() == 0 || c.height() != height) return nullptr;
  return &c;
}

Result<v1::TxProof> BuildTxProof(const SignatureSuite& suite, const v1::Block& block,
                                 uint32_t index, const v1::Commit* certificate) {
  if (index >= static_cast<uint32_t>(block.txs_size()) ||
      block.txs_size() != block.results_size()) {
    return Status(v1::INVALID_ARGUMENT, "block " + std::to_string(block.header().height()) +
                                            " has no transaction at index " +
                                            std::to_string(index));
  }
  v1::TxProof p;
  *p.mutable_header() = block.header();
  p.set_block_hash(AsBytes(BlockHash(suite, block.header())));
  p.set_index(index);
  p.set_tx_count(static_cast<uint32_t>(block.txs_size()));
  *p.mutable_tx() = block.txs(index);
  for (const Hash32& h : MerkleProof(suite, TxLeaves(suite, block), index)) {
    p.add_tx_path(AsBytes(h));
  }
  *p.mutable_result() = block.results(index);
  for (const Hash32& h : MerkleProof(suite, ResultLeaves(suite, block), index)) {
    p.add_result_path(AsBytes(h));
  }
  if (certificate != nullptr) *p.mutable_certificate() = *certificate;
  return p;
}

v1::StateRootInfo BuildStateRootInfo(const SignatureSuite& suite, const v1::BlockHeader& header,
                                     const v1::Commit* certificate) {
  v1::StateRootInfo info;
  info.set_height(header.height());
  info.set_block_hash(AsBytes(BlockHash(suite, header)));
  info.set_state_root(header.state_root());
  info.set_results_root(header.results_root());
  info.set_txs_root(header.txs_root());
  *info.mutable_header() = header;
  if (certificate != nullptr) *info.mutable_certificate() = *certificate;
  return info;
}

Result<ProofCheck> CheckTxProof(const SignatureSuite& suite, const v1::TxProof& proof) {
  ProofCheck out;
  const v1::BlockHeader& h = proof.header();
  out.block_hash = BlockHash(suite, h);
  out.height = h.height();
  out.index = proof.index();
  out.tx_count = proof.tx_count();
  if (!proof.block_hash().empty() && proof.block_hash() != AsView(out.block_hash)) {
    return Invalid("the header hashes to " + ToHex(out.block_hash) + ", not to the block hash " +
                   ToHex(proof.block_hash()) + " the proof states");
  }
  if (proof.tx_count() == 0 || proof.index() >= proof.tx_count()) {
    return Invalid("index " + std::to_string(proof.index()) + " is not inside a block of " +
                   std::to_string(proof.tx_count()) + " transactions");
  }
  auto txs_root = ToHash32(h.txs_root());
  auto results_root = ToHash32(h.results_root());
  if (!txs_root || !results_root) return Invalid("the header's roots are not 32 bytes");
  auto tx_path = ParsePath(proof.tx_path());
  auto result_path = ParsePath(proof.result_path());
  if (!tx_path || !result_path) return Invalid("a path element is not 32 bytes");

  const Hash32 tx_leaf = MerkleLeafHash(suite, SignedTxLeafData(proof.tx()));
  if (!VerifyMerkleProof(suite, tx_leaf, proof.index(), proof.tx_count(), *tx_path, *txs_root)) {
    return Invalid("the transaction's leaf does not fold along tx_path to the header's txs_root");
  }
  out.tx_id = suite.Hash(proof.tx().tx());
  if (proof.result().tx_id() != AsView(out.tx_id)) {
    return Invalid("the result is for tx " + ToHex(proof.result().tx_id()) + ", not for tx " +
                   ToHex(out.tx_id));
  }
  const Hash32 result_leaf = MerkleLeafHash(suite, ResultLeafData(proof.result()));
  if (!VerifyMerkleProof(suite, result_leaf, proof.index(), proof.tx_count(), *result_path,
                         *results_root)) {
    return Invalid(
        "the result's leaf does not fold along result_path to the header's "
        "results_root");
  }
  out.result_code = proof.result().code();
  if (proof.has_certificate()) {
    LINCAO_RETURN_IF_ERROR(CheckCertificateNames(proof.certificate(), out.height, out.block_hash));
    out.certified = true;
    out.certificate_sigs = static_cast<uint32_t>(proof.certificate().signatures_size());
  }
  return out;
}

Status CheckStateRootInfo(const SignatureSuite& suite, const v1::StateRootInfo& info) {
  const v1::BlockHeader& h = info.header();
  const Hash32 hash = BlockHash(suite, h);
  if (info.block_hash() != AsView(hash)) {
    return Invalid("the header hashes to " + ToHex(hash) + ", not to the stated block hash " +
                   ToHex(info.block_hash()));
  }
  if (info.height() != h.height() || info.state_root() != h.state_root() ||
      info.results_root() != h.results_root() || info.txs_root() != h.txs_root()) {
    return Invalid("the stated height or roots differ from the header's");
  }
  if (info.has_certificate()) {
    return CheckCertificateNames(info.certificate(), info.height(), hash);
  }
  return Status::Ok();
}

}  // namespace lincao
