// Monitoring reports (监测报告) of a project, numbered 1, 2, ... within it, at
// y/<project>/<number>. Beside each report that is not rejected, an index
// entry i/<project>/<period end> holds its period, so that the one check
// "no two periods of a project overlap" reads a single key whatever the
// number of reports (docs/formats.md, submit_report).
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "chaincode/bytes.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"
#include "lincao/v1/state.pb.h"

namespace lincao {

// 'Y' at y/<project>/<u64 number>.
struct ReportRecord {
  std::string project;
  uint32_t number = 0;
  std::string submitter;
  uint64_t period_start_ms = 0;  // monitoring period [start, end)
  uint64_t period_end_ms = 0;
  uint64_t claimed_kg = 0;
  Bytes evidence_hash;  // 32 bytes
  uint64_t submitted_height = 0;
  uint32_t status = v1::REPORT_SUBMITTED;  // v1::ReportStatus
  std::string verifier;                    // set by attestation
  uint64_t verified_kg = 0;
  Bytes attestation_hash;  // 32 bytes once attested
  uint64_t attested_height = 0;
  uint32_t approvals = 0;
  uint32_t rejections = 0;
  uint64_t status_height = 0;
  uint64_t batch_id = 0;  // the batch issued for it; 0 before

  // "report 3 of project 'SC-P-0001'", for messages.
  std::string Name() const;
  Bytes Encode() const;
  static bool Decode(std::string_view in, ReportRecord* out);
  v1::MonitoringReport ToProto() const;
};

// 'I' at i/<project>/<u64 period end>: the period of a report that is not
// rejected. Keyed by the period's end: the periods of one project are
// disjoint, so in end order they are in start order too, and the first
// entry whose end lies after a new period's start is the only one that can
// overlap it.
struct ReportPeriodRecord {
  uint32_t report = 0;
  uint64_t period_start_ms = 0;

  Bytes Encode() const;
  static bool Decode(std::string_view in, ReportPeriodRecord* out);
};

// "SUBMITTED", "ATTESTED", ... for messages.
std::string_view ReportStatusName(uint32_t status);

// Report `number` of `project`: UNKNOWN_REPORT when absent.
Result<ReportRecord> LoadReport(const StateReader& state, std::string_view project,
                                uint32_t number);

}  // namespace lincao
