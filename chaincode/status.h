// Status and Result<T>: errors as values, carrying a stable lincao error code
// (lincao.v1.ErrorCode, listed in docs/errors.md) and a message a person can
// act on. No exceptions cross module boundaries; callers check every result.
// Thread-safety: plain values, safe to copy between threads.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "lincao/v1/errors.pb.h"

namespace lincao {

using ErrorCode = v1::ErrorCode;

class Status {
 public:
  Status() = default;  // OK
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == v1::OK; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // Stable name of the code, e.g. "INSUFFICIENT_UNITS".
  std::string code_name() const;
  // "[E402 INSUFFICIENT_UNITS] account acme holds 10 units, needs 20".
  std::string ToString() const;

 private:
  ErrorCode code_ = v1::OK;
  std::string message_;
};

// The name of an error code ("UNKNOWN_CODE_<n>" for numbers this build does not know).
std::string ErrorCodeName(ErrorCode code);

// A value or a non-OK Status.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: implicit by design
  Result(ErrorCode code, std::string message) : v_(Status(code, std::move(message))) {}

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace lincao

// Returns the status from the enclosing function when `expr` is not OK.
#define LINCAO_RETURN_IF_ERROR(expr) \
  do {                               \
    ::lincao::Status _st = (expr);   \
    if (!_st.ok()) return _st;       \
  } while (0)
