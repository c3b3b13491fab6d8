#include "tools/cli/lifecycle_options.h"

#include "tools/cli/values.h"

namespace lincao::cli {

void AddVerdictOptions(CLI::App* cmd, VerdictOptions* opts, const std::string& subject) {
  CLI::Option* a = cmd->add_flag("--approve", opts->approve, "the expert approves " + subject);
  cmd->add_flag("--reject", opts->reject, "the expert rejects " + subject)->excludes(a);
}

Result<bool> Verdict(const VerdictOptions& opts) {
  if (opts.approve == opts.reject) {
    return Status(v1::INVALID_ARGUMENT, "give the verdict: --approve or --reject");
  }
  return opts.approve;
}

Status RequireReason(const std::string& reason, const std::string& what) {
  if (!reason.empty()) return Status::Ok();
  return Status(v1::INVALID_ARGUMENT, "give " + what + " with --reason TEXT (it is public)");
}

Result<uint64_t> OptionalTimeMs(const std::string& text, const std::string& option) {
  if (text.empty()) return uint64_t{0};
  return ParseChinaTimeMs(text, option);
}

}  // namespace lincao::cli
