#include "chaincode/lifecycle_keys.h"

#include "chaincode/canonical.h"

namespace lincao::keys {

std::string Methodology(std::string_view id) { return "t/" + std::string(id); }
std::string MethodologyPrefix() { return "t/"; }
std::string EvaluationPrefix(std::string_view subject) { return "u/" + std::string(subject) + "/"; }
std::string Evaluation(std::string_view subject, std::string_view expert) {
  return EvaluationPrefix(subject) + std::string(expert);
}
std::string MethodologySubject(std::string_view methodology) {
  return "m:" + std::string(methodology);
}
std::string ProjectSubject(std::string_view project) { return "p:" + std::string(project); }
std::string ReportSubject(std::string_view project, uint32_t report) {
  return "r:" + std::string(project) + ":" + std::to_string(report);
}
std::string Project(std::string_view id) { return "j/" + std::string(id); }
std::string ProjectPrefix() { return "j/"; }
std::string ParcelClaim(std::string_view parcel_key) { return "l/" + std::string(parcel_key); }
std::string ReportPrefix(std::string_view project) { return "y/" + std::string(project) + "/"; }
std::string Report(std::string_view project, uint32_t report) {
  return ReportPrefix(project) + BigEndian64(report);
}
std::string ReportPeriodPrefix(std::string_view project) {
  return "i/" + std::string(project) + "/";
}
std::string ReportPeriod(std::string_view project, uint64_t period_end_ms) {
  return ReportPeriodPrefix(project) + BigEndian64(period_end_ms);
}
std::string Hold(uint64_t hold_id) { return "z/" + BigEndian64(hold_id); }
std::string HoldPrefix() { return "z/"; }
std::string HolderHoldPrefix(std::string_view holder) { return "w/" + std::string(holder) + "/"; }
std::string HolderHold(std::string_view holder, uint64_t hold_id) {
  return HolderHoldPrefix(holder) + BigEndian64(hold_id);
}
std::string Freeze(char target, std::string_view id) {
  return std::string("F/") + target + "/" + std::string(id);
}
std::string FreezePrefix() { return "F/"; }
std::string Shortfall(std::string_view project) { return "W/" + std::string(project); }
std::string ShortfallPrefix() { return "W/"; }
std::string Loss(uint64_t loss_id) { return "L/" + BigEndian64(loss_id); }
std::string LossPrefix() { return "L/"; }
std::string Cancellation(uint64_t cancellation_id) { return "X/" + BigEndian64(cancellation_id); }
std::string CancellationPrefix() { return "X/"; }

}  // namespace lincao::keys
