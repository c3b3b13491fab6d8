#include "chaincode/report_records.h"

#include "chaincode/canonical.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/records.h"

namespace lincao {
namespace {
constexpr uint8_t kTagReport = 'Y';
constexpr uint8_t kTagReportPeriod = 'I';
constexpr uint8_t kVersion1 = 1;
}  // namespace

std::string ReportRecord::Name() const {
  return "report " + std::to_string(number) + " of project '" + project + "'";
}

Bytes ReportRecord::Encode() const {
  CanonicalWriter w;
  w.U8(kTagReport).U8(kVersion1);
  w.Str(project).U32(number).Str(submitter).U64(period_start_ms).U64(period_end_ms);
  w.U64(claimed_kg).Str(evidence_hash).U64(submitted_height).U32(status);
  w.Str(verifier).U64(verified_kg).Str(attestation_hash).U64(attested_height);
  w.U32(approvals).U32(rejections).U64(status_height).U64(batch_id);
  return w.Take();
}

bool ReportRecord::Decode(std::string_view in, ReportRecord* out) {
  CanonicalReader r(in);
  if (r.U8() != kTagReport || r.U8() != kVersion1) return false;
  out->project = r.Str();
  out->number = r.U32();
  out->submitter = r.Str();
  out->period_start_ms = r.U64();
  out->period_end_ms = r.U64();
  out->claimed_kg = r.U64();
  out->evidence_hash = r.Str();
  out->submitted_height = r.U64();
  out->status = r.U32();
  out->verifier = r.Str();
  out->verified_kg = r.U64();
  out->attestation_hash = r.Str();
  out->attested_height = r.U64();
  out->approvals = r.U32();
  out->rejections = r.U32();
  out->status_height = r.U64();
  out->batch_id = r.U64();
  return r.AtEnd();
}

v1::MonitoringReport ReportRecord::ToProto() const {
  v1::MonitoringReport m;
  m.set_project(project);
  m.set_number(number);
  m.set_submitter(submitter);
  m.set_period_start_ms(period_start_ms);
  m.set_period_end_ms(period_end_ms);
  m.set_claimed_kg(claimed_kg);
  m.set_evidence_hash(evidence_hash);
  m.set_submitted_height(submitted_height);
  m.set_status(static_cast<v1::ReportStatus>(status));
  m.set_verifier(verifier);
  m.set_verified_kg(verified_kg);
  m.set_attestation_hash(attestation_hash);
  m.set_attested_height(attested_height);
  m.set_approvals(approvals);
  m.set_rejections(rejections);
  m.set_status_height(status_height);
  m.set_batch_id(batch_id);
  return m;
}

Bytes ReportPeriodRecord::Encode() const {
  CanonicalWriter w;
  w.U8(kTagReportPeriod).U8(kVersion1).U32(report).U64(period_start_ms);
  return w.Take();
}

bool ReportPeriodRecord::Decode(std::string_view in, ReportPeriodRecord* out) {
  CanonicalReader r(in);
  if (r.U8() != kTagReportPeriod || r.U8() != kVersion1) return false;
  out->report = r.U32();
  out->period_start_ms = r.U64();
  return r.AtEnd();
}

std::string_view ReportStatusName(uint32_t status) {
  switch (status) {
    case v1::REPORT_SUBMITTED:
      return "SUBMITTED";
    case v1::REPORT_ATTESTED:
      return "ATTESTED";
    case v1::REPORT_EVALUATED:
      return "EVALUATED";
    case v1::REPORT_ISSUED:
      return "ISSUED";
    case v1::REPORT_REJECTED:
      return "REJECTED";
    default:
      return "UNKNOWN";
  }
}

Result<ReportRecord> LoadReport(const StateReader& state, std::string_view project,
                                uint32_t number) {
  auto rec = LoadRecord<ReportRecord>(state, keys::Report(project, number));
  if (!rec.ok()) return rec.status();
  if (!rec.value()) {
    return Status(v1::UNKNOWN_REPORT,
                  "project '" + std::string(project) + "' has no report " + std::to_string(number));
  }
  return std::move(**rec);
}

}  // namespace lincao
