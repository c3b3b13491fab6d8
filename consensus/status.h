// Errors as values for the consensus library.
//
// A Status is either ok or carries a stable code and a short static message.
// Calls that can be refused (a proposal on a follower without a leader, a
// configuration change while another is pending, a read from storage that was
// compacted) return one; nothing in the library throws. Codes never change
// meaning, so node/ can map them onto its own error codes. A Status is a
// plain value, safe to copy between threads.
#pragma once

#include <cstdint>
#include <string_view>

namespace lincao::consensus {

enum class Code : uint8_t {
  kOk = 0,
  kCompacted = 1,          // storage: the requested index lies before the first entry
  kUnavailable = 2,        // storage: the requested index lies after the last entry
  kSnapshotOutOfDate = 3,  // storage: a newer snapshot is already installed
  kSnapshotTemporarilyUnavailable = 4,
  kProposalDropped = 5,    // no leader known, leadership moving, or a bound was hit
  kInvalidArgument = 6,    // a caller broke the API contract (bad id, oversized entry)
  kStepLocalMsg = 7,       // a message type that only the library produces
  kStepPeerNotFound = 8,   // a response from a node not in the configuration
  kConfChangePending = 9,  // an earlier configuration change is not committed yet
};

class [[nodiscard]] Status {
 public:
  constexpr Status() = default;
  constexpr Status(Code code, const char* message) : code_(code), message_(message) {}

  static constexpr Status Ok() { return Status(); }

  constexpr bool ok() const { return code_ == Code::kOk; }
  constexpr Code code() const { return code_; }
  constexpr std::string_view message() const { return message_; }

  friend constexpr bool operator==(const Status& a, const Status& b) { return a.code_ == b.code_; }

 private:
  Code code_ = Code::kOk;
  const char* message_ = "ok";
};

}  // namespace lincao::consensus
