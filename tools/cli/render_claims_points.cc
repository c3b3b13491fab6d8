// Human output for neutrality claims and personal carbon points (chaincode
// version 4): a claim with its coverage and linked retirements, a list of
// claims, and a personal account's points with its movements.
#include <string>
#include <vector>

#include "chaincode/bytes.h"
#include "tools/cli/format.h"
#include "tools/cli/names.h"
#include "tools/cli/render.h"

namespace lincao::cli {
namespace {

std::string N(uint64_t v) { return std::to_string(v); }

std::string CoverageText(v1::ClaimCoverage c) {
  switch (c) {
    case v1::CLAIM_OPEN:
      return "open";
    case v1::CLAIM_PARTLY_COVERED:
      return "partly covered";
    case v1::CLAIM_COVERED:
      return "covered";
    default:
      return "coverage " + N(c);
  }
}

std::string StateText(const v1::NeutralityClaim& c) {
  switch (c.state()) {
    case v1::CLAIM_ACTIVE:
      return "active (takes retirements)";
    case v1::CLAIM_WITNESSED:
      return "witnessed by " + c.closed_by() + " in block " + N(c.closed_height());
    case v1::CLAIM_WITHDRAWN:
      return "withdrawn by " + c.closed_by() + " in block " + N(c.closed_height()) + ": " +
             c.withdraw_reason();
    default:
      return "state " + N(c.state());
  }
}

std::string ShortState(v1::ClaimState s) {
  switch (s) {
    case v1::CLAIM_ACTIVE:
      return "active";
    case v1::CLAIM_WITNESSED:
      return "witnessed";
    case v1::CLAIM_WITHDRAWN:
      return "withdrawn";
    default:
      return "state " + N(s);
  }
}

std::string MovementText(const v1::PointMovement& m) {
  switch (m.kind()) {
    case v1::POINTS_EARNED:
      return FootprintCategoryText(m.category()) + " on " + FormatChinaDay(m.day());
    case v1::POINTS_FOR_RETIREMENT:
      return "retirement " + N(m.retirement_id()) + " of " + FormatUnits(m.quantity_kg()) + " (" +
             FootprintCategoryText(m.category()) + ")";
    case v1::POINTS_FOR_BENEFIT:
      return "benefit: " + m.benefit();
    default:
      return "kind " + N(m.kind());
  }
}

}  // namespace

void RenderClaim(const v1::ClaimDetail& d, std::ostream& out) {
  const v1::NeutralityClaim& c = d.claim();
  Field(out, "claim", N(c.id()));
  Field(out, "entity", c.entity() + " (" + EntityKindText(c.entity_kind()) + ")");
  Field(out, "declarant", c.declarant());
  Field(out, "platform",
        c.platform().empty() ? "- (only the declarant's retirements count)"
                             : c.platform() + " (its retirements count too)");
  Field(out, "period",
        FormatTimeMs(c.period_start_ms()) + " to " + FormatTimeMs(c.period_end_ms()) +
            " (end exclusive)");
  Field(out, "footprint", FormatUnits(c.footprint_kg()));
  Field(out, "covered",
        FormatUnits(c.covered_kg()) + " by " + N(c.retirements()) +
            " retirement(s): " + CoverageText(c.coverage()));
  Field(out, "status", StateText(c));
  Field(out, "evidence", ToHex(c.evidence_hash()));
  if (!c.statement_hash().empty()) Field(out, "statement", ToHex(c.statement_hash()));
  Field(out, "declared",
        "block " + N(c.height()) + " at " + FormatTimeMs(c.time_ms()) + ", tx " + ToHex(c.tx_id()));
  if (d.retirements().empty()) {
    out << "no linked retirements" << (d.next_page_token().empty() ? "" : " on this page") << "\n";
    return;
  }
  out << "linked retirements:\n";
  std::vector<std::vector<std::string>> rows = {{"RETIREMENT", "HOLDER", "UNITS", "PERIOD"}};
  for (const auto& r : d.retirements()) {
    rows.push_back({N(r.id()), r.holder(), N(r.quantity()),
                    FormatTimeMs(r.period_start_ms()) + " to " + FormatTimeMs(r.period_end_ms())});
  }
  Table(rows, out);
}

void RenderClaims(const v1::NeutralityClaims& c, std::ostream& out) {
  if (c.claims().empty()) {
    out << "no neutrality claims\n";
    return;
  }
  std::vector<std::vector<std::string>> rows = {
      {"CLAIM", "KIND", "ENTITY", "DECLARANT", "FOOTPRINT", "COVERED", "COVERAGE", "STATE"}};
  for (const auto& x : c.claims()) {
    rows.push_back({N(x.id()), EntityKindText(x.entity_kind()), x.entity(), x.declarant(),
                    N(x.footprint_kg()), N(x.covered_kg()), CoverageText(x.coverage()),
                    ShortState(x.state())});
  }
  Table(rows, out);
}

void RenderPoints(const v1::PointsAccount& p, const v1::PointMovements& m, std::ostream& out) {
  Field(out, "account", p.account());
  Field(out, "custodian",
        p.custodian().empty() ? "- (not in custody: no points are recorded)" : p.custodian());
  Field(out, "balance", N(p.balance()) + " points");
  Field(out, "earned", N(p.earned()) + " points");
  Field(out, "redeemed", N(p.redeemed()) + " points");
  Field(out, "movements", N(p.movement_count()));
  if (m.movements().empty()) return;
  std::vector<std::vector<std::string>> rows = {{"#", "BLOCK", "POINTS", "BALANCE", "WHAT"}};
  for (const auto& x : m.movements()) {
    const std::string sign = x.kind() == v1::POINTS_EARNED ? "+" : "-";
    rows.push_back(
        {N(x.seq()), N(x.height()), sign + N(x.points()), N(x.balance_after()), MovementText(x)});
  }
  Table(rows, out);
}

}  // namespace lincao::cli
