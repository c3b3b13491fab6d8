#include "chaincode/state_root.h"

#include <sodium.h>

#include "chaincode/canonical.h"

namespace lincao {

StateAccumulator::Lanes StateAccumulator::Expand(std::string_view key, std::string_view value) {
  // Seed = BLAKE2b-256 of the framed pair; the seed keys a ChaCha20 stream
  // whose first 2048 bytes are the lanes (an extendable-output function).
  Bytes framed = CanonicalWriter().Str("lincao/lthash/v1").Str(key).Str(value).Take();
  unsigned char seed[crypto_stream_chacha20_ietf_KEYBYTES];
  crypto_generichash(seed, sizeof seed, reinterpret_cast<const unsigned char*>(framed.data()),
                     framed.size(), nullptr, 0);
  unsigned char nonce[crypto_stream_chacha20_ietf_NONCEBYTES] = {0};
  unsigned char stream[kBytes];
  crypto_stream_chacha20_ietf(stream, sizeof stream, nonce, seed);
  Lanes lanes;
  for (size_t i = 0; i < kLanes; ++i) {
    lanes[i] = static_cast<uint16_t>(stream[2 * i] | (stream[2 * i + 1] << 8));
  }
  return lanes;
}

void StateAccumulator::Add(std::string_view key, std::string_view value) {
  Lanes e = Expand(key, value);
  for (size_t i = 0; i < kLanes; ++i) lanes_[i] = static_cast<uint16_t>(lanes_[i] + e[i]);
}

void StateAccumulator::Remove(std::string_view key, std::string_view value) {
  Lanes e = Expand(key, value);
  for (size_t i = 0; i < kLanes; ++i) lanes_[i] = static_cast<uint16_t>(lanes_[i] - e[i]);
}

void StateAccumulator::ApplyWrites(const StateReader& before, const WriteSet& writes) {
  for (const auto& [key, value] : writes) {
    if (auto old = before.Get(key)) Remove(key, *old);
    if (value) Add(key, *value);
  }
}

Hash32 StateAccumulator::Root(const SignatureSuite& suite) const {
  return suite.Hash({"lincao/state/v1", Serialize()});
}

Bytes StateAccumulator::Serialize() const {
  Bytes out(kBytes, '\0');
  for (size_t i = 0; i < kLanes; ++i) {
    out[2 * i] = static_cast<char>(lanes_[i] & 0xff);
    out[2 * i + 1] = static_cast<char>(lanes_[i] >> 8);
  }
  return out;
}

bool StateAccumulator::Parse(std::string_view bytes, StateAccumulator* out) {
  if (bytes.size() != kBytes) return false;
  for (size_t i = 0; i < kLanes; ++i) {
    out->lanes_[i] = static_cast<uint16_t>(static_cast<uint8_t>(bytes[2 * i]) |
                                           (static_cast<uint8_t>(bytes[2 * i + 1]) << 8));
  }
  return true;
}

StateAccumulator AccumulateAll(const StateReader& state) {
  StateAccumulator acc;
  state.Scan("", [&](std::string_view k, std::string_view v) {
    acc.Add(k, v);
    return true;
  });
  return acc;
}

}  // namespace lincao
