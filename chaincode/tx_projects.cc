// submit_project, evaluate_project, approve_project, register_project,
// hold_project, resume_project and terminate_project (chaincode version 3).
// A project moves
//   SUBMITTED -> EVALUATED (expert quorum, automatic) -> APPROVED (a
//   supervisor) -> REGISTERED (the registrar) <-> ON_HOLD (a supervisor),
// and to TERMINATED (a supervisor, from any live state) or REJECTED (the
// expert quorum, while submitted). Its parcels are claimed (l/) from
// submission until it terminates or is rejected: a parcel belongs to at most
// one live project (唯一性).
#include "chaincode/evaluations.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/methodology_records.h"
#include "chaincode/project_records.h"
#include "chaincode/records.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {
namespace {

std::string What(std::string_view id) { return "project '" + std::string(id) + "'"; }

Status WrongState(const ProjectRecord& p, std::string_view step, std::string_view needs) {
  std::string state = std::string(ProjectStatusName(p.status));
  if (p.status == v1::PROJECT_ON_HOLD || p.status == v1::PROJECT_TERMINATED) {
    state += " (by '" + p.status_by + "': " + p.status_reason + ")";
  }
  return Status(v1::INVALID_STATE, What(p.id) + " is " + state + "; " + std::string(step) +
                                       " needs it " + std::string(needs));
}

bool IsAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool IsCompartment(std::string_view s) {
  if (s.empty() || s.size() > kMaxCompartmentChars) return false;
  for (char c : s) {
    if (!IsAlnum(c)) return false;
  }
  return true;
}
bool IsRealEstateUnit(std::string_view s) {
  if (s.size() != kRealEstateUnitChars) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}

// 6 digits (INVALID_ARGUMENT) whose first two are the home_area_prefix in
// force (NOT_HOME_REGISTRY).
Status CheckAreaCode(const ApplyContext& ctx, std::string_view what, std::string_view code) {
  if (!IsAreaCode(code)) {
    return Status(v1::INVALID_ARGUMENT, std::string(what) + " '" + std::string(code) +
                                            "' is not a 6-digit administrative area code");
  }
  const uint32_t prefix = static_cast<uint32_t>((code[0] - '0') * 10 + (code[1] - '0'));
  if (prefix != ctx.params.home_area_prefix) {
    return Status(v1::NOT_HOME_REGISTRY,
                  std::string(what) + " '" + std::string(code) + "' lies in province " +
                      std::to_string(prefix) + "; this registry registers area codes " +
                      std::to_string(ctx.params.home_area_prefix) +
                      "xxxx (home_area_prefix): the parcel's home registry registers it");
  }
  return Status::Ok();
}

// From chaincode version 4 a parcel lies inside the project's area: a
// province code (PP0000) covers its whole province, a city code (PPCC00)
// its city, a county code only itself. Without it a project registered in
// one county could hold parcels of another.
Status CheckParcelInProjectArea(const ApplyContext& ctx, std::string_view project_area,
                                std::string_view parcel_key, std::string_view parcel_area) {
  if (ctx.params.chaincode_version < kUsingCreditsVersion) return Status::Ok();
  size_t significant = 6;
  if (project_area.substr(2) == "0000") {
    significant = 2;
  } else if (project_area.substr(4) == "00") {
    significant = 4;
  }
  if (parcel_area.substr(0, significant) != project_area.substr(0, significant)) {
    return Status(v1::INVALID_ARGUMENT,
                  "parcel " + std::string(parcel_key) + " lies in area " +
                      std::string(parcel_area) + ", outside the project's area " +
                      std::string(project_area) + ": list it under a project of its own area");
  }
  return Status::Ok();
}

// The parcel's own fields: area code syntax, exactly one identification,
// boundary hash and area. INVALID_ARGUMENT naming the parcel's position.
Result<ParcelRecord> ParseParcel(const v1::Parcel& in, int index) {
  const std::string at = "parcel " + std::to_string(index + 1);
  ParcelRecord p;
  p.area_code = in.area_code();
  if (!IsAreaCode(p.area_code)) {
    return Status(v1::INVALID_ARGUMENT, at + ": area code '" + p.area_code +
                                            "' is not a 6-digit administrative area code");
  }
  switch (in.id_case()) {
    case v1::Parcel::kRealEstateUnit:
      p.real_estate_unit = in.real_estate_unit();
      if (!IsRealEstateUnit(p.real_estate_unit)) {
        return Status(v1::INVALID_ARGUMENT, at + ": real-estate unit code '" + p.real_estate_unit +
                                                "' is not 28 characters of 0-9 A-Z");
      }
      // The code begins with its county's area code; requiring it keeps one
      // unit from being claimed twice under two area codes.
      if (p.real_estate_unit.compare(0, 6, p.area_code) != 0) {
        return Status(v1::INVALID_ARGUMENT, at + ": real-estate unit code '" + p.real_estate_unit +
                                                "' does not begin with its area code " +
                                                p.area_code);
      }
      break;
    case v1::Parcel::kForest:
      p.compartment = in.forest().compartment();
      p.sub_compartment = in.forest().sub_compartment();
      if (!IsCompartment(p.compartment) || !IsCompartment(p.sub_compartment)) {
        return Status(v1::INVALID_ARGUMENT,
                      at + ": compartment and sub-compartment must each be 1-16 characters of "
                           "0-9 A-Z a-z");
      }
      break;
    default:
      return Status(v1::INVALID_ARGUMENT,
                    at + " is identified by neither a real-estate unit code nor a forest "
                         "compartment and sub-compartment; give exactly one");
  }
  if (in.boundary_hash().size() != 32) {
    return Status(v1::INVALID_ARGUMENT,
                  at + ": boundary_hash must be the 32-byte hash of its boundary geometry");
  }
  if (in.area_centiha() == 0 || in.area_centiha() > kMaxParcelAreaCentiha) {
    return Status(v1::INVALID_ARGUMENT, at + ": area_centiha must be 1.." +
                                            std::to_string(kMaxParcelAreaCentiha) + " (0.01 ha)");
  }
  p.boundary_hash = in.boundary_hash();
  p.area_centiha = in.area_centiha();
  return p;
}

Status CheckTags(const v1::SubmitProject& body) {
  for (int i = 0; i < body.tags_size(); ++i) {
    const int t = body.tags(i);
    if (!v1::ProjectTag_IsValid(t) || t == v1::TAG_UNSPECIFIED) {
      return Status(v1::INVALID_ARGUMENT, "unknown project tag number " + std::to_string(t));
    }
    if (i > 0 && t <= body.tags(i - 1)) {
      return Status(v1::INVALID_ARGUMENT, "tags must be listed once each, ascending");
    }
  }
  return Status::Ok();
}

bool HasTag(const v1::SubmitProject& body, v1::ProjectTag tag) {
  for (int t : body.tags()) {
    if (t == tag) return true;
  }
  return false;
}

// The entrusted collective forest's collective and benefit share, present
// exactly with that tag.
Status CheckCollective(const ApplyContext& ctx, const AccountRecord& owner,
                       const v1::SubmitProject& body, const StateReader& state) {
  if (!HasTag(body, v1::ENTRUSTED_COLLECTIVE_FOREST)) {
    if (!body.collective().empty() || body.collective_share_bps() != 0) {
      return Status(v1::INVALID_ARGUMENT,
                    "collective and collective_share_bps belong to an "
                    "ENTRUSTED_COLLECTIVE_FOREST project only");
    }
    return Status::Ok();
  }
  if (body.collective().empty()) {
    return Status(v1::INVALID_ARGUMENT,
                  "an ENTRUSTED_COLLECTIVE_FOREST project names the collective's account");
  }
  if (body.collective_share_bps() == 0 || body.collective_share_bps() > kBasisPoints) {
    return Status(v1::INVALID_ARGUMENT, "collective_share_bps must be 1..10000, not " +
                                            std::to_string(body.collective_share_bps()));
  }
  auto collective = LoadExistingAccount(state, body.collective(), "collective");
  if (!collective.ok()) return collective.status();
  if (collective->id == owner.id) {
    return Status(v1::INVALID_ARGUMENT, "the collective must be another account than the owner");
  }
  return CheckMayReceive(ctx, state, *collective);
}

EvaluationSubject SubjectOf(const ProjectRecord& p, uint32_t sector) {
  EvaluationSubject s{keys::ProjectSubject(p.id), What(p.id), sector, {p.owner}};
  if (!p.collective.empty()) s.interested.push_back(p.collective);
  return s;
}

// Frees the project's parcels for other projects (termination, rejection).
void ReleaseParcels(const ProjectRecord& p, StateView& state) {
  for (const auto& parcel : p.parcels) state.Delete(keys::ParcelClaim(parcel.Key()));
}

void SetStatus(const ApplyContext& ctx, ProjectRecord& p, v1::ProjectStatus status) {
  p.status = status;
  p.status_height = ctx.height;
}

// A supervisor's step on a project: role, reason, the project.
Result<ProjectRecord> LoadForSupervisor(const AccountRecord& actor, std::string_view id,
                                        std::string_view reason, std::string_view action,
                                        const StateReader& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::SUPERVISOR, action));
  LINCAO_RETURN_IF_ERROR(CheckText("reason", reason, true));
  return LoadProject(state, id);
}

}  // namespace

Status SubmitProject(const ApplyContext& ctx, const AccountRecord& actor,
                     const v1::SubmitProject& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::PROJECT_OWNER, "submit projects"));
  if (!IsValidProjectId(body.id())) {
    return Status(v1::INVALID_ARGUMENT, "project id '" + body.id() +
                                            "' is not 3-40 characters of A-Z 0-9 '-' "
                                            "starting with a letter or digit");
  }
  if (state.Get(keys::Project(body.id()))) {
    return Status(v1::ID_TAKEN, What(body.id()) + " already exists; project ids are never reused");
  }
  LINCAO_RETURN_IF_ERROR(CheckText("title", body.title(), true));
  if (body.design_hash().size() != 32 || body.survey_hash().size() != 32) {
    return Status(v1::INVALID_ARGUMENT,
                  "design_hash and survey_hash must each be a 32-byte document hash");
  }
  auto methodology = LoadMethodology(state, body.methodology());
  if (!methodology.ok()) return methodology.status();
  if (methodology->status != v1::METHODOLOGY_APPROVED) {
    return Status(v1::INVALID_STATE, "methodology '" + methodology->id + "' is " +
                                         std::string(MethodologyStatusName(methodology->status)) +
                                         (methodology->status == v1::METHODOLOGY_DEPRECATED
                                              ? ": no new project may use it"
                                              : "; a project needs an APPROVED methodology"));
  }
  LINCAO_RETURN_IF_ERROR(CheckAreaCode(ctx, "project area code", body.area_code()));
  if (body.crediting_start_ms() >= body.crediting_end_ms()) {
    return Status(v1::INVALID_ARGUMENT, "the crediting period must start before it ends");
  }
  LINCAO_RETURN_IF_ERROR(CheckTags(body));
  LINCAO_RETURN_IF_ERROR(CheckCollective(ctx, actor, body, state));
  if (body.parcels().empty() || static_cast<size_t>(body.parcels_size()) > kMaxParcelsPerProject) {
    return Status(v1::INVALID_ARGUMENT, "a project has 1.." +
                                            std::to_string(kMaxParcelsPerProject) +
                                            " parcels, not " + std::to_string(body.parcels_size()));
  }

  ProjectRecord p;
  for (int i = 0; i < body.parcels_size(); ++i) {
    auto parcel = ParseParcel(body.parcels(i), i);
    if (!parcel.ok()) return parcel.status();
    const std::string key = parcel->Key();
    if (i > 0 && key <= p.parcels.back().Key()) {
      return Status(v1::INVALID_ARGUMENT,
                    "parcels must be listed once each, ascending by "
                    "parcel key; '" +
                        key + "' comes after '" + p.parcels.back().Key() + "'");
    }
    LINCAO_RETURN_IF_ERROR(CheckAreaCode(ctx, "parcel " + key, parcel->area_code));
    LINCAO_RETURN_IF_ERROR(CheckParcelInProjectArea(ctx, body.area_code(), key, parcel->area_code));
    auto claim = LoadRecord<ParcelClaimRecord>(state, keys::ParcelClaim(key));
    if (!claim.ok()) return claim.status();
    if (claim.value()) {
      return Status(v1::PARCEL_CLAIMED, "parcel " + key + " belongs to live project '" +
                                            (*claim)->project +
                                            "'; it can be claimed again once that project is "
                                            "terminated");
    }
    p.parcels.push_back(std::move(*parcel));
  }

  p.id = body.id();
  p.owner = actor.id;
  p.methodology = methodology->id;
  p.area_code = body.area_code();
  p.crediting_start_ms = body.crediting_start_ms();
  p.crediting_end_ms = body.crediting_end_ms();
  for (int t : body.tags()) p.tags.push_back(static_cast<uint32_t>(t));
  p.collective = body.collective();
  p.collective_share_bps = body.collective_share_bps();
  p.title = body.title();
  p.design_hash = body.design_hash();
  p.survey_hash = body.survey_hash();
  p.submitted_height = ctx.height;
  SetStatus(ctx, p, v1::PROJECT_SUBMITTED);
  for (const auto& parcel : p.parcels) {
    state.Put(keys::ParcelClaim(parcel.Key()), ParcelClaimRecord{p.id}.Encode());
  }
  state.Put(keys::Project(p.id), p.Encode());
  return Status::Ok();
}

Status EvaluateProject(const ApplyContext& ctx, const AccountRecord& actor,
                       const v1::EvaluateProject& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::EXPERT, "evaluate projects"));
  auto p = LoadProject(state, body.id());
  if (!p.ok()) return p.status();
  auto methodology = LoadMethodology(state, p->methodology);
  if (!methodology.ok()) return methodology.status();
  const EvaluationSubject subject = SubjectOf(*p, methodology->sector);
  LINCAO_RETURN_IF_ERROR(CheckEvaluator(state, actor, subject, body.opinion_hash()));
  if (p->status != v1::PROJECT_SUBMITTED) {
    return WrongState(*p, "an evaluation", "SUBMITTED (evaluations close once the quorum decides)");
  }
  switch (RecordEvaluation(ctx, state, actor, subject, body.approve(), body.opinion_hash(),
                           p->approvals, p->rejections)) {
    case Verdict::kEvaluated:
      SetStatus(ctx, *p, v1::PROJECT_EVALUATED);
      break;
    case Verdict::kRejected:
      SetStatus(ctx, *p, v1::PROJECT_REJECTED);
      ReleaseParcels(*p, state);
      break;
    case Verdict::kPending:
      break;
  }
  state.Put(keys::Project(p->id), p->Encode());
  return Status::Ok();
}

Status ApproveProject(const ApplyContext& ctx, const AccountRecord& actor,
                      const v1::ApproveProject& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::SUPERVISOR, "approve projects"));
  auto p = LoadProject(state, body.id());
  if (!p.ok()) return p.status();
  if (p->status == v1::PROJECT_SUBMITTED) {
    LINCAO_RETURN_IF_ERROR(CheckExpertQuorum(ctx, What(p->id), p->approvals));
  } else if (p->status != v1::PROJECT_EVALUATED) {
    return WrongState(*p, "approval", "EVALUATED");
  }
  if (actor.id == p->owner || actor.id == p->collective) {
    return Status(v1::CONFLICT_OF_INTEREST, "supervisor '" + actor.id + "' has a stake in " +
                                                What(p->id) + " and may not approve it");
  }
  SetStatus(ctx, *p, v1::PROJECT_APPROVED);
  p->approved_by = actor.id;
  state.Put(keys::Project(p->id), p->Encode());
  return Status::Ok();
}

Status RegisterProject(const ApplyContext& ctx, const AccountRecord& actor,
                       const v1::RegisterProject& body, StateView& state) {
  LINCAO_RETURN_IF_ERROR(RequireRole(actor, v1::REGISTRAR, "register projects"));
  auto p = LoadProject(state, body.id());
  if (!p.ok()) return p.status();
  if (p->status != v1::PROJECT_APPROVED) return WrongState(*p, "registration", "APPROVED");
  SetStatus(ctx, *p, v1::PROJECT_REGISTERED);
  p->registered_by = actor.id;
  state.Put(keys::Project(p->id), p->Encode());
  return Status::Ok();
}

Status HoldProject(const ApplyContext& ctx, const AccountRecord& actor, const v1::HoldProject& body,
                   StateView& state) {
  auto p = LoadForSupervisor(actor, body.id(), body.reason(), "put projects on hold", state);
  if (!p.ok()) return p.status();
  if (p->status != v1::PROJECT_REGISTERED) return WrongState(*p, "a hold", "REGISTERED");
  SetStatus(ctx, *p, v1::PROJECT_ON_HOLD);
  p->status_by = actor.id;
  p->status_reason = body.reason();
  state.Put(keys::Project(p->id), p->Encode());
  return Status::Ok();
}

Status ResumeProject(const ApplyContext& ctx, const AccountRecord& actor,
                     const v1::ResumeProject& body, StateView& state) {
  auto p = LoadForSupervisor(actor, body.id(), body.reason(), "resume projects", state);
  if (!p.ok()) return p.status();
  if (p->status != v1::PROJECT_ON_HOLD) return WrongState(*p, "resuming", "ON_HOLD");
  SetStatus(ctx, *p, v1::PROJECT_REGISTERED);
  p->status_by = actor.id;
  p->status_reason = body.reason();
  state.Put(keys::Project(p->id), p->Encode());
  return Status::Ok();
}

Status TerminateProject(const ApplyContext& ctx, const AccountRecord& actor,
                        const v1::TerminateProject& body, StateView& state) {
  auto p = LoadForSupervisor(actor, body.id(), body.reason(), "terminate projects", state);
  if (!p.ok()) return p.status();
  if (!p->IsLive()) {
    return WrongState(*p, "termination", "live (SUBMITTED to ON_HOLD)");
  }
  SetStatus(ctx, *p, v1::PROJECT_TERMINATED);
  p->status_by = actor.id;
  p->status_reason = body.reason();
  ReleaseParcels(*p, state);
  state.Put(keys::Project(p->id), p->Encode());
  return Status::Ok();
}

}  // namespace lincao::rules
