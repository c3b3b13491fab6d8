// Block-level hashing: the canonical header encoding and block hash, the
// commit certificate's hash and signing message, the membership hash, and
// the leaves of txs_root and results_root. Pinned by test vectors in
// tests/unit/chaincode/vectors_test.cc: any change here is a format change.
#pragma once

#include <vector>

#include "chaincode/bytes.h"
#include "chaincode/records.h"
#include "chaincode/state_view.h"
#include "chaincode/suite.h"
#include "lincao/v1/block.pb.h"

namespace lincao {

Bytes EncodeHeader(const v1::BlockHeader& header);
// H("lincao/block/v1" || EncodeHeader(header))
Hash32 BlockHash(const SignatureSuite& suite, const v1::BlockHeader& header);

// H("lincao/commit-cert/v1" || canonical commit)
Hash32 CommitHash(const SignatureSuite& suite, const v1::Commit& commit);
// What each voting node signs for block `height` with hash `hash`.
Bytes CommitSigningMessage(std::string_view chain_id, uint64_t height, const Hash32& hash);

// H("lincao/members/v1" || voting node records in id order).
Hash32 MembershipHash(const SignatureSuite& suite, const std::vector<NodeRecord>& voters);
// Every node record (voters and learners) in id order; INTERNAL when one
// does not decode.
Result<std::vector<NodeRecord>> LoadNodes(const StateReader& state);
// Voting nodes in id order; INTERNAL when a node record does not decode.
Result<std::vector<NodeRecord>> LoadVoters(const StateReader& state);

// H("lincao/writes/v1" || write set in key order).
Hash32 WriteSetHash(const SignatureSuite& suite, const WriteSet& writes);

// Leaf data of results_root for one tx.
Bytes ResultLeafData(const v1::TxResult& result);
// Leaf data of txs_root for one tx: the tx bytes exactly as signed and each
// signature, framed canonically (never protobuf re-serialization, which is
// not guaranteed stable across protobuf versions).
Bytes SignedTxLeafData(const v1::SignedTx& stx);

Hash32 TxsRoot(const SignatureSuite& suite,
               const google::protobuf::RepeatedPtrField<v1::SignedTx>& txs);
Hash32 ResultsRoot(const SignatureSuite& suite,
                   const google::protobuf::RepeatedPtrField<v1::TxResult>& results);

}  // namespace lincao
