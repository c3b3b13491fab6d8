#include "chaincode/suite.h"

#include <sodium.h>

namespace lincao {
namespace {

class Ed25519Blake2bSuite final : public SignatureSuite {
 public:
  v1::Suite id() const override { return v1::SUITE_ED25519_BLAKE2B; }
  std::string_view name() const override { return "ed25519-blake2b"; }
  size_t public_key_bytes() const override { return crypto_sign_PUBLICKEYBYTES; }
  size_t secret_key_bytes() const override { return crypto_sign_SECRETKEYBYTES; }
  size_t signature_bytes() const override { return crypto_sign_BYTES; }

  Hash32 Hash(std::initializer_list<std::string_view> parts) const override {
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, 32);
    for (std::string_view p : parts) {
      crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(p.data()), p.size());
    }
    Hash32 out;
    crypto_generichash_final(&st, out.data(), out.size());
    return out;
  }

  bool IsValidPublicKey(std::string_view public_key) const override {
    return public_key.size() == crypto_sign_PUBLICKEYBYTES &&
           crypto_core_ed25519_is_valid_point(
               reinterpret_cast<const unsigned char*>(public_key.data())) == 1;
  }

  bool Verify(std::string_view public_key, std::string_view message,
              std::string_view signature) const override {
    if (public_key.size() != crypto_sign_PUBLICKEYBYTES) return false;
    if (signature.size() != crypto_sign_BYTES) return false;
    return crypto_sign_verify_detached(
               reinterpret_cast<const unsigned char*>(signature.data()),
               reinterpret_cast<const unsigned char*>(message.data()), message.size(),
               reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
  }

  Bytes Sign(std::string_view secret_key, std::string_view message) const override {
    if (secret_key.size() != crypto_sign_SECRETKEYBYTES) return {};
    Bytes sig(crypto_sign_BYTES, '\0');
    crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr,
                         reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         reinterpret_cast<const unsigned char*>(secret_key.data()));
    return sig;
  }

  KeyPair GenerateKeyPair() const override {
    KeyPair kp{Bytes(crypto_sign_PUBLICKEYBYTES, '\0'), Bytes(crypto_sign_SECRETKEYBYTES, '\0')};
    crypto_sign_keypair(reinterpret_cast<unsigned char*>(kp.public_key.data()),
                        reinterpret_cast<unsigned char*>(kp.secret_key.data()));
    return kp;
  }
};

const Ed25519Blake2bSuite kEd25519Blake2b;

}  // namespace

bool InitCrypto() { return sodium_init() >= 0; }

const SignatureSuite* FindSuite(v1::Suite id) {
  switch (id) {
    case v1::SUITE_ED25519_BLAKE2B:
      return &kEd25519Blake2b;
    default:
      return nullptr;  // SM2/SM3 is reserved, not implemented yet
  }
}

const SignatureSuite& DefaultSuite() { return kEd25519Blake2b; }

v1::Suite SuiteFromName(std::string_view name) {
  if (name == "ed25519-blake2b") return v1::SUITE_ED25519_BLAKE2B;
  if (name == "sm2-sm3") return v1::SUITE_SM2_SM3;
  return v1::SUITE_UNSPECIFIED;
}

std::string_view SuiteName(v1::Suite id) {
  switch (id) {
    case v1::SUITE_ED25519_BLAKE2B:
      return "ed25519-blake2b";
    case v1::SUITE_SM2_SM3:
      return "sm2-sm3";
    default:
      return "unspecified";
  }
}

}  // namespace lincao
