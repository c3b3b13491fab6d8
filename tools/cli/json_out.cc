#include "tools/cli/json_out.h"

#include <google/protobuf/descriptor.h>

#include "chaincode/bytes.h"

namespace lincao::cli {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

Json EnumValue(const FieldDescriptor* f, int number) {
  const auto* v = f->enum_type()->FindValueByNumber(number);
  if (v == nullptr) return number;  // a value newer than this build
  return v->name();
}

Json Singular(const Message& m, const Reflection* r, const FieldDescriptor* f) {
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return r->GetInt32(m, f);
    case FieldDescriptor::CPPTYPE_INT64:
      return r->GetInt64(m, f);
    case FieldDescriptor::CPPTYPE_UINT32:
      return r->GetUInt32(m, f);
    case FieldDescriptor::CPPTYPE_UINT64:
      return r->GetUInt64(m, f);
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return r->GetDouble(m, f);
    case FieldDescriptor::CPPTYPE_FLOAT:
      return r->GetFloat(m, f);
    case FieldDescriptor::CPPTYPE_BOOL:
      return r->GetBool(m, f);
    case FieldDescriptor::CPPTYPE_ENUM:
      return EnumValue(f, r->GetEnumValue(m, f));
    case FieldDescriptor::CPPTYPE_STRING:
      if (f->type() == FieldDescriptor::TYPE_BYTES) return ToHex(r->GetString(m, f));
      return r->GetString(m, f);
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return ProtoToJson(r->GetMessage(m, f));
  }
  return nullptr;
}

Json Element(const Message& m, const Reflection* r, const FieldDescriptor* f, int i) {
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return r->GetRepeatedInt32(m, f, i);
    case FieldDescriptor::CPPTYPE_INT64:
      return r->GetRepeatedInt64(m, f, i);
    case FieldDescriptor::CPPTYPE_UINT32:
      return r->GetRepeatedUInt32(m, f, i);
    case FieldDescriptor::CPPTYPE_UINT64:
      return r->GetRepeatedUInt64(m, f, i);
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return r->GetRepeatedDouble(m, f, i);
    case FieldDescriptor::CPPTYPE_FLOAT:
      return r->GetRepeatedFloat(m, f, i);
    case FieldDescriptor::CPPTYPE_BOOL:
      return r->GetRepeatedBool(m, f, i);
    case FieldDescriptor::CPPTYPE_ENUM:
      return EnumValue(f, r->GetRepeatedEnumValue(m, f, i));
    case FieldDescriptor::CPPTYPE_STRING:
      if (f->type() == FieldDescriptor::TYPE_BYTES) return ToHex(r->GetRepeatedString(m, f, i));
      return r->GetRepeatedString(m, f, i);
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return ProtoToJson(r->GetRepeatedMessage(m, f, i));
  }
  return nullptr;
}

}  // namespace

Json ProtoToJson(const Message& message) {
  const auto* desc = message.GetDescriptor();
  const Reflection* r = message.GetReflection();
  Json out = Json::object();
  for (int i = 0; i < desc->field_count(); ++i) {
    const FieldDescriptor* f = desc->field(i);
    if (f->is_repeated()) {
      Json list = Json::array();
      for (int k = 0; k < r->FieldSize(message, f); ++k) list.push_back(Element(message, r, f, k));
      out[f->name()] = std::move(list);
      continue;
    }
    const bool tracked =
        f->containing_oneof() != nullptr || f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (tracked && !r->HasField(message, f)) continue;
    out[f->name()] = Singular(message, r, f);
  }
  return out;
}

std::string JsonLine(const Json& j) {
  // Text fields come from the ledger as-is; replace invalid UTF-8 rather than fail.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace lincao::cli
