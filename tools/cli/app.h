// The `lincao` command line: every command registered on one CLI11 app,
// parsed, then run. Exit codes: 0 success, 1 the operation failed or the
// ledger rejected it, 2 the command line is wrong (docs/interfaces.md).
#pragma once

#include <ostream>

namespace lincao::cli {

int Main(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace lincao::cli
