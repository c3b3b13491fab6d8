// `lincao tx issue|transfer|retire`: the credit transactions. Each builds
// its body from the options (syntax checks only; the ledger applies the
// rules) and hands it to SubmitTx. `tx issue` is issue_batch, which only
// chains before chaincode version 3 accept; version 3 issues for a
// monitoring report (`lincao issue`, report_cmd.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "chaincode/status.h"
#include "lincao/v1/tx.pb.h"
#include "tools/cli/command.h"
#include "tools/cli/submit.h"

namespace lincao::cli {

// A period given as --period-start and --period-end (both or neither).
struct PeriodOptions {
  std::string start;
  std::string end;
};

struct IssueOptions {
  TxOptions tx;
  std::string to;
  uint64_t quantity = 0;
  std::string project;
  uint32_t vintage = 0;
  PeriodOptions period;
  std::string report_hash;
  std::string note;
};

struct TransferOptions {
  TxOptions tx;
  std::string to;
  std::optional<uint64_t> quantity;  // default: the total of --range
  std::vector<std::string> ranges;
  std::string memo;
};

struct RetireOptions {
  TxOptions tx;
  std::optional<uint64_t> quantity;  // default: the total of --range
  std::vector<std::string> ranges;
  std::string beneficiary_org;
  std::string beneficiary_commitment;
  std::string purpose;
  std::string scenario_ref;
  std::string jurisdiction;
  PeriodOptions period;
  std::string note;
  // Chaincode version 4: the detail the purpose needs, and the claim link.
  std::string event;               // --event NAME (large-event)
  std::string event_kind;          // --event-kind meeting|exhibition|competition
  std::optional<uint32_t> duties;  // --duties N (tree-planting-duty)
  std::string case_number;         // --case-number (eco-judicial), with
  std::string court;               // --court ACCOUNT (co-signs), or
  std::string court_order;         // --court-order REF
  std::string category;            // --category clothing|food|housing|travel|use
  std::string subject;             // --subject NAME (organisation ... region)
  uint64_t claim = 0;              // --claim ID
};

// The bodies, or INVALID_ARGUMENT saying which option is wrong.
Result<v1::IssueBatch> BuildIssue(const IssueOptions& opts);
Result<v1::Transfer> BuildTransfer(const TransferOptions& opts);
Result<v1::Retire> BuildRetire(const RetireOptions& opts);

void AddTxCommand(CLI::App& app, Runner& runner);

}  // namespace lincao::cli
