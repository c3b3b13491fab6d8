// propose_methodology, evaluate_methodology, approve_methodology and
// deprecate_methodology (chaincode version 3). A methodology moves
//   PROPOSED -> EVALUATED (expert quorum of approvals, automatic)
//            -> APPROVED (a supervisor) -> DEPRECATED (a supervisor),
// or PROPOSED -> REJECTED when the quorum rejects it. Only an APPROVED one
// takes new projects; projects and batches under a deprecated one keep it.
#include "chaincode/evaluations.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/methodology_records.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {
namespace {

std::string What(std::string_view id) { return "methodology '" + std::string(id) + "'"; }

Status WrongState(const MethodologyRecord& m, std::string_view step, std::string_view needs) {
  return Status(v1::INVALID_STATE, What(m.id) + " is " +
                                       std::string(MethodologyStatusName(m.status)) + "; " +
                                       std::string(step) + " needs it " + std::string(needs));
}

Status CheckFactors(const v1::ProposeMethodology& body) {
  if (static_cast<size_t>(body.factors_size()) > kMaxConversionFactors) {
    return Status(v1::INVALID_ARGUMENT, std::to_string(body.factors_size()) +
                                            " conversion factors; at most " +
                                            std::to_string(kMaxConversionFactors));
  }
  for (int i = 0; i < body.factors_size(); ++i) {
    const v1::ConversionFactor& f = body.factors(i);
    if (!IsValidFactorName(f.name())) {
      return Status(v1::INVALID_ARGUMENT,
                    "conversion factor name '" + f.name() + "' is not [a-z][a-z0-9_]{0,47}");
    }
    if (i > 0 && f.name() <= body.factors(i - 1).name()) {
      return Status(v1::INVALID_ARGUMENT,
                    "conversion factors must be listed once each, ascending by name; '" + f.name() +
                        "' comes after '" + body.factors(i - 1).name() + "'");
    }
    LINCAO_RETURN_IF_ERROR(CheckText("unit of factor " + f.name(), f.unit(), true));
  }
  return Status::Ok();
}

EvaluationSubject SubjectOf(const MethodologyRecord& m) {
  return {keys::MethodologySubject(m.id), What(m.id), m.sector, {m.proposer}};
}

}  // namespace

Status ProposeMethodology(const ApplyContext& ctx, const AccountRecord& actor,
                          const v1::ProposeMethodology& body, StateView& state) {
  if (!actor.HasRole(v1::REGISTRAR) && !actor.HasRole(v1::PROJECT_OWNER)) {
    return Status(v1::UNAUTHORIZED, "account '" + actor.id +
                                        "' may not propose methodologies: it needs role "
                                        "REGISTRAR or PROJECT_OWNER");
  }
  const v1::Sector id_sector = SectorOfMethodologyId(body.id());
  if (id_sector == v1::SECTOR_UNSPECIFIED) {
    return Status(v1::INVALID_ARGUMENT, "methodology id '" + body.id() +
                                            "' is not of the form SC-FOR-001-V01 (region, "
                                            "FOR/GRA/WET, number, version)");
  }
  if (state.Get(keys::Methodology(body.id()))) {
    return Status(v1::ID_TAKEN, What(body.id()) +
                                    " already exists; ids are never reused: propose a new "
                                    "version (e.g. -V02)");
  }
  if (body.sector() != id_sector) {
    return Status(v1::INVALID_ARGUMENT, "sector " + std::string(SectorName(body.sector())) +
                                            " does not match the id '" + body.id() +
                                            "', which names " + std::string(SectorName(id_sector)));
  }
  LINCAO_RETURN_IF_ERROR(CheckText("title", body.title(), true));
  if (body.buffer_bps() > kBasisPoints) {
    return Status(v1::INVALID_ARGUMENT,
                  "buffer_bps " + std::to_string(body.buffer_bps()) + " is above 10000 (100 %)");
  }
  LINCAO_RETURN_IF_ERROR(CheckFactors(body));
  if (body.evidence_hash().size() != 32) {
    return Status(v1::INVALID_ARGUMENT,
                  "evidence_hash must be the 32-byte hash of the methodology document");
  }

  MethodologyRecord m;
  m.id = body.id();
  m.sector = body.sector();
  m.title = body.title();
  m.buffer_bps = body.buffer_bps();
  for (const auto& f : body.factors()) m.factors.push_back({f.name(), f.value(), f.unit()});
  m.evidence_hash = body.evidence_hash();
  m.proposer = actor.id;
  m.proposed_height = ctx.height;
  m.status = v1::METHODOLOGY_PROPOSED;
  m.status_height = ctx.height;
  state.Put(keys::Methodology(m.id), m.Encode());
  return Status::Ok();
}

Status EvaluateMethodology(const ApplyContext& ctx, const AccountRecord& actor,
                           const v1::EvaluateMethodology& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::EXPERT, "evaluate methodologies"));
  auto m = LoadMethodology(state, body.id());
  if (!m.ok()) return m.status();
  const EvaluationSubject subject = SubjectOf(*m);
  LINCAO_RETURN_IF_ERROR(CheckEvaluator(state, actor, subject, body.opinion_hash()));
  if (m->status != v1::METHODOLOGY_PROPOSED) {
    return WrongState(*m, "an evaluation", "PROPOSED (evaluations close once the quorum decides)");
  }
  switch (RecordEvaluation(ctx, state, actor, subject, body.approve(), body.opinion_hash(),
                           m->approvals, m->rejections)) {
    case Verdict::kEvaluated:
      m->status = v1::METHODOLOGY_EVALUATED;
      m->status_height = ctx.height;
      break;
    case Verdict::kRejected:
      m->status = v1::METHODOLOGY_REJECTED;
      m->status_height = ctx.height;
      break;
    case Verdict::kPending:
      break;
  }
  state.Put(keys::Methodology(m->id), m->Encode());
  return Status::Ok();
}

Status ApproveMethodology(const ApplyContext& ctx, const AccountRecord& actor,
                          const v1::ApproveMethodology& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::SUPERVISOR, "approve methodologies"));
  auto m = LoadMethodology(state, body.id());
  if (!m.ok()) return m.status();
  if (m->status == v1::METHODOLOGY_PROPOSED) {
    LINCAO_RETURN_IF_ERROR(CheckExpertQuorum(ctx, What(m->id), m->approvals));
  } else if (m->status != v1::METHODOLOGY_EVALUATED) {
    return WrongState(*m, "approval", "EVALUATED");
  }
  if (m->proposer == actor.id) {
    return Status(v1::CONFLICT_OF_INTEREST, "supervisor '" + actor.id + "' proposed " +
                                                What(m->id) + " and may not approve it");
  }
  m->status = v1::METHODOLOGY_APPROVED;
  m->status_height = ctx.height;
  m->approved_by = actor.id;
  state.Put(keys::Methodology(m->id), m->Encode());
  return Status::Ok();
}

Status DeprecateMethodology(const ApplyContext& ctx, const AccountRecord& actor,
                            const v1::DeprecateMethodology& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::SUPERVISOR, "deprecate methodologies"));
  LINCAO_RETURN_IF_ERROR(CheckText("reason", body.reason(), true));
  auto m = LoadMethodology(state, body.id());
  if (!m.ok()) return m.status();
  if (m->status != v1::METHODOLOGY_APPROVED) return WrongState(*m, "deprecation", "APPROVED");
  m->status = v1::METHODOLOGY_DEPRECATED;
  m->status_height = ctx.height;
  m->deprecated_by = actor.id;
  m->deprecation_reason = body.reason();
  state.Put(keys::Methodology(m->id), m->Encode());
  return Status::Ok();
}

}  // namespace lincao::rules
