// The state keys of the credit lifecycle (chaincode version 3), in one
// place so that every rule reads and writes the same key space. The records
// under them live beside their rules (methodology_records.h, ...) and are
// listed in docs/formats.md "State keys and records". The batch indexes
// (q/, f/, o/) are in records.h with the batch record.
//
//   t/<methodology id>               MethodologyRecord
//   u/<subject>/<expert account>     EvaluationRecord; subject "m:<methodology>",
//                                    "p:<project>" or "r:<project>:<report>"
//   j/<project id>                   ProjectRecord
//   l/<parcel key>                   the live project that claims the parcel
//   y/<project>/<u64 report>         ReportRecord
//   i/<project>/<u64 period end>     a report's period, for overlap checks
//   z/<u64 hold id>                  HoldRecord (pledge or judicial freeze)
//   w/<holder>/<u64 hold id>         empty: the holds on a holder's units
//   F/<a|p|b>/<id>                   FreezeRecord: supervisory freeze of an
//                                    account, project or batch (by code)
//   W/<project>                      ShortfallRecord: present while the
//                                    project owes the buffer
//   L/<u64 loss id>                  LossRecord (reversal)
//   X/<u64 cancellation id>          CancellationRecord
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lincao::keys {

std::string Methodology(std::string_view id);
std::string MethodologyPrefix();
std::string EvaluationPrefix(std::string_view subject);
std::string Evaluation(std::string_view subject, std::string_view expert);
std::string MethodologySubject(std::string_view methodology);
std::string ProjectSubject(std::string_view project);
std::string ReportSubject(std::string_view project, uint32_t report);
std::string Project(std::string_view id);
std::string ProjectPrefix();
std::string ParcelClaim(std::string_view parcel_key);
std::string ReportPrefix(std::string_view project);
std::string Report(std::string_view project, uint32_t report);
std::string ReportPeriodPrefix(std::string_view project);
// Keyed by the period's END (report_records.h says why).
std::string ReportPeriod(std::string_view project, uint64_t period_end_ms);
std::string Hold(uint64_t hold_id);
std::string HoldPrefix();
std::string HolderHoldPrefix(std::string_view holder);
std::string HolderHold(std::string_view holder, uint64_t hold_id);
// target: 'a' account, 'p' project, 'b' batch (id = batch code).
std::string Freeze(char target, std::string_view id);
std::string FreezePrefix();
std::string Shortfall(std::string_view project);
std::string ShortfallPrefix();
std::string Loss(uint64_t loss_id);
std::string LossPrefix();
std::string Cancellation(uint64_t cancellation_id);
std::string CancellationPrefix();

}  // namespace lincao::keys
