#include "node/commit_votes.h"

#include <algorithm>

#include "chaincode/block.h"

namespace lincao::node {

v1::CommitVote SignCommitVote(const SignatureSuite& suite, const std::string& chain_id,
                              const std::string& node_id, v1::Suite key_suite,
                              const std::string& secret_key, uint64_t height, const Hash32& hash) {
  v1::CommitVote vote;
  vote.set_height(height);
  vote.set_block_hash(AsBytes(hash));
  v1::CommitSig* sig = vote.mutable_signature();
  sig->set_node_id(node_id);
  sig->set_suite(key_suite);
  sig->set_signature(suite.Sign(secret_key, CommitSigningMessage(chain_id, height, hash)));
  return vote;
}

void CommitVotes::SetHead(uint64_t height, const Hash32& hash, std::vector<NodeRecord> voters) {
  if (has_head_ && height == height_ && hash == hash_) return;
  height_ = height;
  hash_ = hash;
  voters_ = std::move(voters);
  has_head_ = true;
  sigs_.clear();
  ahead_.erase(ahead_.begin(), ahead_.lower_bound(height));
  auto it = ahead_.find(height);
  if (it != ahead_.end()) {
    auto waiting = std::move(it->second);
    ahead_.erase(it);
    for (const auto& [node, vote] : waiting) Add(vote);
  }
}

bool CommitVotes::Verify(const v1::CommitVote& vote, const std::vector<NodeRecord>& voters,
                         bool signed_here) {
  const v1::CommitSig& sig = vote.signature();
  auto node = std::find_if(voters.begin(), voters.end(),
                           [&](const NodeRecord& v) { return v.id == sig.node_id() && v.voter; });
  if (node == voters.end() || sig.suite() != node->suite) return false;
  auto hash = ToHash32(vote.block_hash());
  if (!hash) return false;
  const Bytes message = CommitSigningMessage(chain_id_, vote.height(), *hash);
  // Signing is deterministic: once a vote signed here verified under the key
  // the voters name for this node, every later one under that key does too.
  // A rotated key in the voters is proven again.
  const bool known_good = (signed_here && node->public_key == proven_own_key_) ||
                          (memo_ != nullptr && memo_->Verified(node->suite, node->public_key,
                                                               message, sig.signature()));
  if (!known_good && !suite_.Verify(node->public_key, message, sig.signature())) return false;
  if (signed_here) proven_own_key_ = node->public_key;
  if (memo_ != nullptr) memo_->Learn(node->suite, node->public_key, message, sig.signature());
  return true;
}

bool CommitVotes::Add(const v1::CommitVote& vote, bool signed_here) {
  if (!has_head_ || vote.height() < height_) return false;
  if (vote.height() > height_) {
    if (vote.height() - height_ > kMaxVoteHeightsAhead) return false;
    // Checked when the head gets there; one per node and height.
    ahead_[vote.height()][vote.signature().node_id()] = vote;
    return true;
  }
  if (vote.block_hash() != AsBytes(hash_)) return false;
  auto have = sigs_.find(vote.signature().node_id());
  if (have != sigs_.end() && have->second.signature() == vote.signature().signature() &&
      have->second.suite() == vote.signature().suite()) {
    return true;  // a resend of a vote already counted
  }
  if (!Verify(vote, voters_, signed_here)) return false;
  sigs_[vote.signature().node_id()] = vote.signature();
  return true;
}

size_t CommitVotes::count() const { return sigs_.size(); }

std::optional<v1::Commit> CommitVotes::Certificate() const {
  size_t voters = 0;
  for (const NodeRecord& v : voters_) voters += v.voter ? 1 : 0;
  if (!has_head_ || sigs_.size() * 2 <= voters) return std::nullopt;
  v1::Commit c;
  c.set_height(height_);
  c.set_block_hash(AsBytes(hash_));
  for (const auto& [node, sig] : sigs_) *c.add_signatures() = sig;  // ascending node id
  return c;
}

}  // namespace lincao::node
