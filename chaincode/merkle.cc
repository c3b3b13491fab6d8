#include "chaincode/merkle.h"

namespace lincao {
namespace {

constexpr char kLeafPrefix[] = {0x00};
constexpr char kNodePrefix[] = {0x01};

Hash32 NodeHash(const SignatureSuite& suite, const Hash32& l, const Hash32& r) {
  return suite.Hash({std::string_view(kNodePrefix, 1), AsView(l), AsView(r)});
}

// Largest power of two strictly less than n (n >= 2).
size_t SplitPoint(size_t n) {
  size_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

Hash32 SubtreeRoot(const SignatureSuite& suite, const Hash32* leaves, size_t n) {
  if (n == 1) return leaves[0];
  size_t k = SplitPoint(n);
  return NodeHash(suite, SubtreeRoot(suite, leaves, k), SubtreeRoot(suite, leaves + k, n - k));
}

void SubtreeProof(const SignatureSuite& suite, const Hash32* leaves, size_t n, size_t index,
                  std::vector<Hash32>& out) {
  if (n <= 1) return;
  size_t k = SplitPoint(n);
  if (index < k) {
    SubtreeProof(suite, leaves, k, index, out);
    out.push_back(SubtreeRoot(suite, leaves + k, n - k));
  } else {
    SubtreeProof(suite, leaves + k, n - k, index - k, out);
    out.push_back(SubtreeRoot(suite, leaves, k));
  }
}

}  // namespace

Hash32 MerkleLeafHash(const SignatureSuite& suite, std::string_view data) {
  return suite.Hash({std::string_view(kLeafPrefix, 1), data});
}

Hash32 MerkleRoot(const SignatureSuite& suite, const std::vector<Hash32>& leaf_hashes) {
  if (leaf_hashes.empty()) return suite.Hash(std::string_view());
  return SubtreeRoot(suite, leaf_hashes.data(), leaf_hashes.size());
}

std::vector<Hash32> MerkleProof(const SignatureSuite& suite, const std::vector<Hash32>& leaf_hashes,
                                size_t index) {
  std::vector<Hash32> out;
  if (index < leaf_hashes.size()) {
    SubtreeProof(suite, leaf_hashes.data(), leaf_hashes.size(), index, out);
  }
  return out;
}

bool VerifyMerkleProof(const SignatureSuite& suite, const Hash32& leaf_hash, size_t index,
                       size_t tree_size, const std::vector<Hash32>& proof, const Hash32& root) {
  // Walk down to find, level by level, which side the sibling sits on, then
  // fold the proof from the leaf upwards (RFC 9162 section 2.1.3.2 in spirit).
  if (index >= tree_size) return false;
  std::vector<bool> sibling_on_right;  // top-down
  size_t n = tree_size, i = index;
  while (n > 1) {
    size_t k = SplitPoint(n);
    if (i < k) {
      sibling_on_right.push_back(true);
      n = k;
    } else {
      sibling_on_right.push_back(false);
      i -= k;
      n -= k;
    }
  }
  if (sibling_on_right.size() != proof.size()) return false;
  Hash32 h = leaf_hash;
  for (size_t level = 0; level < proof.size(); ++level) {
    bool right = sibling_on_right[sibling_on_right.size() - 1 - level];
    h = right ? NodeHash(suite, h, proof[level]) : NodeHash(suite, proof[level], h);
  }
  return h == root;
}

}  // namespace lincao
