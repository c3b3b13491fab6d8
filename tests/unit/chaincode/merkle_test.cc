// RFC 6962-style Merkle trees: roots, proofs for every index of trees of
// size 1..17, and rejection of tampered proofs, wrong indexes and sizes.
#include <gtest/gtest.h>

#include "chaincode/merkle.h"
#include "tests/unit/chaincode/test_chain.h"

namespace lincao {
namespace {

std::vector<Hash32> Leaves(size_t n) {
  std::vector<Hash32> out;
  for (size_t i = 0; i < n; ++i) {
    out.push_back(MerkleLeafHash(DefaultSuite(), testing::Cat("leaf data ", i)));
  }
  return out;
}

// Reference root written from RFC 6962 section 2.1 directly (recursion on
// the largest power of two below n), to compare against the library.
Hash32 ReferenceRoot(const std::vector<Hash32>& l, size_t begin, size_t end) {
  const SignatureSuite& s = DefaultSuite();
  size_t n = end - begin;
  if (n == 0) return s.Hash("");
  if (n == 1) return l[begin];
  size_t k = 1;
  while (k < n) k <<= 1;
  k >>= 1;
  Hash32 left = ReferenceRoot(l, begin, begin + k);
  Hash32 right = ReferenceRoot(l, begin + k, end);
  return s.Hash({"\x01", AsView(left), AsView(right)});
}

TEST(Merkle, RootMatchesReference) {
  for (size_t n = 0; n <= 33; ++n) {
    auto l = Leaves(n);
    EXPECT_EQ(MerkleRoot(DefaultSuite(), l), ReferenceRoot(l, 0, n)) << "n=" << n;
  }
}

TEST(Merkle, LeafAndNodeHashesDiffer) {
  // A leaf whose data is two hashes must not collide with the interior node
  // over those hashes: the prefixes make them differ.
  const SignatureSuite& s = DefaultSuite();
  auto l = Leaves(2);
  Bytes concat = AsBytes(l[0]) + AsBytes(l[1]);
  EXPECT_NE(MerkleLeafHash(s, concat), MerkleRoot(s, l));
}

TEST(Merkle, RootDependsOnOrderAndEveryLeaf) {
  const SignatureSuite& s = DefaultSuite();
  auto l = Leaves(7);
  Hash32 root = MerkleRoot(s, l);
  auto swapped = l;
  std::swap(swapped[2], swapped[3]);
  EXPECT_NE(MerkleRoot(s, swapped), root);
  for (size_t i = 0; i < l.size(); ++i) {
    auto changed = l;
    changed[i][31] ^= 1;
    EXPECT_NE(MerkleRoot(s, changed), root) << i;
  }
  // Appending a leaf changes the root (no second-preimage by extension).
  auto longer = l;
  longer.push_back(l.back());
  EXPECT_NE(MerkleRoot(s, longer), root);
}

TEST(Merkle, ProofsVerifyForEveryIndexOfSizes1To17) {
  const SignatureSuite& s = DefaultSuite();
  for (size_t n = 1; n <= 17; ++n) {
    auto l = Leaves(n);
    Hash32 root = MerkleRoot(s, l);
    for (size_t i = 0; i < n; ++i) {
      SCOPED_TRACE(testing::Cat("n=", n, " i=", i));
      auto proof = MerkleProof(s, l, i);
      // Path length is the depth of leaf i: at most ceil(log2 n).
      size_t max_depth = 0;
      while ((size_t{1} << max_depth) < n) ++max_depth;
      EXPECT_LE(proof.size(), max_depth);
      EXPECT_TRUE(VerifyMerkleProof(s, l[i], i, n, proof, root));

      // Wrong leaf.
      Hash32 other = MerkleLeafHash(s, "not in the tree");
      EXPECT_FALSE(VerifyMerkleProof(s, other, i, n, proof, root));
      // Wrong root.
      Hash32 bad_root = root;
      bad_root[0] ^= 0x80;
      EXPECT_FALSE(VerifyMerkleProof(s, l[i], i, n, proof, bad_root));
      // Every tampered sibling.
      for (size_t p = 0; p < proof.size(); ++p) {
        auto tampered = proof;
        tampered[p][5] ^= 1;
        EXPECT_FALSE(VerifyMerkleProof(s, l[i], i, n, tampered, root)) << "sibling " << p;
      }
      // Truncated or extended proof.
      if (!proof.empty()) {
        auto shorter = proof;
        shorter.pop_back();
        EXPECT_FALSE(VerifyMerkleProof(s, l[i], i, n, shorter, root));
      }
      auto longer = proof;
      longer.push_back(root);
      EXPECT_FALSE(VerifyMerkleProof(s, l[i], i, n, longer, root));
      // Every other index with this leaf and proof.
      for (size_t j = 0; j < n; ++j) {
        if (j == i) continue;
        EXPECT_FALSE(VerifyMerkleProof(s, l[i], j, n, proof, root)) << "index " << j;
      }
      // Out-of-range index. (The tree size itself is not bound by a path:
      // verifiers take it from the block, which states how many txs it has.)
      EXPECT_FALSE(VerifyMerkleProof(s, l[i], n, n, proof, root));
    }
  }
}

TEST(Merkle, ProofOutOfRangeIsEmptyAndEmptyTreeProvesNothing) {
  const SignatureSuite& s = DefaultSuite();
  auto l = Leaves(4);
  EXPECT_TRUE(MerkleProof(s, l, 4).empty());
  EXPECT_FALSE(VerifyMerkleProof(s, l[0], 0, 0, {}, MerkleRoot(s, {})));
}

}  // namespace
}  // namespace lincao
