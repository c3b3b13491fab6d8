// Human output for using credits (chaincode version 4): retirement lists,
// totals and certificates, settlements and mandates.
#include <string>
#include <vector>

#include "chaincode/bytes.h"
#include "tools/cli/format.h"
#include "tools/cli/names.h"
#include "tools/cli/ranges.h"
#include "tools/cli/render.h"

namespace lincao::cli {
namespace {

// "1,000 kg CO2e": the unit people read a retirement in.
std::string Kg(uint64_t units) {
  std::string digits = std::to_string(units);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out + " kg CO2e";
}

std::string Beneficiary(const v1::RetirementRecord& r) {
  if (r.beneficiary().has_person_commitment()) {
    return "a person (commitment " + ToHex(r.beneficiary().person_commitment()) + ")";
  }
  return r.beneficiary().organisation();
}

// RetiredRange and BatchRange have the same shape: a batch and a range.
template <typename Range>
std::string RangesOf(const google::protobuf::RepeatedPtrField<Range>& ranges) {
  std::string out;
  for (const auto& r : ranges) {
    out += (out.empty() ? "" : ", ") + FormatRange(r.range().first(), r.range().last()) +
           " (batch " + std::to_string(r.batch_id()) + ")";
  }
  return out.empty() ? "-" : out;
}

}  // namespace

std::string RetirementDetailText(const v1::RetirementRecord& r) {
  switch (r.detail_case()) {
    case v1::RetirementRecord::kEvent:
      return EventKindText(r.event().kind()) + " \"" + r.event().name() + "\"";
    case v1::RetirementRecord::kTreePlanting:
      return std::to_string(r.tree_planting().duties()) + " tree-planting dut" +
             (r.tree_planting().duties() == 1 ? "y" : "ies") + " at " +
             std::to_string(r.kg_per_planting_duty()) + " kg each";
    case v1::RetirementRecord::kEcoJudicial:
      return "case " + r.eco_judicial().case_number() +
             (r.eco_judicial().court().empty()
                  ? ", court order " + r.eco_judicial().court_order_ref()
                  : ", co-signed by court " + r.eco_judicial().court());
    case v1::RetirementRecord::kFootprint:
      return "footprint: " + FootprintCategoryText(r.footprint().category());
    case v1::RetirementRecord::kSubject:
      return "subject \"" + r.subject().name() + "\"";
    case v1::RetirementRecord::DETAIL_NOT_SET:
      break;
  }
  return "";
}

void RenderRetirements(const v1::Retirements& r, std::ostream& out) {
  std::vector<std::vector<std::string>> rows = {
      {"id", "holder", "kg CO2e", "purpose", "beneficiary", "period start", "detail"}};
  for (const auto& x : r.retirements()) {
    rows.push_back(
        {std::to_string(x.id()), x.holder(), std::to_string(x.quantity()),
         PurposeShortName(x.purpose()),
         x.beneficiary().has_person_commitment()
             ? "person " + ToHex(x.beneficiary().person_commitment()).substr(0, 12) + "..."
             : x.beneficiary().organisation(),
         FormatTimeMs(x.period_start_ms()), OrDash(RetirementDetailText(x))});
  }
  if (rows.size() == 1) {
    out << "no retirements match\n";
    return;
  }
  Table(rows, out);
}

void RenderRetirementTotals(const v1::RetirementTotals& t, std::ostream& out) {
  std::vector<std::vector<std::string>> rows = {{"purpose", "retirements", "kg CO2e"}};
  for (const auto& p : t.purposes()) {
    rows.push_back(
        {PurposeShortName(p.purpose()), std::to_string(p.count()), std::to_string(p.kg())});
  }
  rows.push_back({"total", std::to_string(t.total_count()), std::to_string(t.total_kg())});
  Table(rows, out);
  if (t.retirements_before_v4() != 0) {
    out << "not counted: " << t.retirements_before_v4()
        << " retirement(s) recorded before chaincode version 4 (`lincao query retirement ID`)\n";
  }
}

void RenderRetirementCertificate(const v1::RetirementCertificate& c, std::ostream& out) {
  const v1::RetirementRecord& r = c.retirement();
  std::string what = PurposeShortName(r.purpose());
  if (const std::string detail = RetirementDetailText(r); !detail.empty()) {
    what += ": " + detail;
  }
  out << "Retirement " << r.id() << ": " << Kg(r.quantity()) << " retired by " << r.holder()
      << " for " << Beneficiary(r) << " (" << what << "); tx " << ToHex(c.tx_id()) << "; block "
      << c.height() << " hash " << ToHex(c.block_hash()) << "\n";
  Field(out, "consumption",
        FormatTimeMs(r.period_start_ms()) + " to " + FormatTimeMs(r.period_end_ms()));
  Field(out, "jurisdiction", OrDash(r.jurisdiction()));
  Field(out, "note", OrDash(r.note()));
  if (r.claim_id() != 0) Field(out, "claim", std::to_string(r.claim_id()));
  Field(out, "serials", RangesOf(r.ranges()));
  Field(out, "block time", FormatChinaTimeMs(c.header().time_ms()));
  Field(out, "state root", ToHex(c.header().state_root()));
  Field(out, "results root", ToHex(c.header().results_root()));
  Field(out, "txs root", ToHex(c.header().txs_root()));
  Field(out, "result",
        "transaction " + std::to_string(c.tx_index()) + " of " + std::to_string(c.results_count()) +
            " in the block, created id " + std::to_string(c.result().created_id()) + ", proof of " +
            std::to_string(c.results_proof_size()) + " hash(es)");
  out << "check: H(tx) = tx id; the result with its proof gives the results root; the header "
         "hashes to the block hash (docs/formats.md \"Blocks\"); --json has every byte\n";
}

void RenderSettlement(const v1::Settlement& s, std::ostream& out) {
  Field(out, "settlement", s.trade_ref() + " by exchange " + s.exchange());
  Field(out, "recorded",
        "block " + std::to_string(s.height()) + " at " + FormatChinaTimeMs(s.time_ms()));
  Field(out, "tx", ToHex(s.tx_id()));
  std::vector<std::vector<std::string>> rows = {{"leg", "from", "to", "units", "serials"}};
  for (int i = 0; i < s.legs_size(); ++i) {
    const auto& leg = s.legs(i);
    rows.push_back({std::to_string(i), leg.from(), leg.to(), std::to_string(leg.quantity()),
                    RangesOf(leg.ranges())});
  }
  Table(rows, out);
}

void RenderSettlements(const v1::Settlements& s, std::ostream& out) {
  std::vector<std::vector<std::string>> rows = {{"trade", "block", "legs", "units"}};
  for (const auto& x : s.settlements()) {
    uint64_t units = 0;
    for (const auto& leg : x.legs()) units += leg.quantity();  // 64 legs of <= 2^50 each
    rows.push_back({x.trade_ref(), std::to_string(x.height()), std::to_string(x.legs_size()),
                    std::to_string(units)});
  }
  if (rows.size() == 1) {
    out << "no settlements\n";
    return;
  }
  Table(rows, out);
}

void RenderMandates(const v1::SettlementMandates& m, std::ostream& out) {
  std::vector<std::vector<std::string>> rows = {{"client", "since block", "granted at"}};
  for (const auto& x : m.mandates()) {
    rows.push_back({x.client(), std::to_string(x.height()), FormatChinaTimeMs(x.time_ms())});
  }
  if (rows.size() == 1) {
    out << "no mandates in force\n";
    return;
  }
  Table(rows, out);
}

}  // namespace lincao::cli
