// Signature suites: one interface over the hash and signature algorithms a
// chain may use. Every key, signature and hash in lincao names its suite, so
// a chain can move to another suite (SM2/SM3, planned) without changing the
// formats. Ed25519 + BLAKE2b-256 (libsodium) is the default and the only suite
// implemented today.
//
// Thread-safety: suites are stateless singletons; call InitCrypto() once at
// program start (it is idempotent), then use them from any thread.
#pragma once

#include <initializer_list>
#include <string_view>

#include "chaincode/bytes.h"
#include "lincao/v1/tx.pb.h"

namespace lincao {

struct KeyPair {
  Bytes public_key;
  Bytes secret_key;
};

class SignatureSuite {
 public:
  virtual ~SignatureSuite() = default;
  virtual v1::Suite id() const = 0;
  virtual std::string_view name() const = 0;
  virtual size_t public_key_bytes() const = 0;
  virtual size_t secret_key_bytes() const = 0;
  virtual size_t signature_bytes() const = 0;

  // Hash of the concatenation of `parts` (no separators: callers that need
  // unambiguous framing put tags and lengths in the parts themselves).
  virtual Hash32 Hash(std::initializer_list<std::string_view> parts) const = 0;
  Hash32 Hash(std::string_view data) const { return Hash({data}); }

  // True when `public_key` is a key this suite will ever verify against:
  // the right length and, for Ed25519, the canonical encoding of a point of
  // the prime-order subgroup other than the identity (no small-order or
  // mixed-order points). Accounts, node records and genesis accept no other.
  virtual bool IsValidPublicKey(std::string_view public_key) const = 0;
  // The verification rule docs/formats.md states for the suite (for
  // Ed25519: RFC 8032 pure Ed25519 with libsodium's strict checks).
  virtual bool Verify(std::string_view public_key, std::string_view message,
                      std::string_view signature) const = 0;
  // Deterministic for a given key and message.
  virtual Bytes Sign(std::string_view secret_key, std::string_view message) const = 0;
  // Uses the operating system's randomness: for tools and key ceremonies,
  // never for chaincode or consensus.
  virtual KeyPair GenerateKeyPair() const = 0;
};

// Initialises the crypto libraries. Returns false if that failed (fatal).
bool InitCrypto();

// The suite with this id, or nullptr when unknown or not implemented here.
const SignatureSuite* FindSuite(v1::Suite id);

// The default suite (Ed25519 + BLAKE2b-256).
const SignatureSuite& DefaultSuite();

// Parses "ed25519-blake2b" / "sm2-sm3"; SUITE_UNSPECIFIED when unknown.
v1::Suite SuiteFromName(std::string_view name);
std::string_view SuiteName(v1::Suite id);

}  // namespace lincao
