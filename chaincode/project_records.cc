#include "chaincode/project_records.h"

#include "chaincode/canonical.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/records.h"

namespace lincao {
namespace {

constexpr uint8_t kTagProject = 'J';
constexpr uint8_t kTagParcelClaim = 'l';
constexpr uint8_t kVersion1 = 1;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpperOrDigit(char c) { return IsDigit(c) || (c >= 'A' && c <= 'Z'); }

}  // namespace

std::string ParcelKeyOf(const v1::Parcel& parcel) {
  ParcelRecord r;
  r.area_code = parcel.area_code();
  r.real_estate_unit = parcel.real_estate_unit();
  r.compartment = parcel.forest().compartment();
  r.sub_compartment = parcel.forest().sub_compartment();
  return r.Key();
}

std::string ParcelRecord::Key() const {
  if (!real_estate_unit.empty()) return area_code + "/u/" + real_estate_unit;
  return area_code + "/f/" + compartment + "/" + sub_compartment;
}

v1::Parcel ParcelRecord::ToProto() const {
  v1::Parcel p;
  p.set_area_code(area_code);
  if (!real_estate_unit.empty()) {
    p.set_real_estate_unit(real_estate_unit);
  } else {
    p.mutable_forest()->set_compartment(compartment);
    p.mutable_forest()->set_sub_compartment(sub_compartment);
  }
  p.set_boundary_hash(boundary_hash);
  p.set_area_centiha(area_centiha);
  return p;
}

bool ProjectRecord::IsLive() const {
  switch (status) {
    case v1::PROJECT_SUBMITTED:
    case v1::PROJECT_EVALUATED:
    case v1::PROJECT_APPROVED:
    case v1::PROJECT_REGISTERED:
    case v1::PROJECT_ON_HOLD:
      return true;
    default:
      return false;
  }
}

bool ProjectRecord::HasTag(v1::ProjectTag tag) const {
  for (uint32_t t : tags) {
    if (t == static_cast<uint32_t>(tag)) return true;
  }
  return false;
}

uint64_t ProjectRecord::AreaCentiha() const {
  uint64_t sum = 0;
  for (const auto& p : parcels) sum += p.area_centiha;  // bounded per parcel: no wrap
  return sum;
}

Bytes ProjectRecord::Encode() const {
  CanonicalWriter w;
  w.U8(kTagProject).U8(kVersion1);
  w.Str(id).Str(owner).Str(methodology).Str(area_code);
  w.U32(static_cast<uint32_t>(parcels.size()));
  for (const auto& p : parcels) {
    w.Str(p.area_code).Str(p.real_estate_unit).Str(p.compartment).Str(p.sub_compartment);
    w.Str(p.boundary_hash).U64(p.area_centiha);
  }
  w.U64(crediting_start_ms).U64(crediting_end_ms);
  w.U32(static_cast<uint32_t>(tags.size()));
  for (uint32_t t : tags) w.U32(t);
  w.Str(collective).U32(collective_share_bps).Str(title).Str(design_hash).Str(survey_hash);
  w.U64(submitted_height).U32(status).U32(approvals).U32(rejections).U64(status_height);
  w.Str(approved_by).Str(registered_by).Str(status_by).Str(status_reason);
  w.U32(reports).U32(batches);
  return w.Take();
}

bool ProjectRecord::Decode(std::string_view in, ProjectRecord* out) {
  CanonicalReader r(in);
  if (r.U8() != kTagProject || r.U8() != kVersion1) return false;
  out->id = r.Str();
  out->owner = r.Str();
  out->methodology = r.Str();
  out->area_code = r.Str();
  const uint32_t n = r.U32();
  if (!r.ok() || n > kMaxParcelsPerProject) return false;
  out->parcels.clear();
  for (uint32_t i = 0; i < n; ++i) {
    ParcelRecord p;
    p.area_code = r.Str();
    p.real_estate_unit = r.Str();
    p.compartment = r.Str();
    p.sub_compartment = r.Str();
    p.boundary_hash = r.Str();
    p.area_centiha = r.U64();
    out->parcels.push_back(std::move(p));
  }
  out->crediting_start_ms = r.U64();
  out->crediting_end_ms = r.U64();
  const uint32_t tags = r.U32();
  if (!r.ok() || tags > in.size()) return false;
  out->tags.clear();
  for (uint32_t i = 0; i < tags; ++i) out->tags.push_back(r.U32());
  out->collective = r.Str();
  out->collective_share_bps = r.U32();
  out->title = r.Str();
  out->design_hash = r.Str();
  out->survey_hash = r.Str();
  out->submitted_height = r.U64();
  out->status = r.U32();
  out->approvals = r.U32();
  out->rejections = r.U32();
  out->status_height = r.U64();
  out->approved_by = r.Str();
  out->registered_by = r.Str();
  out->status_by = r.Str();
  out->status_reason = r.Str();
  out->reports = r.U32();
  out->batches = r.U32();
  return r.AtEnd();
}

v1::Project ProjectRecord::ToProto(uint32_t sector) const {
  v1::Project p;
  p.set_id(id);
  p.set_owner(owner);
  p.set_methodology(methodology);
  p.set_sector(static_cast<v1::Sector>(sector));
  p.set_area_code(area_code);
  for (const auto& parcel : parcels) *p.add_parcels() = parcel.ToProto();
  p.set_area_centiha(AreaCentiha());
  p.set_crediting_start_ms(crediting_start_ms);
  p.set_crediting_end_ms(crediting_end_ms);
  for (uint32_t t : tags) p.add_tags(static_cast<v1::ProjectTag>(t));
  p.set_collective(collective);
  p.set_collective_share_bps(collective_share_bps);
  p.set_title(title);
  p.set_design_hash(design_hash);
  p.set_survey_hash(survey_hash);
  p.set_submitted_height(submitted_height);
  p.set_status(static_cast<v1::ProjectStatus>(status));
  p.set_approvals(approvals);
  p.set_rejections(rejections);
  p.set_status_height(status_height);
  p.set_approved_by(approved_by);
  p.set_registered_by(registered_by);
  p.set_status_by(status_by);
  p.set_status_reason(status_reason);
  p.set_reports(reports);
  p.set_batches(batches);
  return p;
}

Bytes ParcelClaimRecord::Encode() const {
  CanonicalWriter w;
  w.U8(kTagParcelClaim).U8(kVersion1).Str(project);
  return w.Take();
}

bool ParcelClaimRecord::Decode(std::string_view in, ParcelClaimRecord* out) {
  CanonicalReader r(in);
  if (r.U8() != kTagParcelClaim || r.U8() != kVersion1) return false;
  out->project = r.Str();
  return r.AtEnd();
}

bool IsValidProjectId(std::string_view id) {
  if (id.size() < 3 || id.size() > 40 || !IsUpperOrDigit(id[0])) return false;
  for (char c : id) {
    if (!IsUpperOrDigit(c) && c != '-') return false;
  }
  return true;
}

bool IsAreaCode(std::string_view code) {
  if (code.size() != 6) return false;
  for (char c : code) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

std::string_view ProjectStatusName(uint32_t status) {
  switch (status) {
    case v1::PROJECT_SUBMITTED:
      return "SUBMITTED";
    case v1::PROJECT_EVALUATED:
      return "EVALUATED";
    case v1::PROJECT_APPROVED:
      return "APPROVED";
    case v1::PROJECT_REGISTERED:
      return "REGISTERED";
    case v1::PROJECT_ON_HOLD:
      return "ON_HOLD";
    case v1::PROJECT_TERMINATED:
      return "TERMINATED";
    case v1::PROJECT_REJECTED:
      return "REJECTED";
    default:
      return "UNKNOWN";
  }
}

Result<ProjectRecord> LoadProject(const StateReader& state, std::string_view id) {
  auto rec = LoadRecord<ProjectRecord>(state, keys::Project(id));
  if (!rec.ok()) return rec.status();
  if (!rec.value()) return Status(v1::UNKNOWN_PROJECT, "no project '" + std::string(id) + "'");
  return std::move(**rec);
}

}  // namespace lincao
