// Signatures this node has already verified: pure cryptographic facts,
// "signature S by public key P of suite X over message M is valid",
// remembered so that a transaction admitted here (or pre-verified on the
// node's verify threads) is not verified a second time when its block is
// built. It is the node's SignatureMemo (chaincode/signature_memo.h).
//
// Only the cryptography is cached. Which keys an account has, whether the
// signature's key id names P, the order rules and the threshold are judged
// by VerifySignatures against the state at that point every time; a fact
// about P says nothing once the account's key id names another key.
//
// With or without facts, VerifySignatures and BuildBlock decide exactly the
// same (a fact is only ever learned after Verify returned true, and Verify
// is a pure function of its inputs), so blocks are byte-identical: the cache
// changes cost, never outcomes.
//
// Thread-safety: Verified and Learn from any thread.
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <string_view>
#include <unordered_set>

#include "chaincode/bytes.h"
#include "chaincode/signature_memo.h"
#include "lincao/v1/tx.pb.h"

namespace lincao {

// A bounded cache of facts: at most `capacity` entries, the oldest forgotten
// first (0 remembers nothing). Each entry is a 32-byte BLAKE2b digest of the
// length-framed tuple (suite, P, M, S), about 100 bytes of memory.
class VerifiedSignatureCache final : public SignatureMemo {
 public:
  explicit VerifiedSignatureCache(size_t capacity) : capacity_(capacity) {}
  bool Verified(v1::Suite suite, std::string_view public_key, std::string_view message,
                std::string_view signature) const override;
  void Learn(v1::Suite suite, std::string_view public_key, std::string_view message,
             std::string_view signature) const override;
  size_t size() const;
  size_t capacity() const { return capacity_; }

 private:
  struct DigestHash {
    size_t operator()(const Hash32& h) const;
  };
  const size_t capacity_;
  mutable std::mutex mu_;
  mutable std::unordered_set<Hash32, DigestHash> facts_;  // never iterated: order reaches nothing
  mutable std::deque<Hash32> order_;                      // oldest first
};

}  // namespace lincao
