// CommitVotes: the leader's collection of voters' signatures on its head
// block, from which it builds the certificate (last_commit) that the next
// batch carries. Votes are checked when they arrive: a vote counts only if
// it names a voter in force for that block (ChainHead.voters), carries that
// voter's suite and verifies over CommitSigningMessage(chain, height, hash).
// Votes for a block this node has not applied yet (a follower can apply
// before the leader) wait, a bounded number of heights ahead.
//
// Every vote that verifies is taught to the node's signature memo, so that
// BuildBlock, checking the certificate the next batch carries, does not
// compute the same equations again; a vote resent unchanged (followers
// resend every kVoteResendMs) is not verified twice; and this node's own
// vote is verified once per key the voters name for it, which proves the key
// pair: later ones are known good as they are made.
//
// Thread-safety: none; the Ready-loop thread owns it.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "chaincode/block_builder.h"
#include "chaincode/signature_memo.h"
#include "chaincode/suite.h"
#include "lincao/v1/peer.pb.h"

namespace lincao::node {

// Votes for heights beyond the head that are kept until it gets there.
inline constexpr uint64_t kMaxVoteHeightsAhead = 8;

class CommitVotes {
 public:
  // `memo` (may be null) learns every vote signature that verifies.
  CommitVotes(const SignatureSuite& suite, std::string chain_id,
              const SignatureMemo* memo = nullptr)
      : suite_(suite), chain_id_(std::move(chain_id)), memo_(memo) {}

  // The head moved (or on start): forget votes below it, keep its own.
  void SetHead(uint64_t height, const Hash32& hash, std::vector<NodeRecord> voters);
  // A vote from a peer, or from this node (`signed_here`). False (and
  // ignored) when it does not verify or is for an old height or too far ahead.
  bool Add(const v1::CommitVote& vote, bool signed_here = false);
  // The certificate of the head when a majority of its voters signed it.
  std::optional<v1::Commit> Certificate() const;
  size_t count() const;

 private:
  bool Verify(const v1::CommitVote& vote, const std::vector<NodeRecord>& voters, bool signed_here);

  const SignatureSuite& suite_;
  const std::string chain_id_;
  const SignatureMemo* memo_;
  std::string proven_own_key_;  // the key under which a vote signed here verified
  uint64_t height_ = 0;
  Hash32 hash_{};
  std::vector<NodeRecord> voters_;
  bool has_head_ = false;
  std::map<std::string, v1::CommitSig> sigs_;                        // for the head, by node id
  std::map<uint64_t, std::map<std::string, v1::CommitVote>> ahead_;  // unchecked, by height
};

// A voter's signature on the block it applied (`head`).
v1::CommitVote SignCommitVote(const SignatureSuite& suite, const std::string& chain_id,
                              const std::string& node_id, v1::Suite key_suite,
                              const std::string& secret_key, uint64_t height, const Hash32& hash);

}  // namespace lincao::node
