// Registering one transaction subcommand: its options (a struct with a
// TxOptions member `tx`), the function that builds the body from them, and
// a help text with an example. Used by the credit lifecycle commands
// (methodology, project, report, issue, hold, freeze, cancel, loss), which
// all follow one pattern: build the body (syntax checks only; the ledger
// applies the rules), then sign and submit it, or write it with --out.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "chaincode/status.h"
#include "lincao/v1/tx.pb.h"
#include "tools/cli/command.h"
#include "tools/cli/submit.h"

namespace lincao::cli {

// Fills the body of `tx` (and, when the body names who must co-sign, its
// cosigners: SubmitTx merges them with --cosigner). `io.err` takes progress
// lines (hashing a large document). INVALID_ARGUMENT means the command line
// or an input file is wrong (exit 2); any other code, that a file could not
// be read (exit 1).
template <typename Options>
using BodyBuilder = std::function<Status(const Options&, const Io&, v1::Tx*)>;

// Builds, then submits; the exit code of the whole command.
template <typename Options>
int BuildAndSubmit(const Options& opts, const BodyBuilder<Options>& build, const Io& io) {
  v1::Tx tx;
  Status st = build(opts, io, &tx);
  if (st.code() == v1::INVALID_ARGUMENT) return UsageError(io, st.message());
  if (!st.ok()) return Fail(io, st.message());
  return SubmitTx(opts.tx, std::move(tx), io);
}

template <typename Options>
CLI::App* AddTxSubcommand(CLI::App* parent, Runner& runner, const std::string& name,
                          const std::string& help, const std::string& example,
                          std::shared_ptr<Options> opts, BodyBuilder<Options> build) {
  CLI::App* cmd = parent->add_subcommand(name, help);
  AddTxOptions(cmd, &opts->tx);
  cmd->footer("Example:\n" + example);
  cmd->callback([&runner, opts, build] {
    runner.action = [&runner, opts, build] { return BuildAndSubmit(*opts, build, runner.io); };
  });
  return cmd;
}

}  // namespace lincao::cli
