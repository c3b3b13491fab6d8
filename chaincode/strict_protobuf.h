// Strict protobuf: the one valid byte string of a signed or hashed message.
//
// Protobuf decoders are lenient in ways that differ between libraries: the
// last copy of a repeated singular field wins, two members of a oneof both
// parse, varints may be padded or longer than 64 bits, unknown fields are
// kept. If validity rested on that leniency, two implementations (or two
// versions of one) could read different transactions out of the same signed
// bytes, and one transaction would have twins under other tx ids.
//
// CheckCanonicalProtobuf accepts `bytes` only if they are exactly the
// canonical encoding of the message they describe (docs/formats.md,
// "Canonical protobuf"): fields in ascending number order, each at most once
// (a repeated field as one run), minimal varints that fit the field's type,
// the field's own wire type, no unknown field, no group, no proto3 default
// value written out, repeated scalars packed, enum values within int32
// (which values are meaningful is for the rules), valid UTF-8 in strings, at most one member of a
// oneof, nested messages by the same rules. These are the bytes libprotobuf itself writes for the
// parsed message, so a valid message re-encodes to itself.
//
// The schema comes from the message descriptor; every byte is read here,
// never by the protobuf parser. Thread-safety: pure function.
#pragma once

#include <string_view>

#include <google/protobuf/descriptor.h>

#include "chaincode/status.h"

namespace lincao {

// Nesting deeper than this is refused (no lincao message comes close).
inline constexpr int kMaxProtobufDepth = 16;

// OK; MALFORMED_TX when the bytes do not read as `type` at all (truncated,
// invalid wire type, a group) or carry a field this build does not know;
// NON_CANONICAL_ENCODING when they read but are not the canonical form.
// The message names the message type, the field and the rule broken.
// When the failure is an unknown field of `type` itself (not of a nested
// message), `*unknown_field` receives its number; else it is left alone.
Status CheckCanonicalProtobuf(const google::protobuf::Descriptor& type, std::string_view bytes,
                              uint32_t* unknown_field = nullptr);

// True when `s` is well-formed UTF-8 (RFC 3629: shortest form, no
// surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view s);

// The longest prefix of valid UTF-8 `s` that has at most `max_bytes` bytes
// and ends on a character boundary.
std::string_view TruncateUtf8(std::string_view s, size_t max_bytes);

}  // namespace lincao
