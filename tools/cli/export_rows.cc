#include "tools/cli/export_rows.h"

#include <type_traits>

#include "chaincode/bytes.h"
#include "tools/cli/format.h"

namespace lincao::cli {
namespace {

std::string N(uint64_t v) { return std::to_string(v); }

// The UTC date-time of a unix-ms time; empty when unset.
std::string Utc(uint64_t ms) { return ms == 0 ? "" : FormatTimeMs(ms); }

std::string Ranges(const google::protobuf::RepeatedPtrField<v1::RetiredRange>& ranges) {
  std::string out;
  for (const auto& r : ranges) {
    if (!out.empty()) out += ';';
    out += N(r.batch_id()) + ":" + N(r.range().first()) + "-" + N(r.range().last());
  }
  return out;
}

template <typename Repeated>
std::string Joined(const Repeated& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ';';
    if constexpr (std::is_integral_v<std::decay_t<decltype(item)>>) {
      out += N(item);
    } else {
      out += item;
    }
  }
  return out;
}

}  // namespace

std::optional<v1::ExportTable> ParseExportTable(std::string_view name) {
  if (name == "issuance") return v1::EXPORT_ISSUANCE;
  if (name == "holdings") return v1::EXPORT_HOLDINGS;
  if (name == "retirements") return v1::EXPORT_RETIREMENTS;
  if (name == "sanctions") return v1::EXPORT_SANCTIONS;
  if (name == "projects") return v1::EXPORT_PROJECTS;
  return std::nullopt;
}

std::string ExportTableName(v1::ExportTable table) {
  switch (table) {
    case v1::EXPORT_ISSUANCE:
      return "issuance";
    case v1::EXPORT_HOLDINGS:
      return "holdings";
    case v1::EXPORT_RETIREMENTS:
      return "retirements";
    case v1::EXPORT_SANCTIONS:
      return "sanctions";
    case v1::EXPORT_PROJECTS:
      return "projects";
    default:
      return "";
  }
}

std::vector<std::string> ExportHeader(v1::ExportTable table) {
  switch (table) {
    case v1::EXPORT_ISSUANCE:
      return {"height",         "batch_id",      "code",      "project",
              "area_code",      "methodology",   "sector",    "vintage",
              "quantity",       "buffer_issued", "buffer",    "retired",
              "cancelled",      "held",          "exported",  "tradable",
              "first_serial",   "last_serial",   "issued_to", "issued_height",
              "issued_time_ms", "issued_time",   "tx_id",     "period_start_ms",
              "period_end_ms",  "report"};
    case v1::EXPORT_HOLDINGS:
      return {"height",  "account", "batch_id", "batch_code", "project",
              "vintage", "first",   "last",     "quantity"};
    case v1::EXPORT_RETIREMENTS:
      return {"height",
              "retirement_id",
              "tx_id",
              "block_height",
              "time_ms",
              "time",
              "holder",
              "quantity",
              "ranges",
              "projects",
              "purpose",
              "beneficiary_organisation",
              "beneficiary_commitment",
              "period_start_ms",
              "period_end_ms",
              "jurisdiction"};
    case v1::EXPORT_SANCTIONS:
      return {"height",       "account", "kind", "authority", "reason",
              "block_height", "time_ms", "time", "tx_id",     "allowed_actions"};
    case v1::EXPORT_PROJECTS:
      return {"height",    "project", "title",   "owner",   "methodology",      "sector",
              "area_code", "status",  "reports", "batches", "submitted_height", "status_height"};
    default:
      return {};
  }
}

std::vector<std::string> ExportCells(const v1::ExportRow& row) {
  const std::string h = N(row.height());
  switch (row.row_case()) {
    case v1::ExportRow::kIssuance: {
      const auto& r = row.issuance();
      return {h,
              N(r.batch_id()),
              r.code(),
              r.project(),
              r.area_code(),
              r.methodology(),
              v1::Sector_Name(r.sector()),
              N(r.vintage()),
              N(r.quantity()),
              N(r.buffer_issued()),
              N(r.buffer()),
              N(r.retired()),
              N(r.cancelled()),
              N(r.held()),
              N(r.exported()),
              N(r.tradable()),
              N(r.first_serial()),
              N(r.last_serial()),
              r.issued_to(),
              N(r.issued_height()),
              N(r.issued_time_ms()),
              Utc(r.issued_time_ms()),
              ToHex(r.tx_id()),
              N(r.period_start_ms()),
              N(r.period_end_ms()),
              N(r.report())};
    }
    case v1::ExportRow::kHolding: {
      const auto& r = row.holding();
      return {h,
              r.account(),
              N(r.batch_id()),
              r.batch_code(),
              r.project(),
              N(r.vintage()),
              N(r.first()),
              N(r.last()),
              N(r.quantity())};
    }
    case v1::ExportRow::kRetirement: {
      const auto& r = row.retirement();
      return {h,
              N(r.id()),
              ToHex(r.tx_id()),
              N(r.height()),
              N(r.time_ms()),
              Utc(r.time_ms()),
              r.holder(),
              N(r.quantity()),
              Ranges(r.ranges()),
              Joined(r.projects()),
              v1::RetirementPurpose_Name(r.purpose()),
              r.beneficiary_organisation(),
              ToHex(r.beneficiary_commitment()),
              N(r.period_start_ms()),
              N(r.period_end_ms()),
              r.jurisdiction()};
    }
    case v1::ExportRow::kSanction: {
      const auto& r = row.sanction();
      return {h,
              r.account(),
              v1::SanctionKind_Name(r.kind()),
              r.authority(),
              r.reason(),
              N(r.height()),
              N(r.time_ms()),
              Utc(r.time_ms()),
              ToHex(r.tx_id()),
              Joined(r.allowed_actions())};
    }
    case v1::ExportRow::kProject: {
      const auto& r = row.project();
      return {h,
              r.id(),
              r.title(),
              r.owner(),
              r.methodology(),
              v1::Sector_Name(r.sector()),
              r.area_code(),
              v1::ProjectStatus_Name(r.status()),
              N(r.reports()),
              N(r.batches()),
              N(r.submitted_height()),
              N(r.status_height())};
    }
    default:
      return {h};
  }
}

}  // namespace lincao::cli
