#include "tools/cli/app.h"

#include <CLI/CLI.hpp>

#include "chaincode/suite.h"
#include "tools/cli/account_cmd.h"
#include "tools/cli/audit_cmd.h"
#include "tools/cli/audit_verify.h"
#include "tools/cli/certificate_cmd.h"
#include "tools/cli/claim_cmd.h"
#include "tools/cli/command.h"
#include "tools/cli/genesis_cmd.h"
#include "tools/cli/gov_cmd.h"
#include "tools/cli/hold_cmd.h"
#include "tools/cli/keys_cmd.h"
#include "tools/cli/methodology_cmd.h"
#include "tools/cli/multisig_cmd.h"
#include "tools/cli/points_cmd.h"
#include "tools/cli/project_cmd.h"
#include "tools/cli/query_cmd.h"
#include "tools/cli/report_cmd.h"
#include "tools/cli/reversal_cmd.h"
#include "tools/cli/settlement_cmd.h"
#include "tools/cli/tx_cmd.h"

namespace lincao::cli {

int Main(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  Runner runner{Io{out, err}, {}};
  CLI::App app(
      "lincao: command line for the lincao registry of Sichuan forestry and grassland "
      "carbon-inclusive credits. Create keys and a dev chain, open accounts, take a project "
      "from its methodology through monitoring and verification to issuance, transfer, retire, "
      "pledge, freeze and cancel credits, declare and witness neutrality claims, record and "
      "redeem personal carbon points, govern the chain with several signatures, and read "
      "the ledger through a running lincaod.",
      "lincao");
  app.footer(
      "Units: 1 unit = 1 kg CO2e; 1000 units = 1 credit = 1 tCO2e.\n"
      "Commands that talk to a node use --node HOST:PORT (default $LINCAO_NODE, else "
      "127.0.0.1:7050).\n"
      "Several signers: add --out FILE to any transaction command, then `lincao sign FILE "
      "--key KEYFILE` per signer, `lincao inspect FILE`, `lincao submit FILE`.\n"
      "Exit codes: 0 success, 1 failed or rejected, 2 wrong command line.\n"
      "Run `lincao COMMAND --help` for each command; docs/cli.md has examples.");
  app.require_subcommand(1);
  app.set_version_flag("--version", "lincao " LINCAO_VERSION);
  AddKeysCommand(app, runner);
  AddGenesisCommand(app, runner);
  AddAccountCommand(app, runner);
  AddTxCommand(app, runner);
  AddMethodologyCommand(app, runner);
  AddProjectCommand(app, runner);
  AddReportCommands(app, runner);
  AddHoldCommands(app, runner);
  AddReversalCommands(app, runner);
  AddSettlementCommands(app, runner);
  AddClaimCommands(app, runner);
  AddPointsCommands(app, runner);
  AddGovCommands(app, runner);
  AddMultisigCommands(app, runner);
  AddQueryCommand(app, runner);
  AddAuditCommands(app, runner);
  AddAuditVerifyCommands(*app.get_subcommand("audit"), runner);
  AddCertificateCommands(app, runner);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
      app.exit(e, out, err);  // --help, --version
      return kExitOk;
    }
    return UsageError(runner.io, e.what());
  }
  if (!runner.action) return UsageError(runner.io, "no command given");
  if (!InitCrypto()) return Fail(runner.io, "could not initialise libsodium");
  return runner.action();
}

}  // namespace lincao::cli
