// What every CLI command shares: where its output goes, the exit codes it
// returns, and the slot in which the parser leaves the command to run.
//
// Commands write their result to `out` and problems to `err` (never to the
// process streams directly), so tests can run them and read what they said.
#pragma once

#include <functional>
#include <ostream>
#include <string_view>

namespace lincao::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // the operation failed or was rejected
inline constexpr int kExitUsage = 2;   // the command line itself is wrong

struct Io {
  std::ostream& out;
  std::ostream& err;
};

// Filled by the callback of the subcommand that was parsed; Main runs it
// after parsing succeeded.
struct Runner {
  Io io;
  std::function<int()> action;
};

// Prints "error: <message>" to err and returns the exit code.
int Fail(const Io& io, std::string_view message);
int UsageError(const Io& io, std::string_view message);

}  // namespace lincao::cli
