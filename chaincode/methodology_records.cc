#include "chaincode/methodology_records.h"

#include "chaincode/canonical.h"
#include "chaincode/lifecycle_keys.h"
#include "chaincode/records.h"

namespace lincao {
namespace {

constexpr uint8_t kTagMethodology = 'T';
constexpr uint8_t kVersion1 = 1;

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Bytes MethodologyRecord::Encode() const {
  CanonicalWriter w;
  w.U8(kTagMethodology).U8(kVersion1);
  w.Str(id).U32(sector).Str(title).U32(buffer_bps).U32(static_cast<uint32_t>(factors.size()));
  for (const auto& f : factors) w.Str(f.name).U64(f.value).Str(f.unit);
  w.Str(evidence_hash).Str(proposer).U64(proposed_height);
  w.U32(status).U32(approvals).U32(rejections).U64(status_height);
  w.Str(approved_by).Str(deprecated_by).Str(deprecation_reason);
  return w.Take();
}

bool MethodologyRecord::Decode(std::string_view in, MethodologyRecord* out) {
  CanonicalReader r(in);
  if (r.U8() != kTagMethodology || r.U8() != kVersion1) return false;
  out->id = r.Str();
  out->sector = r.U32();
  out->title = r.Str();
  out->buffer_bps = r.U32();
  const uint32_t n = r.U32();
  if (!r.ok() || n > kMaxConversionFactors) return false;
  out->factors.clear();
  for (uint32_t i = 0; i < n; ++i) {
    ConversionFactorRecord f;
    f.name = r.Str();
    f.value = r.U64();
    f.unit = r.Str();
    out->factors.push_back(std::move(f));
  }
  out->evidence_hash = r.Str();
  out->proposer = r.Str();
  out->proposed_height = r.U64();
  out->status = r.U32();
  out->approvals = r.U32();
  out->rejections = r.U32();
  out->status_height = r.U64();
  out->approved_by = r.Str();
  out->deprecated_by = r.Str();
  out->deprecation_reason = r.Str();
  return r.AtEnd();
}

v1::Methodology MethodologyRecord::ToProto() const {
  v1::Methodology m;
  m.set_id(id);
  m.set_sector(static_cast<v1::Sector>(sector));
  m.set_title(title);
  m.set_buffer_bps(buffer_bps);
  for (const auto& f : factors) {
    v1::ConversionFactor* pf = m.add_factors();
    pf->set_name(f.name);
    pf->set_value(f.value);
    pf->set_unit(f.unit);
  }
  m.set_evidence_hash(evidence_hash);
  m.set_proposer(proposer);
  m.set_proposed_height(proposed_height);
  m.set_status(static_cast<v1::MethodologyStatus>(status));
  m.set_approvals(approvals);
  m.set_rejections(rejections);
  m.set_status_height(status_height);
  m.set_approved_by(approved_by);
  m.set_deprecated_by(deprecated_by);
  m.set_deprecation_reason(deprecation_reason);
  return m;
}

v1::Sector SectorOfMethodologyId(std::string_view id) {
  // SC-FOR-001-V01: region, sector, number, version; 14 characters.
  if (id.size() != 14 || !IsUpper(id[0]) || !IsUpper(id[1]) || id[2] != '-' || id[6] != '-' ||
      !IsDigit(id[7]) || !IsDigit(id[8]) || !IsDigit(id[9]) || id[10] != '-' || id[11] != 'V' ||
      !IsDigit(id[12]) || !IsDigit(id[13])) {
    return v1::SECTOR_UNSPECIFIED;
  }
  const std::string_view sector = id.substr(3, 3);
  if (sector == "FOR") return v1::FOREST;
  if (sector == "GRA") return v1::GRASSLAND;
  if (sector == "WET") return v1::WETLAND;
  return v1::SECTOR_UNSPECIFIED;
}

bool IsValidFactorName(std::string_view name) {
  if (name.empty() || name.size() > kMaxFactorNameBytes) return false;
  if (name[0] < 'a' || name[0] > 'z') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || IsDigit(c) || c == '_')) return false;
  }
  return true;
}

std::string_view MethodologyStatusName(uint32_t status) {
  switch (status) {
    case v1::METHODOLOGY_PROPOSED:
      return "PROPOSED";
    case v1::METHODOLOGY_EVALUATED:
      return "EVALUATED";
    case v1::METHODOLOGY_APPROVED:
      return "APPROVED";
    case v1::METHODOLOGY_DEPRECATED:
      return "DEPRECATED";
    case v1::METHODOLOGY_REJECTED:
      return "REJECTED";
    default:
      return "UNKNOWN";
  }
}

std::string_view SectorName(uint32_t sector) {
  switch (sector) {
    case v1::FOREST:
      return "FOREST";
    case v1::GRASSLAND:
      return "GRASSLAND";
    case v1::WETLAND:
      return "WETLAND";
    default:
      return "UNKNOWN";
  }
}

Result<MethodologyRecord> LoadMethodology(const StateReader& state, std::string_view id) {
  auto rec = LoadRecord<MethodologyRecord>(state, keys::Methodology(id));
  if (!rec.ok()) return rec.status();
  if (!rec.value()) {
    return Status(v1::UNKNOWN_METHODOLOGY, "no methodology '" + std::string(id) + "'");
  }
  return std::move(**rec);
}

}  // namespace lincao
