// Options and checks shared by the credit lifecycle commands: an expert's
// verdict (--approve or --reject), a required public reason, and optional
// expiries in chain time.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "chaincode/status.h"
#include "tools/cli/document_hash.h"

namespace lincao::cli {

struct VerdictOptions {
  bool approve = false;
  bool reject = false;
};

// Adds --approve and --reject (mutually exclusive).
void AddVerdictOptions(CLI::App* cmd, VerdictOptions* opts, const std::string& subject);

// true for --approve, false for --reject; INVALID_ARGUMENT when neither.
Result<bool> Verdict(const VerdictOptions& opts);

// The verdict and the hashed written opinion of an expert evaluation, set
// on any of the three evaluate bodies (methodology, project, report).
template <typename EvaluationBody>
Status SetEvaluation(const VerdictOptions& verdict, const DocumentHashOptions& opinion,
                     std::ostream& progress, EvaluationBody* body) {
  auto approve = Verdict(verdict);
  if (!approve.ok()) return approve.status();
  body->set_approve(*approve);
  auto hash = ResolveDocumentHash(opinion, "opinion", progress);
  if (!hash.ok()) return hash.status();
  body->set_opinion_hash(*hash);
  return Status::Ok();
}

// INVALID_ARGUMENT "give the reason with --reason ..." when `reason` is empty.
Status RequireReason(const std::string& reason, const std::string& what);

// An optional point in chain time (--until): 0 when `text` is empty. A bare
// date is midnight China Standard Time, as everywhere in the lifecycle.
Result<uint64_t> OptionalTimeMs(const std::string& text, const std::string& option);

}  // namespace lincao::cli
