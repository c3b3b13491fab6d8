// submit_report, attest_report and evaluate_report (chaincode version 3). A
// monitoring report moves
//   SUBMITTED -> ATTESTED (a verifier of the sector) -> EVALUATED (expert
//   quorum of approvals, automatic) -> ISSUED (issue_credits),
// or ATTESTED -> REJECTED when the quorum rejects it, which frees its period.
// The periods of one project's reports that are not rejected never overlap.
#include "chaincode/canonical.h"
#include "chaincode/evaluations.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/limits.h"
#include "chaincode/methodology_records.h"
#include "chaincode/project_records.h"
#include "chaincode/report_records.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {
namespace {

Status WrongReportState(const ReportRecord& r, std::string_view step, std::string_view needs) {
  return Status(v1::INVALID_STATE, r.Name() + " is " + std::string(ReportStatusName(r.status)) +
                                       "; " + std::string(step) + " needs it " +
                                       std::string(needs));
}

// Verification work goes on while a project is on hold (only issuance
// waits); a terminated project's reports are closed.
Status CheckProjectTakesReviews(const ProjectRecord& p) {
  if (p.status == v1::PROJECT_REGISTERED || p.status == v1::PROJECT_ON_HOLD) return Status::Ok();
  return Status(v1::INVALID_STATE, "project '" + p.id + "' is " +
                                       std::string(ProjectStatusName(p.status)) +
                                       "; its reports are attested and evaluated only while it "
                                       "is REGISTERED or ON_HOLD");
}

std::string PeriodText(uint64_t start_ms, uint64_t end_ms) {
  std::string out = "[";
  out += std::to_string(start_ms);
  out += ", ";
  out += std::to_string(end_ms);
  out += ")";
  return out;
}

// The project's report periods that are not rejected are disjoint, and the
// i/ index is keyed by their end; the first entry ending after `start` is
// the only one that can overlap [start, end). One seek, one key.
Status CheckNoOverlap(const StateReader& state, const std::string& project, uint64_t start,
                      uint64_t end) {
  Status result;
  state.ScanFrom(
      keys::ReportPeriodPrefix(project), keys::ReportPeriod(project, start + 1),
      [&](std::string_view key, std::string_view value) {
        ReportPeriodRecord other;
        if (!ReportPeriodRecord::Decode(value, &other)) {
          result =
              Status(v1::INTERNAL, "stored report period does not decode (key " + ToHex(key) + ")");
        } else if (other.period_start_ms < end) {
          const uint64_t other_end = ReadBigEndian64(key.substr(key.size() - 8));
          result = Status(v1::PERIOD_OVERLAP,
                          "monitoring period " + PeriodText(start, end) + " overlaps report " +
                              std::to_string(other.report) + " of project '" + project +
                              "', which covers " + PeriodText(other.period_start_ms, other_end));
        }
        return false;  // the first entry decides
      });
  return result;
}

}  // namespace

Status SubmitReport(const ApplyContext& ctx, const AccountRecord& actor,
                    const v1::SubmitReport& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::PROJECT_OWNER, "submit monitoring reports"));
  auto p = LoadProject(state, body.project());
  if (!p.ok()) return p.status();
  if (p->owner != actor.id) {
    return Status(v1::UNAUTHORIZED, "only the project's owner '" + p->owner +
                                        "' submits monitoring reports for project '" + p->id + "'");
  }
  if (p->status != v1::PROJECT_REGISTERED) {
    std::string why = std::string(ProjectStatusName(p->status));
    if (p->status == v1::PROJECT_ON_HOLD) {
      why += " (by '" + p->status_by + "': " + p->status_reason + ")";
    }
    return Status(v1::INVALID_STATE,
                  "project '" + p->id + "' is " + why + "; monitoring reports need it REGISTERED");
  }
  if (body.evidence_hash().size() != 32) {
    return Status(v1::INVALID_ARGUMENT,
                  "evidence_hash must be the 32-byte hash of the monitoring evidence");
  }
  if (body.claimed_kg() == 0) {
    return Status(v1::ZERO_QUANTITY, "claimed_kg must be at least 1 kg CO2e");
  }
  if (body.claimed_kg() > kMaxQuantity) {
    return Status(v1::QUANTITY_OVERFLOW, "claimed_kg " + std::to_string(body.claimed_kg()) +
                                             " is beyond what one batch may issue (" +
                                             std::to_string(kMaxQuantity) + " kg)");
  }
  const uint64_t start = body.period_start_ms(), end = body.period_end_ms();
  if (start >= end) {
    return Status(v1::INVALID_ARGUMENT, "the monitoring period must start before it ends");
  }
  if (start < p->crediting_start_ms || end > p->crediting_end_ms) {
    return Status(
        v1::OUTSIDE_CREDITING_PERIOD,
        "monitoring period " + PeriodText(start, end) + " is not inside the crediting period " +
            PeriodText(p->crediting_start_ms, p->crediting_end_ms) + " of project '" + p->id + "'");
  }
  if (end > ctx.time_ms) {
    return Status(v1::OUTSIDE_CREDITING_PERIOD,
                  "monitoring period " + PeriodText(start, end) + " ends after the chain's time " +
                      std::to_string(ctx.time_ms) + ": a period is reported once it is over");
  }
  LINCAO_RETURN_IF_ERROR(CheckNoOverlap(state, p->id, start, end));
  if (p->reports == UINT32_MAX) {
    return Status(v1::INVALID_ARGUMENT, "project '" + p->id + "' has no report numbers left");
  }

  ReportRecord r;
  r.project = p->id;
  r.number = ++p->reports;
  r.submitter = actor.id;
  r.period_start_ms = start;
  r.period_end_ms = end;
  r.claimed_kg = body.claimed_kg();
  r.evidence_hash = body.evidence_hash();
  r.submitted_height = ctx.height;
  r.status = v1::REPORT_SUBMITTED;
  r.status_height = ctx.height;
  state.Put(keys::Report(r.project, r.number), r.Encode());
  state.Put(keys::ReportPeriod(r.project, end), ReportPeriodRecord{r.number, start}.Encode());
  state.Put(keys::Project(p->id), p->Encode());
  // The report number is the id the owner, verifier and experts name next.
  // Version 3 left created_id 0; its results must hash as they did.
  if (ctx.output != nullptr && ctx.params.chaincode_version >= kUsingCreditsVersion) {
    ctx.output->created_id = r.number;
  }
  return Status::Ok();
}

Status AttestReport(const ApplyContext& ctx, const AccountRecord& actor,
                    const v1::AttestReport& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::VERIFIER, "attest monitoring reports"));
  auto p = LoadProject(state, body.project());
  if (!p.ok()) return p.status();
  auto r = LoadReport(state, p->id, body.report());
  if (!r.ok()) return r.status();
  LINCAO_RETURN_IF_ERROR(CheckProjectTakesReviews(*p));
  auto methodology = LoadMethodology(state, p->methodology);
  if (!methodology.ok()) return methodology.status();
  LINCAO_RETURN_IF_ERROR(
      CheckSectorWork(state, actor, v1::VERIFIER, methodology->sector, "attest " + r->Name()));
  if (actor.id == p->owner || actor.id == p->collective) {
    return Status(v1::CONFLICT_OF_INTEREST, "verifier '" + actor.id + "' has a stake in project '" +
                                                p->id + "' and may not attest its reports");
  }
  if (body.attestation_hash().size() != 32) {
    return Status(v1::INVALID_ARGUMENT,
                  "attestation_hash must be the 32-byte hash of the verification report");
  }
  if (r->status != v1::REPORT_SUBMITTED) {
    return WrongReportState(*r, "an attestation", "SUBMITTED (a report is attested once)");
  }
  if (body.verified_kg() == 0) {
    return Status(v1::ZERO_QUANTITY, "verified_kg must be at least 1 kg CO2e");
  }
  if (body.verified_kg() > r->claimed_kg) {
    return Status(v1::EXCEEDS_CLAIM, "verified_kg " + std::to_string(body.verified_kg()) +
                                         " is above the " + std::to_string(r->claimed_kg) +
                                         " kg claimed: a verifier may reduce a claim, never "
                                         "raise it");
  }
  r->status = v1::REPORT_ATTESTED;
  r->status_height = ctx.height;
  r->verifier = actor.id;
  r->verified_kg = body.verified_kg();
  r->attestation_hash = body.attestation_hash();
  r->attested_height = ctx.height;
  state.Put(keys::Report(r->project, r->number), r->Encode());
  return Status::Ok();
}

Status EvaluateReport(const ApplyContext& ctx, const AccountRecord& actor,
                      const v1::EvaluateReport& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::EXPERT, "evaluate monitoring reports"));
  auto p = LoadProject(state, body.project());
  if (!p.ok()) return p.status();
  auto r = LoadReport(state, p->id, body.report());
  if (!r.ok()) return r.status();
  LINCAO_RETURN_IF_ERROR(CheckProjectTakesReviews(*p));
  auto methodology = LoadMethodology(state, p->methodology);
  if (!methodology.ok()) return methodology.status();
  EvaluationSubject subject{
      keys::ReportSubject(p->id, r->number), r->Name(), methodology->sector, {p->owner}};
  if (!p->collective.empty()) subject.interested.push_back(p->collective);
  if (!r->verifier.empty()) subject.interested.push_back(r->verifier);
  LINCAO_RETURN_IF_ERROR(CheckEvaluator(state, actor, subject, body.opinion_hash()));
  if (r->status != v1::REPORT_ATTESTED) {
    return WrongReportState(*r, "an evaluation",
                            r->status == v1::REPORT_SUBMITTED
                                ? "ATTESTED (experts evaluate after the verifier)"
                                : "ATTESTED (evaluations close once the quorum decides)");
  }
  switch (RecordEvaluation(ctx, state, actor, subject, body.approve(), body.opinion_hash(),
                           r->approvals, r->rejections)) {
    case Verdict::kEvaluated:
      r->status = v1::REPORT_EVALUATED;
      r->status_height = ctx.height;
      break;
    case Verdict::kRejected:
      r->status = v1::REPORT_REJECTED;
      r->status_height = ctx.height;
      // A rejected report's period may be reported again.
      state.Delete(keys::ReportPeriod(r->project, r->period_end_ms));
      break;
    case Verdict::kPending:
      break;
  }
  state.Put(keys::Report(r->project, r->number), r->Encode());
  return Status::Ok();
}

}  // namespace lincao::rules
