// What an auditor checks in the Audit service's answers, and how the node
// builds them: inclusion proofs of a transaction and its result in their
// block (docs/formats.md, "Inclusion proofs"), and a block's commitments.
// The checks use only the answer itself and formats.md's hashes: the answer
// is tied to a block hash, which the auditor then compares with the chain
// it verified from the genesis hash (or with a certificate it trusts).
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

#include "chaincode/bytes.h"
#include "chaincode/status.h"
#include "chaincode/suite.h"
#include "lincao/v1/audit.pb.h"

namespace lincao {

// The inclusion proof of transaction `index` of `block`. `certificate` (the
// next block's last_commit) is copied in when it is non-empty and names
// this block's height. INVALID_ARGUMENT when `index` is past the end.
Result<v1::TxProof> BuildTxProof(const SignatureSuite& suite, const v1::Block& block,
                                 uint32_t index, const v1::Commit* certificate);

// The commitments of `header` for GetStateRoot, same rule for `certificate`.
v1::StateRootInfo BuildStateRootInfo(const SignatureSuite& suite, const v1::BlockHeader& header,
                                     const v1::Commit* certificate);

// The certificate of block `height`, taken from the next block's
// last_commit: nullptr when it certifies nothing (the empty certificate) or
// another height.
const v1::Commit* CertificateOf(uint64_t height, const v1::Block* next_block);

// What a checked proof established.
struct ProofCheck {
  Hash32 tx_id{};
  Hash32 block_hash{};
  uint64_t height = 0;
  uint32_t index = 0;
  uint32_t tx_count = 0;
  ErrorCode result_code = v1::OK;
  bool certified = false;         // a certificate naming this block came with the proof
  uint32_t certificate_sigs = 0;  // its signatures (not checked against membership here)
};

// Checks `proof` from its own content: the header hashes to the block hash
// it claims, the transaction's leaf folds along tx_path to txs_root, the
// result belongs to that transaction and folds along result_path to
// results_root, and a certificate, if any, names this block. PROOF_INVALID
// naming the first check that failed.
Result<ProofCheck> CheckTxProof(const SignatureSuite& suite, const v1::TxProof& proof);

// Checks that `info` is consistent: the header hashes to block_hash and
// carries the height and roots stated, and a certificate, if any, names this
// block. PROOF_INVALID naming the first mismatch.
Status CheckStateRootInfo(const SignatureSuite& suite, const v1::StateRootInfo& info);

}  // namespace lincao
