#include "chaincode/canonical.h"

namespace lincao {

CanonicalWriter& CanonicalWriter::U8(uint8_t v) {
  out_.push_back(static_cast<char>(v));
  return *this;
}

CanonicalWriter& CanonicalWriter::U32(uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out_.push_back(static_cast<char>(v >> shift));
  return *this;
}

CanonicalWriter& CanonicalWriter::U64(uint64_t v) {
  out_ += BigEndian64(v);
  return *this;
}

CanonicalWriter& CanonicalWriter::Str(std::string_view s) {
  U32(static_cast<uint32_t>(s.size()));
  out_.append(s);
  return *this;
}

CanonicalWriter& CanonicalWriter::Raw(std::string_view s) {
  out_.append(s);
  return *this;
}

bool CanonicalReader::Need(size_t n) {
  if (!ok_ || in_.size() - pos_ < n) {
    ok_ = false;
    return false;
  }
  return true;
}

uint8_t CanonicalReader::U8() {
  if (!Need(1)) return 0;
  return static_cast<uint8_t>(in_[pos_++]);
}

uint32_t CanonicalReader::U32() {
  if (!Need(4)) return 0;
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(in_[pos_++]);
  return v;
}

uint64_t CanonicalReader::U64() {
  if (!Need(8)) return 0;
  uint64_t v = ReadBigEndian64(in_.substr(pos_, 8));
  pos_ += 8;
  return v;
}

bool CanonicalReader::Bool() {
  uint8_t v = U8();
  if (v > 1) ok_ = false;
  return v == 1;
}

std::string CanonicalReader::Str() {
  uint32_t n = U32();
  return Raw(n);
}

std::string CanonicalReader::Raw(size_t n) {
  if (!Need(n)) return {};
  std::string s(in_.substr(pos_, n));
  pos_ += n;
  return s;
}

std::string BigEndian64(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  return out;
}

uint64_t ReadBigEndian64(std::string_view b) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8 && i < b.size(); ++i) v = (v << 8) | static_cast<uint8_t>(b[i]);
  return v;
}

}  // namespace lincao
