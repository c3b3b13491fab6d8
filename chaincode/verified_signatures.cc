#include "chaincode/verified_signatures.h"

#include <sodium.h>

#include <cstring>

#include "chaincode/canonical.h"

namespace lincao {
namespace {

// BLAKE2b-256 of the tuple, each part length-prefixed so that no two tuples
// frame to the same bytes.
Hash32 FactDigest(v1::Suite suite, std::string_view public_key, std::string_view message,
                  std::string_view signature) {
  CanonicalWriter w;
  w.U32(static_cast<uint32_t>(suite));
  w.Str(public_key);
  w.Str(message);
  w.Str(signature);
  const Bytes framed = w.Take();
  Hash32 out;
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(framed.data()),
                     framed.size(), nullptr, 0);
  return out;
}

}  // namespace

size_t VerifiedSignatureCache::DigestHash::operator()(const Hash32& h) const {
  size_t v;
  std::memcpy(&v, h.data(), sizeof v);  // already uniformly distributed
  return v;
}

bool VerifiedSignatureCache::Verified(v1::Suite suite, std::string_view public_key,
                                      std::string_view message, std::string_view signature) const {
  if (capacity_ == 0) return false;
  const Hash32 digest = FactDigest(suite, public_key, message, signature);
  std::lock_guard<std::mutex> lock(mu_);
  return facts_.count(digest) > 0;
}

void VerifiedSignatureCache::Learn(v1::Suite suite, std::string_view public_key,
                                   std::string_view message, std::string_view signature) const {
  if (capacity_ == 0) return;
  const Hash32 digest = FactDigest(suite, public_key, message, signature);
  std::lock_guard<std::mutex> lock(mu_);
  if (!facts_.insert(digest).second) return;
  order_.push_back(digest);
  while (order_.size() > capacity_) {
    facts_.erase(order_.front());
    order_.pop_front();
  }
}

size_t VerifiedSignatureCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return facts_.size();
}

}  // namespace lincao
