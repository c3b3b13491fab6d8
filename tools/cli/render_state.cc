// Human output for registry state: accounts, holdings, batches, retirements.
#include <algorithm>
#include <vector>

#include "chaincode/bytes.h"
#include "chaincode/suite.h"
#include "tools/cli/describe.h"
#include "tools/cli/format.h"
#include "tools/cli/names.h"
#include "tools/cli/ranges.h"
#include "tools/cli/render.h"

namespace lincao::cli {
namespace {

std::string Period(uint64_t start_ms, uint64_t end_ms) {
  if (start_ms == 0 && end_ms == 0) return "-";
  return FormatTimeMs(start_ms) + " to " + FormatTimeMs(end_ms);
}

std::string Count(const v1::SerialRange& r) { return FormatUnits(r.last() - r.first() + 1); }

std::string SanctionText(const v1::Sanction& s) {
  std::string text = v1::SanctionKind_IsValid(s.kind())
                         ? v1::SanctionKind_Name(s.kind())
                         : "kind " + std::to_string(static_cast<int>(s.kind()));
  if (!s.allowed_actions().empty()) {
    std::string allowed;
    for (uint32_t n : s.allowed_actions()) {
      allowed += (allowed.empty() ? "" : ", ") + BodyName(static_cast<int>(n));
    }
    text += " (may still: " + allowed + ")";
  }
  if (!s.sectors().empty()) {
    std::string sectors;
    for (int sec : s.sectors()) {
      sectors += (sectors.empty() ? "" : ", ") +
                 (v1::Sector_IsValid(sec) ? v1::Sector_Name(static_cast<v1::Sector>(sec))
                                          : std::to_string(sec));
    }
    text += " (verifier work in " + sectors + ")";
  }
  return text + " by " + s.authority() + " in block " + std::to_string(s.height()) + " at " +
         FormatTimeMs(s.time_ms()) + ", reason: " + s.reason();
}

}  // namespace

void RenderAccount(const v1::Account& a, std::ostream& out) {
  Field(out, "account", a.id());
  Field(out, "name", OrDash(a.display_name()));
  std::string roles;
  for (int r : a.roles()) {
    roles += (roles.empty() ? "" : ", ") +
             (v1::Role_IsValid(r) ? v1::Role_Name(static_cast<v1::Role>(r)) : std::to_string(r));
  }
  Field(out, "roles", OrDash(roles));
  if (!a.custodian().empty()) {
    Field(
        out, "custodian",
        a.custodian() + (a.closed_height() == 0 ? " (signs for it with its own keys and threshold)"
                                                : " (signed for it until it closed)"));
  } else {
    Field(out, "threshold",
          std::to_string(a.threshold()) + " of " + std::to_string(a.keys_size()) + " key(s)");
  }
  for (const auto& k : a.keys()) {
    Field(out, "key " + std::to_string(k.key_id()),
          std::string(SuiteName(k.suite())) + " " + ToHex(k.key()));
  }
  for (const auto& rs : a.role_sectors()) {
    std::string sectors;
    for (int sec : rs.sectors()) {
      sectors += (sectors.empty() ? "" : ", ") +
                 (v1::Sector_IsValid(sec) ? v1::Sector_Name(static_cast<v1::Sector>(sec))
                                          : std::to_string(sec));
    }
    Field(out, "sectors", v1::Role_Name(rs.role()) + ": " + sectors);
  }
  if (!a.retired_key_ids().empty()) {
    std::string ids;
    for (uint32_t id : a.retired_key_ids()) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
    Field(out, "retired keys", ids);
  }
  if (!a.identity_hash().empty())
    Field(out, "identity", "documents hash " + ToHex(a.identity_hash()));
  if (!a.holder_commitment().empty()) {
    Field(out, "holder", "a person, commitment " + ToHex(a.holder_commitment()));
  }
  if (a.accounts_in_custody() != 0) {
    Field(out, "in custody", std::to_string(a.accounts_in_custody()) + " personal account(s)");
  }
  Field(out, "opened",
        a.opened_height() == 0 ? "at genesis" : "block " + std::to_string(a.opened_height()));
  if (a.closed_height() != 0) {
    Field(out, "closed",
          "block " + std::to_string(a.closed_height()) + " (never acts, signs or receives again)");
  }
  if (a.has_sanction()) Field(out, "sanction", SanctionText(a.sanction()));
}

void RenderGovernance(const v1::Governance& g, std::ostream& out) {
  Field(out, "as of block", std::to_string(g.height()));
  if (g.has_policy()) {
    std::string accounts;
    for (const auto& a : g.policy().accounts()) accounts += (accounts.empty() ? "" : ", ") + a;
    Field(out, "policy",
          std::to_string(g.policy().threshold()) + " of " +
              std::to_string(g.policy().accounts_size()) + ": " + accounts);
  } else {
    Field(out, "policy", "none (governance transactions are refused)");
  }
  Field(out, "chaincode", "version " + std::to_string(g.chaincode_version()) + " in force");
  for (const auto& a : g.activations()) {
    Field(out, "activation",
          "version " + std::to_string(a.version()) + " from block " + std::to_string(a.height()) +
              " (scheduled in block " + std::to_string(a.scheduled_height()) + ")");
  }
  out << "parameters:\n";
  std::vector<std::vector<std::string>> t{{"NAME", "VALUE", "UNIT", "BOUNDS", "DEFAULT", "SET IN"}};
  // A value below the bounds is a default that means "not decided yet"
  // (kg_per_planting_duty 0): governance can set it, never set it back.
  auto value = [](const v1::Parameter& p, uint64_t v) {
    return v < p.min() ? "not set" : std::to_string(v);
  };
  for (const auto& p : g.parameters()) {
    t.push_back({p.name(), value(p, p.value()), p.unit(),
                 std::to_string(p.min()) + ".." + std::to_string(p.max()),
                 value(p, p.default_value()),
                 p.set_height() == 0 ? "genesis" : "block " + std::to_string(p.set_height())});
  }
  Table(t, out);
  out << "sanctions in force: " << g.sanctions_size() << "\n";
  for (const auto& s : g.sanctions()) {
    out << "  " << s.account() << ": " << SanctionText(s) << "\n";
  }
  out << "nodes:\n";
  std::vector<std::vector<std::string>> n{{"ID", "VOTER", "ADDRESS", "PUBLIC KEY"}};
  for (const auto& m : g.members()) {
    n.push_back({m.id(), m.voter() ? "yes" : "no", OrDash(m.address()), ToHex(m.public_key())});
  }
  Table(n, out);
}

void RenderHoldings(const v1::Holdings& h, std::ostream& out) {
  Field(out, "account", h.account());
  Field(out, "total", FormatUnits(h.total()));
  if (h.holdings().empty()) {
    out << (h.total() == 0 ? "no units held\n" : "no ranges on this page\n");
    return;
  }
  if (h.range_count() > static_cast<uint64_t>(h.holdings_size())) {
    Field(out, "ranges",
          std::to_string(h.range_count()) + " (" + std::to_string(h.holdings_size()) +
              " on this page)");
  }
  std::vector<std::vector<std::string>> rows = {{"batch", "serials", "units"}};
  for (const auto& held : h.holdings()) {
    rows.push_back({std::to_string(held.batch_id()),
                    FormatRange(held.range().first(), held.range().last()), Count(held.range())});
  }
  Table(rows, out);
  if (h.next_after_serial() != 0) {
    out << "more ranges: lincao query holdings " << h.account() << " --after "
        << h.next_after_serial() << "\n";
  }
}

void RenderBatch(const v1::CreditBatch& b, std::ostream& out) {
  Field(out, "batch", std::to_string(b.id()) + (b.code().empty() ? "" : " (" + b.code() + ")"));
  Field(out, "project", b.project_id());
  if (b.report() != 0) Field(out, "report", std::to_string(b.report()));
  Field(out, "vintage", std::to_string(b.vintage()));
  Field(out, "quantity", FormatUnits(b.quantity()));
  Field(out, "serials", FormatRange(b.serials().first(), b.serials().last()));
  Field(out, "issued to", b.issued_to() + " in block " + std::to_string(b.issued_height()));
  Field(out, "tradable", FormatUnits(b.tradable()));
  if (b.held() != 0) Field(out, "held", FormatUnits(b.held()));
  Field(out, "retired", FormatUnits(b.retired()));
  if (b.cancelled() != 0) Field(out, "cancelled", FormatUnits(b.cancelled()));
  if (b.buffer_issued() != 0) {
    Field(out, "buffer",
          FormatUnits(b.buffer()) + " left of " + FormatUnits(b.buffer_issued()) +
              " set aside at issuance");
  }
  if (b.exported() != 0) Field(out, "exported", FormatUnits(b.exported()));
  // Batches of the credit lifecycle (they have a code) keep the calendar
  // their vintage was counted in, China Standard Time.
  Field(out, "monitoring",
        b.code().empty() || b.period_end_ms() == 0
            ? Period(b.period_start_ms(), b.period_end_ms())
            : FormatChinaTimeMs(b.period_start_ms()) + " to " +
                  FormatChinaTimeMs(b.period_end_ms()) + " (end exclusive)");
  Field(out, "report hash", b.report_hash().empty() ? "-" : ToHex(b.report_hash()));
  Field(out, "note", OrDash(b.note()));
}

void RenderRetirement(const v1::RetirementRecord& r, std::ostream& out) {
  Field(out, "retirement", std::to_string(r.id()));
  Field(out, "holder", r.holder());
  Field(out, "quantity", FormatUnits(r.quantity()));
  switch (r.beneficiary().who_case()) {
    case v1::Beneficiary::kOrganisation:
      Field(out, "beneficiary", r.beneficiary().organisation() + " (organisation)");
      break;
    case v1::Beneficiary::kPersonCommitment:
      Field(out, "beneficiary",
            "a person, commitment " + ToHex(r.beneficiary().person_commitment()));
      break;
    case v1::Beneficiary::WHO_NOT_SET:
      Field(out, "beneficiary", "-");
      break;
  }
  Field(out, "purpose", PurposeShortName(r.purpose()));
  if (const std::string detail = RetirementDetailText(r); !detail.empty()) {
    Field(out, "detail", detail);
  }
  if (r.claim_id() != 0) Field(out, "claim", std::to_string(r.claim_id()));
  Field(out, "scenario", OrDash(r.scenario_ref()));
  Field(out, "jurisdiction", OrDash(r.jurisdiction()));
  Field(out, "period", Period(r.period_start_ms(), r.period_end_ms()));
  Field(out, "note", OrDash(r.note()));
  Field(out, "tx", ToHex(r.tx_id()));
  Field(out, "recorded",
        "block " + std::to_string(r.height()) + " at " + FormatTimeMs(r.time_ms()));
  out << "serials retired:\n";
  std::vector<std::vector<std::string>> rows = {{"batch", "serials", "units"}};
  for (const auto& rr : r.ranges()) {
    rows.push_back({std::to_string(rr.batch_id()),
                    FormatRange(rr.range().first(), rr.range().last()), Count(rr.range())});
  }
  Table(rows, out);
}

}  // namespace lincao::cli
