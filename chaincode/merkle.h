// Merkle trees in the style of RFC 6962 (Certificate Transparency): leaves
// are hashed as H(0x00 || data), interior nodes as H(0x01 || left || right),
// the tree over n > 1 leaves splits at the largest power of two below n, and
// the empty tree's root is H(""). The distinct prefixes make a leaf
// impossible to pass off as an interior node, so inclusion proofs are sound.
#pragma once

#include <string_view>
#include <vector>

#include "chaincode/bytes.h"
#include "chaincode/suite.h"

namespace lincao {

Hash32 MerkleLeafHash(const SignatureSuite& suite, std::string_view data);
Hash32 MerkleRoot(const SignatureSuite& suite, const std::vector<Hash32>& leaf_hashes);

// Audit path for leaf `index` (siblings from the leaf upwards).
std::vector<Hash32> MerkleProof(const SignatureSuite& suite, const std::vector<Hash32>& leaf_hashes,
                                size_t index);
bool VerifyMerkleProof(const SignatureSuite& suite, const Hash32& leaf_hash, size_t index,
                       size_t tree_size, const std::vector<Hash32>& proof, const Hash32& root);

}  // namespace lincao
