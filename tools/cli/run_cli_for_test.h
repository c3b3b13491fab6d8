// Runs a whole `lincao` command in-process, as the shell would, and keeps
// what it printed: for the CLI's own tests (commands_test.cc,
// lifecycle_commands_test.cc).
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "tools/cli/app.h"

namespace lincao::cli {

struct CmdResult {
  int code = -1;
  std::string out;
  std::string err;
};

inline CmdResult Lincao(std::vector<std::string> args) {
  args.insert(args.begin(), "lincao");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  CmdResult r;
  r.code = Main(static_cast<int>(argv.size()), argv.data(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

}  // namespace lincao::cli
