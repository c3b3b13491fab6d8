#include "tools/cli/command.h"

namespace lincao::cli {

int Fail(const Io& io, std::string_view message) {
  io.err << "error: " << message << "\n";
  return kExitFailed;
}

int UsageError(const Io& io, std::string_view message) {
  io.err << "error: " << message << "\nRun with --help for usage.\n";
  return kExitUsage;
}

}  // namespace lincao::cli
