#include "chaincode/strict_protobuf.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>

namespace lincao {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

constexpr uint32_t kWireVarint = 0;
constexpr uint32_t kWireFixed64 = 1;
constexpr uint32_t kWireLengthDelimited = 2;
constexpr uint32_t kWireFixed32 = 5;
constexpr uint32_t kMaxFieldNumber = (1u << 29) - 1;

// NON_CANONICAL_ENCODING: readable protobuf, but not the one canonical form.
// MALFORMED_TX (Malformed below): not readable as this message at all, or
// carrying a field this build does not know.
Status Refuse(const Descriptor& type, const FieldDescriptor* field, uint32_t number,
              const std::string& rule, ErrorCode code = v1::NON_CANONICAL_ENCODING) {
  std::string where = type.full_name();
  if (field != nullptr) {
    where += "." + field->name() + " (field " + std::to_string(number) + ")";
  } else if (number != 0) {
    where += " field " + std::to_string(number);
  }
  if (code != v1::NON_CANONICAL_ENCODING) return Status(code, where + ": " + rule);
  return Status(
      code, where + ": " + rule + "; only the canonical encoding is accepted (docs/formats.md)");
}

Status Malformed(const Descriptor& type, const FieldDescriptor* field, uint32_t number,
                 const std::string& rule) {
  return Refuse(type, field, number, rule, v1::MALFORMED_TX);
}

// Reads protobuf wire primitives. Every read checks bounds; a failed read
// leaves the reader where it was and returns nullopt.
class WireReader {
 public:
  explicit WireReader(std::string_view in) : in_(in) {}
  bool AtEnd() const { return pos_ == in_.size(); }
  size_t remaining() const { return in_.size() - pos_; }

  // A varint of at most 10 bytes whose value fits in 64 bits. `minimal` is
  // false when a shorter encoding of the same value exists.
  std::optional<uint64_t> Varint(bool* minimal) {
    uint64_t value = 0;
    for (size_t i = 0; i < 10; ++i) {
      if (pos_ + i >= in_.size()) return std::nullopt;
      uint8_t b = static_cast<uint8_t>(in_[pos_ + i]);
      if (i == 9 && b > 1) return std::nullopt;  // bits beyond 64
      value |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        *minimal = i == 0 || b != 0;
        pos_ += i + 1;
        return value;
      }
    }
    return std::nullopt;  // an eleventh byte would be needed
  }

  std::optional<std::string_view> Take(size_t n) {
    if (n > remaining()) return std::nullopt;
    std::string_view out = in_.substr(pos_, n);
    pos_ += n;
    return out;
  }

 private:
  std::string_view in_;
  size_t pos_ = 0;
};

bool IsVarintType(FieldDescriptor::Type t) {
  switch (t) {
    case FieldDescriptor::TYPE_INT32:
    case FieldDescriptor::TYPE_INT64:
    case FieldDescriptor::TYPE_UINT32:
    case FieldDescriptor::TYPE_UINT64:
    case FieldDescriptor::TYPE_SINT32:
    case FieldDescriptor::TYPE_SINT64:
    case FieldDescriptor::TYPE_BOOL:
    case FieldDescriptor::TYPE_ENUM:
      return true;
    default:
      return false;
  }
}

// Wire type of one element of `field` (packed runs aside).
std::optional<uint32_t> ElementWireType(const FieldDescriptor& field) {
  switch (field.type()) {
    case FieldDescriptor::TYPE_FIXED64:
    case FieldDescriptor::TYPE_SFIXED64:
    case FieldDescriptor::TYPE_DOUBLE:
      return kWireFixed64;
    case FieldDescriptor::TYPE_FIXED32:
    case FieldDescriptor::TYPE_SFIXED32:
    case FieldDescriptor::TYPE_FLOAT:
      return kWireFixed32;
    case FieldDescriptor::TYPE_STRING:
    case FieldDescriptor::TYPE_BYTES:
    case FieldDescriptor::TYPE_MESSAGE:
      return kWireLengthDelimited;
    case FieldDescriptor::TYPE_GROUP:
      return std::nullopt;  // groups are never canonical
    default:
      return kWireVarint;
  }
}

class Checker {
 public:
  explicit Checker(uint32_t* unknown_top_level_field) : unknown_field_(unknown_top_level_field) {}
  Status Message(const Descriptor& type, std::string_view bytes, int depth);

 private:
  // Reads one scalar element of `field` from `r` (wire type already known).
  // `is_default` tells whether the value is the proto3 default.
  Status Scalar(const Descriptor& type, const FieldDescriptor& field, WireReader& r,
                bool* is_default);
  Status LengthDelimited(const Descriptor& type, const FieldDescriptor& field,
                         std::string_view payload, int depth);

  uint32_t* unknown_field_;
};

Status Checker::Scalar(const Descriptor& type, const FieldDescriptor& field, WireReader& r,
                       bool* is_default) {
  const uint32_t n = static_cast<uint32_t>(field.number());
  if (IsVarintType(field.type())) {
    bool minimal = true;
    auto v = r.Varint(&minimal);
    if (!v) return Malformed(type, &field, n, "varint is truncated or longer than 64 bits");
    if (!minimal) return Refuse(type, &field, n, "varint is not in its shortest form");
    const uint64_t x = *v;
    const bool sign_extended_32 = x <= 0x7fffffffull || x >= 0xffffffff80000000ull;
    switch (field.type()) {
      case FieldDescriptor::TYPE_UINT32:
      case FieldDescriptor::TYPE_SINT32:
        if (x > 0xffffffffull) return Refuse(type, &field, n, "value does not fit in 32 bits");
        break;
      case FieldDescriptor::TYPE_INT32:
        if (!sign_extended_32) return Refuse(type, &field, n, "value does not fit in 32 bits");
        break;
      case FieldDescriptor::TYPE_BOOL:
        if (x > 1) return Refuse(type, &field, n, "a bool must be 0 or 1");
        break;
      case FieldDescriptor::TYPE_ENUM:
        // Enums are open, as in proto3: any int32 is one value with one
        // encoding. Which values are valid is for the rules to say (and
        // to answer with a specific code, e.g. UNKNOWN_SUITE).
        if (!sign_extended_32) return Refuse(type, &field, n, "enum value does not fit in 32 bits");
        break;
      default:
        break;
    }
    *is_default = x == 0;
    return Status::Ok();
  }
  const size_t width = *ElementWireType(field) == kWireFixed64 ? 8 : 4;
  auto raw = r.Take(width);
  if (!raw) return Malformed(type, &field, n, "fixed-width value is truncated");
  *is_default = raw->find_first_not_of('\0') == std::string_view::npos;
  return Status::Ok();
}

Status Checker::LengthDelimited(const Descriptor& type, const FieldDescriptor& field,
                                std::string_view payload, int depth) {
  const uint32_t n = static_cast<uint32_t>(field.number());
  switch (field.type()) {
    case FieldDescriptor::TYPE_STRING:
      if (!IsValidUtf8(payload)) return Refuse(type, &field, n, "string is not valid UTF-8");
      return Status::Ok();
    case FieldDescriptor::TYPE_BYTES:
      return Status::Ok();
    case FieldDescriptor::TYPE_MESSAGE:
      return Message(*field.message_type(), payload, depth + 1);
    default:
      break;
  }
  // A packed run of scalars: at least one element, nothing left over.
  if (payload.empty()) return Refuse(type, &field, n, "an empty packed run is written out");
  WireReader r(payload);
  while (!r.AtEnd()) {
    bool ignored = false;
    LINCAO_RETURN_IF_ERROR(Scalar(type, field, r, &ignored));
  }
  return Status::Ok();
}

Status Checker::Message(const Descriptor& type, std::string_view bytes, int depth) {
  if (depth > kMaxProtobufDepth) {
    return Refuse(type, nullptr, 0,
                  "messages nest deeper than " + std::to_string(kMaxProtobufDepth));
  }
  WireReader r(bytes);
  uint32_t last_number = 0;
  std::set<int> oneofs_seen;
  while (!r.AtEnd()) {
    bool minimal = true;
    auto tag = r.Varint(&minimal);
    if (!tag || *tag > 0xffffffffull)
      return Malformed(type, nullptr, 0, "a field tag is malformed");
    const uint32_t number = static_cast<uint32_t>(*tag >> 3);
    const uint32_t wire = static_cast<uint32_t>(*tag & 7);
    if (!minimal) return Refuse(type, nullptr, number, "tag is not in its shortest form");
    if (number == 0 || number > kMaxFieldNumber) {
      return Malformed(type, nullptr, number, "field number is out of range");
    }
    if (wire == 3 || wire == 4 || wire > 5) {
      return Malformed(type, nullptr, number,
                       "wire type " + std::to_string(wire) + " is not valid (groups are not used)");
    }
    const FieldDescriptor* field = type.FindFieldByNumber(static_cast<int>(number));
    if (field == nullptr) {
      if (depth == 0 && unknown_field_ != nullptr) *unknown_field_ = number;
      return Malformed(type, nullptr, number, "carries a field this node does not know");
    }
    const bool packed = field->is_repeated() && field->is_packed();
    const bool repeated_run = field->is_repeated() && !packed;
    if (number < last_number || (number == last_number && !repeated_run)) {
      return Refuse(type, field, number,
                    number == last_number ? "field appears more than once"
                                          : "fields are not in ascending number order");
    }
    last_number = number;
    if (const auto* oneof = field->real_containing_oneof()) {
      if (!oneofs_seen.insert(oneof->index()).second) {
        return Refuse(type, field, number, "a second member of oneof " + oneof->name() + " is set");
      }
    }
    auto element_wire = ElementWireType(*field);
    if (!element_wire) return Malformed(type, field, number, "group fields are not supported");
    const uint32_t expected_wire = packed ? kWireLengthDelimited : *element_wire;
    if (wire != expected_wire) {
      return Refuse(type, field, number,
                    "wire type " + std::to_string(wire) + " where " +
                        std::to_string(expected_wire) + " is expected" +
                        (packed ? " (repeated scalars are packed)" : ""));
    }
    // Proto3 fields without presence are written only when not default.
    const bool omit_default = !field->is_repeated() && !field->has_presence();
    if (wire != kWireLengthDelimited) {
      bool is_default = false;
      LINCAO_RETURN_IF_ERROR(Scalar(type, *field, r, &is_default));
      if (omit_default && is_default) {
        return Refuse(type, field, number, "a default (zero) value is written out");
      }
      continue;
    }
    bool len_minimal = true;
    auto len = r.Varint(&len_minimal);
    if (!len || *len > r.remaining()) {
      return Malformed(type, field, number, "length runs past the end of the message");
    }
    if (!len_minimal) return Refuse(type, field, number, "length is not in its shortest form");
    std::string_view payload = *r.Take(static_cast<size_t>(*len));
    if (omit_default && payload.empty()) {
      return Refuse(type, field, number, "an empty (default) value is written out");
    }
    LINCAO_RETURN_IF_ERROR(LengthDelimited(type, *field, payload, depth));
  }
  return Status::Ok();
}

}  // namespace

Status CheckCanonicalProtobuf(const Descriptor& type, std::string_view bytes,
                              uint32_t* unknown_field) {
  return Checker(unknown_field).Message(type, bytes, 0);
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const uint8_t c = static_cast<uint8_t>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    uint32_t min;
    if ((c & 0xe0) == 0xc0) {
      len = 2, cp = c & 0x1f, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3, cp = c & 0x0f, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4, cp = c & 0x07, min = 0x10000;
    } else {
      return false;  // a continuation byte or 0xf8.. cannot start a character
    }
    if (s.size() - i < len) return false;
    for (size_t k = 1; k < len; ++k) {
      const uint8_t cc = static_cast<uint8_t>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}

std::string_view TruncateUtf8(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t end = max_bytes;
  // Step back over continuation bytes (10xxxxxx) to the start of a character.
  while (end > 0 && (static_cast<uint8_t>(s[end]) & 0xc0) == 0x80) --end;
  return s.substr(0, end);
}

}  // namespace lincao
