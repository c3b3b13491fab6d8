// Signatures this node has already verified: pure cryptographic facts,
// "signature S by public key P of suite X over the signing message of the
// transaction with id T is valid", remembered so that a transaction admitted
// here (or pre-verified on the node's verify threads) is not verified a
// second time when its block is built.
//
// Only the cryptography is cached. Which keys an account has, whether the
// signature's key id names P, the order rules and the threshold are judged
// by VerifySignatures against the state at that point every time; a fact
// about P says nothing once the account's key id names another key. The tx
// id stands for the message (it is the hash of the exact Tx bytes signed,
// and the signing message is a fixed tag followed by those bytes).
//
// With or without facts, VerifySignatures and BuildBlock decide exactly the
// same (a fact is only ever recorded after Verify returned true, and Verify
// is a pure function of its inputs), so blocks are byte-identical: the cache
// changes cost, never outcomes.
//
// Thread-safety: Known and Record from any thread.
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <string_view>
#include <unordered_set>

#include "chaincode/bytes.h"
#include "lincao/v1/tx.pb.h"

namespace lincao {

class VerifiedSignatures {
 public:
  virtual ~VerifiedSignatures() = default;
  virtual bool Known(v1::Suite suite, std::string_view public_key, const Hash32& tx_id,
                     std::string_view signature) const = 0;
  virtual void Record(v1::Suite suite, std::string_view public_key, const Hash32& tx_id,
                      std::string_view signature) = 0;
};

// A bounded cache of facts: at most `capacity` entries, the oldest forgotten
// first (0 remembers nothing). Each entry is a 32-byte BLAKE2b digest of the
// length-framed tuple (suite, P, T, S), about 100 bytes of memory.
class VerifiedSignatureCache final : public VerifiedSignatures {
 public:
  explicit VerifiedSignatureCache(size_t capacity) : capacity_(capacity) {}
  bool Known(v1::Suite suite, std::string_view public_key, const Hash32& tx_id,
             std::string_view signature) const override;
  void Record(v1::Suite suite, std::string_view public_key, const Hash32& tx_id,
              std::string_view signature) override;
  size_t size() const;
  size_t capacity() const { return capacity_; }

 private:
  struct DigestHash {
    size_t operator()(const Hash32& h) const;
  };
  const size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_set<Hash32, DigestHash> facts_;  // never iterated: order reaches nothing
  std::deque<Hash32> order_;                      // oldest first
};

}  // namespace lincao
