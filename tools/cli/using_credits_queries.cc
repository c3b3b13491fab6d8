#include "tools/cli/using_credits_queries.h"

#include <memory>
#include <string>

#include "tools/cli/names.h"
#include "tools/cli/query_helpers.h"
#include "tools/cli/render.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

// The request of `query retirements` from its options; INVALID_ARGUMENT
// naming the option that is wrong.
Result<v1::ListRetirementsRequest> RetirementsRequest(const QuerySpec& s) {
  v1::ListRetirementsRequest req;
  if (!s.purpose.empty()) {
    auto purpose = ParsePurpose(s.purpose);
    if (!purpose.ok()) return purpose.status();
    req.set_purpose(*purpose);
  }
  if (!s.commitment.empty()) {
    auto c = ParseHexArg(s.commitment, "--commitment", 32);
    if (!c.ok()) return c.status();
    req.set_beneficiary_commitment(*c);
  }
  req.set_project(s.project);
  if (s.period_from.empty() != s.period_to.empty()) {
    return Status(v1::INVALID_ARGUMENT,
                  "give both --from and --to: retirements whose consumption period starts in "
                  "[from, to)");
  }
  if (!s.period_from.empty()) {
    auto from = ParseTimeMs(s.period_from, "--from");
    if (!from.ok()) return from.status();
    auto to = ParseTimeMs(s.period_to, "--to");
    if (!to.ok()) return to.status();
    if (*from >= *to) return Status(v1::INVALID_ARGUMENT, "--from must be before --to");
    req.set_period_from_ms(*from);
    req.set_period_to_ms(*to);
  }
  *req.mutable_page() = Page(s);
  return req;
}

// The query as typed, for the next-page hint.
std::string RetirementsCommand(const QuerySpec& s) {
  return "lincao query retirements" + OptionText("--purpose", s.purpose) +
         OptionText("--commitment", s.commitment) + OptionText("--project", s.project) +
         OptionText("--from", s.period_from) + OptionText("--to", s.period_to) +
         (s.page_size != 0 ? " --limit " + std::to_string(s.page_size) : "");
}

int QueryRetirements(const QuerySpec& s, const Io& io) {
  auto req = RetirementsRequest(s);
  if (!req.ok()) return UsageError(io, req.status().message());
  return Query(s.node, io, &NodeClient::ListRetirements, *req,
               [&](const v1::Retirements& r, std::ostream& out) {
                 RenderRetirements(r, out);
                 MorePages(r.next_page_token(), RetirementsCommand(s), out);
               });
}

int QueryRetirementTotals(const QuerySpec& s, const Io& io) {
  return Query(s.node, io, &NodeClient::GetRetirementTotals, v1::GetRetirementTotalsRequest(),
               &RenderRetirementTotals);
}

int QueryCertificate(const QuerySpec& s, const Io& io) {
  v1::GetRetirementCertificateRequest req;
  req.set_id(s.number);
  return Query(s.node, io, &NodeClient::GetRetirementCertificate, req,
               &RenderRetirementCertificate);
}

int QuerySettlement(const QuerySpec& s, const Io& io) {
  v1::GetSettlementRequest req;
  req.set_exchange(s.exchange);
  req.set_trade_ref(s.text);
  return Query(s.node, io, &NodeClient::GetSettlement, req, &RenderSettlement);
}

int QuerySettlements(const QuerySpec& s, const Io& io) {
  v1::ListSettlementsRequest req;
  req.set_exchange(s.exchange);
  *req.mutable_page() = Page(s);
  return Query(s.node, io, &NodeClient::ListSettlements, req,
               [&](const v1::Settlements& r, std::ostream& out) {
                 RenderSettlements(r, out);
                 MorePages(r.next_page_token(), "lincao query settlements " + s.exchange, out);
               });
}

int QueryMandates(const QuerySpec& s, const Io& io) {
  v1::ListMandatesRequest req;
  req.set_exchange(s.exchange);
  *req.mutable_page() = Page(s);
  return Query(s.node, io, &NodeClient::ListMandates, req,
               [&](const v1::SettlementMandates& r, std::ostream& out) {
                 RenderMandates(r, out);
                 MorePages(r.next_page_token(), "lincao query mandates " + s.exchange, out);
               });
}

}  // namespace

void AddUsingCreditsQueries(CLI::App* query, Runner& runner) {
  auto retirements = std::make_shared<QuerySpec>();
  CLI::App* rc = AddQuery(
      query, runner, "retirements",
      "List retirements: every one by id, or those of a purpose, a person (beneficiary "
      "commitment), a project's units, or a consumption period starting in [--from, --to). "
      "Filters combine. Retirements recorded before chaincode version 4 are listed only "
      "without filters.",
      "lincao query retirements --purpose personal-footprint --from 2026-01-01 --to 2027-01-01",
      QueryRetirements, retirements);
  rc->add_option("--purpose", retirements->purpose, "only this purpose: " + PurposeChoices());
  rc->add_option("--commitment", retirements->commitment,
                 "only retirements for this person: the 32-byte beneficiary commitment, hex");
  rc->add_option("--project", retirements->project, "only retirements of this project's units");
  rc->add_option("--from", retirements->period_from,
                 "consumption periods starting at or after this (unix ms, a UTC date like "
                 "2026-01-01 as `tx retire --period-start` reads it, or a date-time with its "
                 "zone)");
  rc->add_option("--to", retirements->period_to, "... and before this");
  rc->add_option("--limit,--page-size", retirements->page_size,
                 "items per page (default: the node's, 100; at most 1000)");
  rc->add_option("--page-token", retirements->page_token,
                 "where the next page starts: the token the previous page printed");

  auto totals = std::make_shared<QuerySpec>();
  AddQuery(query, runner, "retirement-totals",
           "Show what was retired per purpose (kg CO2e and count) and in all, from the "
           "registry's totals kept since chaincode version 4.",
           "lincao query retirement-totals", QueryRetirementTotals, totals);

  auto certificate = std::make_shared<QuerySpec>();
  AddQuery(query, runner, "certificate",
           "Show a retirement's certificate in plain words: what was retired, by whom, for whom "
           "and why, its transaction and block; --json adds the signed transaction, the block "
           "header and the Merkle proof of its result, so anyone can check it against the chain.",
           "lincao query certificate 7    or    lincao query certificate 7 --json",
           QueryCertificate, certificate)
      ->add_option("ID", certificate->number, "retirement id")
      ->required();

  auto settlement = std::make_shared<QuerySpec>();
  CLI::App* sc =
      AddQuery(query, runner, "settlement",
               "Show a settled trade: its legs, the serials each moved, its block.",
               "lincao query settlement west-exchange WX-2026-000381", QuerySettlement, settlement);
  sc->add_option("EXCHANGE", settlement->exchange, "the exchange that settled it")->required();
  sc->add_option("REF", settlement->text, "its trade reference")->required();

  auto settlements = std::make_shared<QuerySpec>();
  CLI::App* ssc = AddQuery(query, runner, "settlements",
                           "List an exchange's settled trades by trade reference.",
                           "lincao query settlements west-exchange", QuerySettlements, settlements);
  ssc->add_option("EXCHANGE", settlements->exchange, "exchange account")->required();
  AddPageOptions(ssc, settlements.get());

  auto mandates = std::make_shared<QuerySpec>();
  CLI::App* mc = AddQuery(query, runner, "mandates",
                          "List the clients whose settlement mandates an exchange holds.",
                          "lincao query mandates west-exchange", QueryMandates, mandates);
  mc->add_option("EXCHANGE", mandates->exchange, "exchange account")->required();
  AddPageOptions(mc, mandates.get());
}

}  // namespace lincao::cli
