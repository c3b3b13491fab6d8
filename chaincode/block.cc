#include "chaincode/block.h"

#include "chaincode/canonical.h"
#include "chaincode/merkle.h"

namespace lincao {

Bytes EncodeHeader(const v1::BlockHeader& h) {
  return CanonicalWriter()
      .Str("lincao/header/v1")
      .Str(h.chain_id())
      .U64(h.height())
      .Str(h.prev_hash())
      .U64(h.time_ms())
      .Str(h.proposer())
      .Str(h.txs_root())
      .Str(h.results_root())
      .Str(h.state_root())
      .Str(h.membership_hash())
      .U32(h.chaincode_version())
      .Str(h.last_commit_hash())
      .Take();
}

Hash32 BlockHash(const SignatureSuite& suite, const v1::BlockHeader& header) {
  return suite.Hash({"lincao/block/v1", EncodeHeader(header)});
}

Hash32 CommitHash(const SignatureSuite& suite, const v1::Commit& commit) {
  CanonicalWriter w;
  w.U64(commit.height()).Str(commit.block_hash()).U32(commit.signatures_size());
  for (const auto& s : commit.signatures()) {
    w.Str(s.node_id()).U32(static_cast<uint32_t>(s.suite())).Str(s.signature());
  }
  return suite.Hash({"lincao/commit-cert/v1", w.bytes()});
}

Bytes CommitSigningMessage(std::string_view chain_id, uint64_t height, const Hash32& hash) {
  return CanonicalWriter()
      .Str("lincao/commit/v1")
      .Str(chain_id)
      .U64(height)
      .Raw(AsView(hash))
      .Take();
}

Result<std::vector<NodeRecord>> LoadNodes(const StateReader& state) {
  std::vector<NodeRecord> out;
  bool corrupt = false;
  state.Scan(keys::NodePrefix(), [&](std::string_view, std::string_view value) {
    NodeRecord n;
    if (!NodeRecord::Decode(value, &n)) {
      corrupt = true;
      return false;
    }
    out.push_back(std::move(n));
    return true;
  });
  if (corrupt) return Status(v1::INTERNAL, "a stored node record does not decode");
  return out;
}

Result<std::vector<NodeRecord>> LoadVoters(const StateReader& state) {
  auto nodes = LoadNodes(state);
  if (!nodes.ok()) return nodes.status();
  std::vector<NodeRecord> voters;
  for (auto& n : *nodes) {
    if (n.voter) voters.push_back(std::move(n));
  }
  return voters;
}

Hash32 MembershipHash(const SignatureSuite& suite, const std::vector<NodeRecord>& voters) {
  CanonicalWriter w;
  w.U32(static_cast<uint32_t>(voters.size()));
  for (const auto& n : voters) w.Str(n.Encode());
  return suite.Hash({"lincao/members/v1", w.bytes()});
}

Hash32 WriteSetHash(const SignatureSuite& suite, const WriteSet& writes) {
  CanonicalWriter w;
  w.U32(static_cast<uint32_t>(writes.size()));
  for (const auto& [key, value] : writes) {
    w.Str(key).Bool(value.has_value());
    if (value) w.Str(*value);
  }
  return suite.Hash({"lincao/writes/v1", w.bytes()});
}

Bytes ResultLeafData(const v1::TxResult& result) {
  return CanonicalWriter()
      .Str(result.tx_id())
      .U32(static_cast<uint32_t>(result.code()))
      .Str(result.writes_hash())
      .U64(result.created_id())
      .Take();
}

Bytes SignedTxLeafData(const v1::SignedTx& stx) {
  CanonicalWriter w;
  w.Str(stx.tx()).U32(static_cast<uint32_t>(stx.signatures_size()));
  for (const auto& sig : stx.signatures()) {
    w.Str(sig.account())
        .U32(sig.key_id())
        .U32(static_cast<uint32_t>(sig.suite()))
        .Str(sig.signature());
  }
  return w.Take();
}

Hash32 TxsRoot(const SignatureSuite& suite,
               const google::protobuf::RepeatedPtrField<v1::SignedTx>& txs) {
  std::vector<Hash32> leaves;
  leaves.reserve(txs.size());
  for (const auto& t : txs) leaves.push_back(MerkleLeafHash(suite, SignedTxLeafData(t)));
  return MerkleRoot(suite, leaves);
}

Hash32 ResultsRoot(const SignatureSuite& suite,
                   const google::protobuf::RepeatedPtrField<v1::TxResult>& results) {
  std::vector<Hash32> leaves;
  leaves.reserve(results.size());
  for (const auto& r : results) leaves.push_back(MerkleLeafHash(suite, ResultLeafData(r)));
  return MerkleRoot(suite, leaves);
}

}  // namespace lincao
