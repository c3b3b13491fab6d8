// The canonical encoding of hashed data (state records, block headers, write
// sets). Fixed field order chosen by each record's Encode(); integers are
// fixed-width big-endian; byte strings and lists carry a 4-byte big-endian
// length. One value has exactly one encoding, so any implementation that
// follows docs/formats.md reproduces the same hashes. No protobuf here: its
// wire form is not canonical.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "chaincode/bytes.h"

namespace lincao {

class CanonicalWriter {
 public:
  CanonicalWriter& U8(uint8_t v);
  CanonicalWriter& U32(uint32_t v);
  CanonicalWriter& U64(uint64_t v);
  CanonicalWriter& Bool(bool v) { return U8(v ? 1 : 0); }
  CanonicalWriter& Str(std::string_view s);  // u32 length + bytes
  CanonicalWriter& Raw(std::string_view s);  // bytes as they are (fixed-size fields)

  const Bytes& bytes() const& { return out_; }
  // Moves the encoding out; the writer is left empty.
  Bytes Take() { return std::move(out_); }

 private:
  Bytes out_;
};

// Reads what CanonicalWriter wrote. Any read past the end sets a sticky
// failure; check ok() (and AtEnd()) once after reading a whole record.
class CanonicalReader {
 public:
  explicit CanonicalReader(std::string_view in) : in_(in) {}
  uint8_t U8();
  uint32_t U32();
  uint64_t U64();
  bool Bool();
  std::string Str();
  std::string Raw(size_t n);

  bool ok() const { return ok_; }
  bool AtEnd() const { return ok_ && pos_ == in_.size(); }

 private:
  bool Need(size_t n);
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// Big-endian 8 bytes: used in state keys so that keys sort numerically.
std::string BigEndian64(uint64_t v);
uint64_t ReadBigEndian64(std::string_view b);  // b.size() must be 8

}  // namespace lincao
