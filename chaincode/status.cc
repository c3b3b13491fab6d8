#include "chaincode/status.h"

namespace lincao {

std::string ErrorCodeName(ErrorCode code) {
  if (v1::ErrorCode_IsValid(code)) return v1::ErrorCode_Name(code);
  return "UNKNOWN_CODE_" + std::to_string(static_cast<int>(code));
}

std::string Status::code_name() const { return ErrorCodeName(code_); }

std::string Status::ToString() const {
  if (ok()) return "OK";
  return "[E" + std::to_string(static_cast<int>(code_)) + " " + code_name() + "] " + message_;
}

}  // namespace lincao
