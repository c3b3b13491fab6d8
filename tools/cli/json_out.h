// Protobuf messages as JSON for `--json` output (docs/interfaces.md, "CLI
// output"): proto field names in declaration order, enums by name, 64-bit
// integers as JSON numbers, bytes as lowercase hex. Scalar and repeated
// fields are always present (with their default when unset) so scripts can
// rely on them; unset sub-messages and unset oneof members are left out.
#pragma once

#include <google/protobuf/message.h>

#include <nlohmann/json.hpp>

namespace lincao::cli {

using Json = nlohmann::ordered_json;

Json ProtoToJson(const google::protobuf::Message& message);

// One JSON object on one line, then a newline.
std::string JsonLine(const Json& j);

}  // namespace lincao::cli
