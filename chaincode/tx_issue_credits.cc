// issue_credits (chaincode version 3): the registrar issues one credit batch
// for a monitoring report that a verifier attested and the expert quorum
// evaluated, once. Quantity, period and vintage come from the report; the
// project's methodology sets the buffer share, whose units (the batch's
// lowest serials) go to the pooled buffer. For an entrusted collective
// forest the collective receives its benefit share of the rest (the highest
// serials), the owner the remainder.
#include <cstdio>

#include "chaincode/credit_batches.h"
#include "chaincode/freezes.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/methodology_records.h"
#include "chaincode/project_records.h"
#include "chaincode/report_records.h"
#include "chaincode/tx_rules.h"
#include "chaincode/vintage.h"

namespace lincao::rules {
namespace {

// "<project>-<vintage>-<seq>", the sequence zero-padded to 3 digits (more
// digits from the 1000th batch of a project on).
std::string BatchCode(std::string_view project, uint32_t vintage, uint32_t seq) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%03u", seq);
  return std::string(project) + "-" + std::to_string(vintage) + "-" + buf;
}

Status CheckRecipient(const ApplyContext& ctx, const StateReader& state, std::string_view id,
                      std::string_view what) {
  auto account = LoadExistingAccount(state, id, what);
  if (!account.ok()) return account.status();
  return CheckMayReceive(ctx, state, *account);
}

}  // namespace

Status IssueCredits(const ApplyContext& ctx, const AccountRecord& actor,
                    const v1::IssueCredits& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::REGISTRAR, "issue credits"));
  LINCAO_RETURN_IF_ERROR(CheckText("note", body.note(), false));
  auto p = LoadProject(state, body.project());
  if (!p.ok()) return p.status();
  auto r = LoadReport(state, p->id, body.report());
  if (!r.ok()) return r.status();
  if (p->status != v1::PROJECT_REGISTERED) {
    std::string why = std::string(ProjectStatusName(p->status));
    if (p->status == v1::PROJECT_ON_HOLD || p->status == v1::PROJECT_TERMINATED) {
      why += " (by '" + p->status_by + "': " + p->status_reason + ")";
    }
    return Status(v1::INVALID_STATE,
                  "project '" + p->id + "' is " + why + "; issuance needs it REGISTERED");
  }
  LINCAO_RETURN_IF_ERROR(CheckNotFrozen(ctx, state, v1::FREEZE_PROJECT, p->id));
  if (state.Get(keys::Shortfall(p->id))) {
    return Status(v1::SHORTFALL_OUTSTANDING,
                  "project '" + p->id +
                      "' has a loss the buffer did not cover (shortfall); it gets no issuance "
                      "until governance clears the shortfall");
  }
  if (r->status == v1::REPORT_ISSUED) {
    return Status(v1::ALREADY_ISSUED, r->Name() + " was issued as batch " +
                                          std::to_string(r->batch_id) +
                                          "; a report is issued once");
  }
  if (r->status != v1::REPORT_EVALUATED) {
    return Status(v1::INVALID_STATE,
                  r->Name() + " is " + std::string(ReportStatusName(r->status)) +
                      "; issuance needs it EVALUATED (attested, then approved by the expert "
                      "quorum)");
  }
  LINCAO_RETURN_IF_ERROR(CheckRecipient(ctx, state, p->owner, "project owner"));
  const bool entrusted = p->HasTag(v1::ENTRUSTED_COLLECTIVE_FOREST);
  if (entrusted) LINCAO_RETURN_IF_ERROR(CheckRecipient(ctx, state, p->collective, "collective"));
  auto methodology = LoadMethodology(state, p->methodology);
  if (!methodology.ok()) return methodology.status();
  if (p->batches == UINT32_MAX) {
    return Status(v1::INVALID_ARGUMENT, "project '" + p->id + "' has no batch numbers left");
  }

  // verified_kg <= 2^50 and shares <= 10^4, so the products stay below 2^64.
  const uint64_t quantity = r->verified_kg;
  const uint64_t buffer = quantity * methodology->buffer_bps / kBasisPoints;
  const uint64_t tradable = quantity - buffer;
  NewBatch spec;
  spec.project_id = p->id;
  spec.vintage = VintageOfPeriod(r->period_end_ms);
  spec.code = BatchCode(p->id, spec.vintage, p->batches + 1);
  spec.report = r->number;
  spec.quantity = quantity;
  spec.buffer = buffer;
  spec.owner = p->owner;
  if (entrusted) {
    spec.collective = p->collective;
    spec.collective_units = tradable * p->collective_share_bps / kBasisPoints;
  }
  spec.period_start_ms = r->period_start_ms;
  spec.period_end_ms = r->period_end_ms;
  spec.report_hash = r->evidence_hash;
  spec.note = body.note();
  if (state.Get(keys::BatchCode(spec.code))) {
    return Status(v1::INTERNAL, "batch code " + spec.code + " is already indexed");
  }
  auto batch = CreateBatch(ctx, state, spec);
  if (!batch.ok()) return batch.status();

  r->status = v1::REPORT_ISSUED;
  r->status_height = ctx.height;
  r->batch_id = batch->id;
  state.Put(keys::Report(r->project, r->number), r->Encode());
  p->batches += 1;
  state.Put(keys::Project(p->id), p->Encode());
  return Status::Ok();
}

}  // namespace lincao::rules
