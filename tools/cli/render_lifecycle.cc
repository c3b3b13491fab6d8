// Human output for the credit lifecycle's records: batches of a project,
// the buffer pool (and, with the lifecycle's queries, methodologies,
// projects, reports, holds, freezes, cancellations and losses).
#include <string>
#include <vector>

#include <cctype>

#include "chaincode/bytes.h"
#include "chaincode/vintage.h"
#include "tools/cli/format.h"
#include "tools/cli/names.h"
#include "tools/cli/parcels.h"
#include "tools/cli/ranges.h"
#include "tools/cli/render.h"

namespace lincao::cli {
namespace {

std::string N(uint64_t v) { return std::to_string(v); }

// "PROJECT_ON_HOLD" -> "on hold": a status enum's name without its prefix.
std::string StatusWord(const std::string& enum_name, std::string_view prefix) {
  std::string s = enum_name.starts_with(prefix) ? enum_name.substr(prefix.size()) : enum_name;
  for (char& c : s) c = c == '_' ? ' ' : static_cast<char>(std::tolower(c));
  return s;
}

std::string SectorText(v1::Sector s) {
  return v1::Sector_IsValid(s) ? StatusWord(v1::Sector_Name(s), "") : "sector " + N(s);
}

// "2 approvals, 0 rejections".
std::string Votes(uint32_t approvals, uint32_t rejections) {
  return N(approvals) + (approvals == 1 ? " approval, " : " approvals, ") + N(rejections) +
         (rejections == 1 ? " rejection" : " rejections");
}

void EvaluationsTable(const google::protobuf::RepeatedPtrField<v1::Evaluation>& evaluations,
                      std::ostream& out) {
  out << "expert evaluations: " << evaluations.size() << "\n";
  if (evaluations.empty()) return;
  std::vector<std::vector<std::string>> rows = {{"EXPERT", "VERDICT", "BLOCK", "OPINION HASH"}};
  for (const auto& e : evaluations) {
    rows.push_back(
        {e.expert(), e.approve() ? "approve" : "reject", N(e.height()), ToHex(e.opinion_hash())});
  }
  Table(rows, out);
}

std::string HoldKindText(v1::HoldKind k) {
  switch (k) {
    case v1::HOLD_PLEDGE:
      return "pledge (质押)";
    case v1::HOLD_JUDICIAL_FREEZE:
      return "judicial freeze (司法冻结)";
    default:
      return "kind " + N(k);
  }
}

std::string HoldStatusText(v1::HoldStatus s) {
  switch (s) {
    case v1::HOLD_ACTIVE:
      return "active";
    case v1::HOLD_RELEASED:
      return "released";
    case v1::HOLD_ENFORCED:
      return "enforced";
    case v1::HOLD_CANCELLED:
      return "cancelled";
    default:
      return "status " + N(s);
  }
}

std::string Recorded(uint64_t height, uint64_t time_ms) {
  return "block " + N(height) + " at " + FormatTimeMs(time_ms);
}

// "401-900 (batch 1), 1001 (batch 2)".
std::string RangesText(const google::protobuf::RepeatedPtrField<v1::BatchRange>& ranges) {
  std::string out;
  for (const auto& r : ranges) {
    out += (out.empty() ? "" : ", ") + FormatRange(r.range().first(), r.range().last()) +
           " (batch " + N(r.batch_id()) + ")";
  }
  return OrDash(out);
}

// The serials of a record, one table row per range.
void RangesTable(const google::protobuf::RepeatedPtrField<v1::BatchRange>& ranges,
                 std::ostream& out) {
  std::vector<std::vector<std::string>> rows = {{"batch", "serials", "units"}};
  for (const auto& r : ranges) {
    rows.push_back({N(r.batch_id()), FormatRange(r.range().first(), r.range().last()),
                    FormatUnits(r.range().last() - r.range().first() + 1)});
  }
  Table(rows, out);
}

}  // namespace

void RenderMethodology(const v1::MethodologyDetail& d, std::ostream& out) {
  const v1::Methodology& m = d.methodology();
  Field(out, "methodology", m.id());
  Field(out, "title", m.title());
  Field(out, "sector", SectorText(m.sector()));
  Field(out, "status",
        StatusWord(v1::MethodologyStatus_Name(m.status()), "METHODOLOGY_") + " since block " +
            N(m.status_height()) + " (" + Votes(m.approvals(), m.rejections()) + ")");
  Field(out, "buffer share", FormatBasisPoints(m.buffer_bps()) + " of each issuance");
  for (const auto& f : m.factors()) {
    Field(out, "factor", f.name() + " = " + N(f.value()) + " " + f.unit());
  }
  Field(out, "document hash", ToHex(m.evidence_hash()));
  Field(out, "proposed", "by " + m.proposer() + " in block " + N(m.proposed_height()));
  if (!m.approved_by().empty()) Field(out, "approved by", m.approved_by());
  if (!m.deprecated_by().empty()) {
    Field(out, "deprecated", "by " + m.deprecated_by() + ": " + m.deprecation_reason());
  }
  EvaluationsTable(d.evaluations(), out);
}

void RenderMethodologies(const v1::Methodologies& m, std::ostream& out) {
  if (m.methodologies().empty()) {
    out << "no methodologies\n";
    return;
  }
  std::vector<std::vector<std::string>> rows = {
      {"ID", "SECTOR", "STATUS", "BUFFER", "VOTES", "PROPOSER", "TITLE"}};
  for (const auto& x : m.methodologies()) {
    rows.push_back({x.id(), SectorText(x.sector()),
                    StatusWord(v1::MethodologyStatus_Name(x.status()), "METHODOLOGY_"),
                    FormatBasisPoints(x.buffer_bps()), N(x.approvals()) + "/" + N(x.rejections()),
                    x.proposer(), x.title()});
  }
  Table(rows, out);
}

void RenderProject(const v1::ProjectDetail& d, std::ostream& out) {
  const v1::Project& p = d.project();
  Field(out, "project", p.id());
  Field(out, "title", p.title());
  Field(out, "owner", p.owner());
  Field(out, "status",
        StatusWord(v1::ProjectStatus_Name(p.status()), "PROJECT_") + " since block " +
            N(p.status_height()) + " (" + Votes(p.approvals(), p.rejections()) + ")");
  if (!p.status_reason().empty()) Field(out, "  by", p.status_by() + ": " + p.status_reason());
  Field(out, "methodology", p.methodology() + " (" + SectorText(p.sector()) + ")");
  Field(out, "area",
        p.area_code() + ", " + FormatHectares(p.area_centiha()) + " in " + N(p.parcels_size()) +
            " parcel(s)");
  Field(
      out, "crediting",
      FormatChinaTimeMs(p.crediting_start_ms()) + " to " + FormatChinaTimeMs(p.crediting_end_ms()));
  for (int t : p.tags()) Field(out, "tag", ProjectTagText(t));
  if (!p.collective().empty()) {
    Field(out, "collective",
          p.collective() + ", benefit share " + FormatBasisPoints(p.collective_share_bps()));
  }
  Field(out, "reports", N(p.reports()));
  Field(out, "batches", N(p.batches()));
  if (!p.approved_by().empty()) Field(out, "approved by", p.approved_by());
  if (!p.registered_by().empty()) Field(out, "registered by", p.registered_by());
  if (d.has_freeze()) {
    const auto& f = d.freeze();
    Field(out, "frozen",
          "by " + f.authority() + " in block " + N(f.height()) + ", " +
              (f.expiry_ms() == 0 ? "until lifted" : "until " + FormatChinaTimeMs(f.expiry_ms())) +
              ": " + f.reason());
  }
  if (d.has_shortfall()) {
    Field(out, "shortfall",
          FormatUnits(d.shortfall().units()) +
              " owed to the buffer (no issuance until governance clears it)");
  }
  Field(out, "design hash", ToHex(p.design_hash()));
  Field(out, "survey hash", ToHex(p.survey_hash()));
  out << "parcels:\n";
  std::vector<std::vector<std::string>> rows = {{"PARCEL", "AREA", "BOUNDARY HASH"}};
  for (const auto& parcel : p.parcels()) {
    rows.push_back(
        {ParcelText(parcel), FormatHectares(parcel.area_centiha()), ToHex(parcel.boundary_hash())});
  }
  Table(rows, out);
  EvaluationsTable(d.evaluations(), out);
}

void RenderProjects(const v1::Projects& p, std::ostream& out) {
  if (p.projects().empty()) {
    out << "no projects\n";
    return;
  }
  std::vector<std::vector<std::string>> rows = {
      {"ID", "STATUS", "OWNER", "METHODOLOGY", "AREA", "PARCELS", "REPORTS", "BATCHES", "TITLE"}};
  for (const auto& x : p.projects()) {
    rows.push_back({x.id(), StatusWord(v1::ProjectStatus_Name(x.status()), "PROJECT_"), x.owner(),
                    x.methodology(), FormatHectares(x.area_centiha()), N(x.parcels_size()),
                    N(x.reports()), N(x.batches()), x.title()});
  }
  Table(rows, out);
}

void RenderReport(const v1::ReportDetail& d, std::ostream& out) {
  const v1::MonitoringReport& r = d.report();
  Field(out, "report", N(r.number()) + " of project " + r.project());
  Field(out, "status",
        StatusWord(v1::ReportStatus_Name(r.status()), "REPORT_") + " since block " +
            N(r.status_height()) + " (" + Votes(r.approvals(), r.rejections()) + ")");
  Field(out, "period",
        FormatChinaTimeMs(r.period_start_ms()) + " to " + FormatChinaTimeMs(r.period_end_ms()) +
            " (end exclusive)");
  Field(out, "vintage", r.period_end_ms() == 0 ? "-" : N(VintageOfPeriod(r.period_end_ms())));
  Field(out, "claimed", FormatUnits(r.claimed_kg()));
  Field(out, "evidence hash", ToHex(r.evidence_hash()));
  Field(out, "submitted", "by " + r.submitter() + " in block " + N(r.submitted_height()));
  if (!r.verifier().empty()) {
    Field(out, "verified",
          FormatUnits(r.verified_kg()) + " by " + r.verifier() + " in block " +
              N(r.attested_height()));
    Field(out, "attestation", ToHex(r.attestation_hash()));
  }
  if (r.batch_id() != 0) Field(out, "issued", "batch " + N(r.batch_id()));
  EvaluationsTable(d.evaluations(), out);
}

void RenderReports(const v1::MonitoringReports& r, std::ostream& out) {
  if (r.reports().empty()) {
    out << "no monitoring reports\n";
    return;
  }
  out << "quantities in units (1 unit = 1 kg CO2e)\n";
  std::vector<std::vector<std::string>> rows = {
      {"REPORT", "STATUS", "PERIOD (UTC+8)", "CLAIMED", "VERIFIED", "VERIFIER", "VOTES", "BATCH"}};
  for (const auto& x : r.reports()) {
    rows.push_back({N(x.number()), StatusWord(v1::ReportStatus_Name(x.status()), "REPORT_"),
                    FormatChinaTimeMs(x.period_start_ms()).substr(0, 10) + " to " +
                        FormatChinaTimeMs(x.period_end_ms()).substr(0, 10),
                    N(x.claimed_kg()), x.verifier().empty() ? "-" : N(x.verified_kg()),
                    OrDash(x.verifier()), N(x.approvals()) + "/" + N(x.rejections()),
                    x.batch_id() == 0 ? "-" : N(x.batch_id())});
  }
  Table(rows, out);
}

void RenderBatches(const google::protobuf::RepeatedPtrField<v1::CreditBatch>& batches,
                   std::ostream& out) {
  if (batches.empty()) {
    out << "no batches\n";
    return;
  }
  out << "quantities in units (1 unit = 1 kg CO2e)\n";
  std::vector<std::vector<std::string>> rows = {{"BATCH", "CODE", "REPORT", "VINTAGE", "SERIALS",
                                                 "QUANTITY", "TRADABLE", "HELD", "RETIRED",
                                                 "CANCELLED", "BUFFER"}};
  for (const auto& b : batches) {
    rows.push_back({N(b.id()), b.code().empty() ? "-" : b.code(),
                    b.report() == 0 ? "-" : N(b.report()), N(b.vintage()),
                    FormatRange(b.serials().first(), b.serials().last()), N(b.quantity()),
                    N(b.tradable()), N(b.held()), N(b.retired()), N(b.cancelled()), N(b.buffer())});
  }
  Table(rows, out);
}

void RenderBuffer(const v1::BufferPool& b, std::ostream& out) {
  Field(out, "buffer total", FormatUnits(b.total()));
  Field(out, "batches", N(b.batch_count()) + " with units in the buffer");
  if (b.batches().empty()) return;
  std::vector<std::vector<std::string>> rows = {
      {"BATCH", "CODE", "PROJECT", "VINTAGE", "BUFFER LEFT", "SET ASIDE"}};
  for (const auto& batch : b.batches()) {
    rows.push_back({N(batch.id()), batch.code().empty() ? "-" : batch.code(), batch.project_id(),
                    N(batch.vintage()), N(batch.buffer()), N(batch.buffer_issued())});
  }
  Table(rows, out);
}

void RenderHold(const v1::Hold& h, std::ostream& out) {
  Field(out, "hold", N(h.id()) + ", " + HoldKindText(h.kind()));
  Field(out, "status", HoldStatusText(h.status()));
  Field(out, "holder", h.holder());
  if (!h.pledgee().empty()) Field(out, "pledgee", h.pledgee());
  Field(out, "authority", h.authority());
  Field(out, "quantity", FormatUnits(h.quantity()));
  Field(out, h.kind() == v1::HOLD_JUDICIAL_FREEZE ? "case" : "reason", h.reason());
  Field(out, "expires",
        h.expiry_ms() == 0
            ? "never (until released)"
            : FormatChinaTimeMs(h.expiry_ms()) + " (then the holder may release it)");
  Field(out, "recorded", Recorded(h.height(), h.time_ms()) + ", tx " + ToHex(h.tx_id()));
  if (h.status() != v1::HOLD_ACTIVE) {
    Field(out, "closed",
          Recorded(h.closed_height(), h.closed_time_ms()) + " by " + h.closed_by() + ": " +
              h.close_reason());
  }
  out << "serials:\n";
  RangesTable(h.ranges(), out);
}

void RenderHolds(const v1::Holds& h, std::ostream& out) {
  if (h.holds().empty()) {
    out << "no holds\n";
    return;
  }
  std::vector<std::vector<std::string>> rows = {
      {"HOLD", "KIND", "STATUS", "HOLDER", "PLEDGEE", "UNITS", "SERIALS", "REASON"}};
  for (const auto& x : h.holds()) {
    rows.push_back({N(x.id()), x.kind() == v1::HOLD_PLEDGE ? "pledge" : "judicial freeze",
                    HoldStatusText(x.status()), x.holder(), OrDash(x.pledgee()), N(x.quantity()),
                    RangesText(x.ranges()), x.reason()});
  }
  Table(rows, out);
}

void RenderFreezes(const v1::SupervisoryFreezes& f, std::ostream& out) {
  if (f.freezes().empty()) {
    out << "no supervisory freezes\n";
    return;
  }
  std::vector<std::vector<std::string>> rows = {
      {"TARGET", "ID", "IN FORCE", "BY", "SINCE", "UNTIL", "REASON"}};
  for (const auto& x : f.freezes()) {
    const bool in_force = x.expiry_ms() == 0 || f.chain_time_ms() <= x.expiry_ms();
    rows.push_back({FreezeTargetText(x.target()), x.id(), in_force ? "yes" : "no (expired)",
                    x.authority(), "block " + N(x.height()),
                    x.expiry_ms() == 0 ? "lifted" : FormatChinaTimeMs(x.expiry_ms()), x.reason()});
  }
  Table(rows, out);
}

void RenderCancellation(const v1::Cancellation& c, std::ostream& out) {
  Field(out, "cancellation", N(c.id()));
  Field(out, "holder", c.holder());
  Field(out, "quantity", FormatUnits(c.quantity()));
  Field(out, "reason", CancellationReasonText(c.reason()));
  Field(out, "note", OrDash(c.note()));
  if (c.hold() != 0) Field(out, "from hold", N(c.hold()));
  Field(out, "by", c.registrar() + ", co-signed by " + c.supervisor());
  Field(out, "recorded", Recorded(c.height(), c.time_ms()) + ", tx " + ToHex(c.tx_id()));
  out << "serials cancelled:\n";
  RangesTable(c.ranges(), out);
}

void RenderCancellations(const v1::Cancellations& c, std::ostream& out) {
  if (c.cancellations().empty()) {
    out << "no cancellations\n";
    return;
  }
  std::vector<std::vector<std::string>> rows = {
      {"ID", "HOLDER", "UNITS", "REASON", "HOLD", "BLOCK", "NOTE"}};
  for (const auto& x : c.cancellations()) {
    rows.push_back({N(x.id()), x.holder(), N(x.quantity()), CancellationReasonText(x.reason()),
                    x.hold() == 0 ? "-" : N(x.hold()), N(x.height()), x.note()});
  }
  Table(rows, out);
}

void RenderLosses(const v1::Losses& l, std::ostream& out) {
  if (l.losses().empty()) {
    out << "no losses\n";
    return;
  }
  out << "quantities in units (1 unit = 1 kg CO2e)\n";
  std::vector<std::vector<std::string>> rows = {{"LOSS", "PROJECT", "KIND", "OCCURRED (UTC+8)",
                                                 "LOSS KG", "COVERED", "SHORTFALL", "BY", "BLOCK"}};
  for (const auto& x : l.losses()) {
    rows.push_back({N(x.id()), x.project(), LossKindText(x.kind()),
                    FormatChinaTimeMs(x.occurred_ms()).substr(0, 10), N(x.loss_kg()),
                    N(x.covered()), N(x.shortfall_added()), x.reporter(), N(x.height())});
  }
  Table(rows, out);
  for (const auto& x : l.losses()) {
    if (x.batch_limit_reached()) {
      out << "loss " << x.id()
          << ": the per-loss batch bound stopped the cover; the rest is shortfall\n";
    }
    if (!x.cancelled().empty()) {
      out << "loss " << x.id() << " cancelled from the buffer: " << RangesText(x.cancelled())
          << "\n";
    }
  }
}

}  // namespace lincao::cli
