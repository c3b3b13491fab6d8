// Byte strings and hex. Byte strings are std::string (as in protobuf's bytes
// fields) so that serialized messages pass through without copies or casts.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lincao {

using Bytes = std::string;
using Hash32 = std::array<uint8_t, 32>;

std::string ToHex(std::string_view bytes);
std::string ToHex(const Hash32& h);
// nullopt unless `hex` has even length and only [0-9a-fA-F].
std::optional<Bytes> FromHex(std::string_view hex);

inline std::string_view AsView(const Hash32& h) {
  return {reinterpret_cast<const char*>(h.data()), h.size()};
}
inline Bytes AsBytes(const Hash32& h) { return Bytes(AsView(h)); }
// nullopt unless `b` is exactly 32 bytes.
std::optional<Hash32> ToHash32(std::string_view b);

}  // namespace lincao
