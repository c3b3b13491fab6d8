// Projects and their land parcels (chaincode version 3). A project lives at
// j/<id>; each parcel it claims while it is live has a claim l/<parcel key>
// naming it, which is what makes a parcel belong to at most one live project
// (唯一性). Claims are written when a project is submitted and deleted when it
// is terminated or rejected; a project record is never deleted, so an id is
// never used twice.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chaincode/bytes.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"
#include "lincao/v1/state.pb.h"

namespace lincao {

inline constexpr size_t kMaxParcelsPerProject = 64;
inline constexpr size_t kRealEstateUnitChars = 28;
inline constexpr size_t kMaxCompartmentChars = 16;
// 100 million hectares, more than Sichuan: bounds each parcel so that the
// sum over a project's parcels never wraps.
inline constexpr uint64_t kMaxParcelAreaCentiha = 10'000'000'000ull;

// One land parcel. Exactly one identification is set: the real-estate unit
// code (不动产单元代码), or the forest compartment and sub-compartment
// (林班/小班) within the county of `area_code`.
struct ParcelRecord {
  std::string area_code;         // 6 ASCII digits
  std::string real_estate_unit;  // 28 of [0-9A-Z], starting with area_code
  std::string compartment;       // [0-9A-Za-z]{1,16}
  std::string sub_compartment;   // [0-9A-Za-z]{1,16}
  Bytes boundary_hash;           // 32 bytes
  uint64_t area_centiha = 0;     // 0.01 ha, >= 1

  // The canonical parcel key: "<area_code>/u/<real_estate_unit>" or
  // "<area_code>/f/<compartment>/<sub_compartment>". It names the parcel in
  // l/ and orders a project's parcels.
  std::string Key() const;
  v1::Parcel ToProto() const;
};

// The parcel key of a parcel as a transaction lists it (no validation: the
// rules check the fields; clients use it to order a project's parcels).
std::string ParcelKeyOf(const v1::Parcel& parcel);

// 'J' at j/<id>.
struct ProjectRecord {
  std::string id;
  std::string owner;
  std::string methodology;
  std::string area_code;
  std::vector<ParcelRecord> parcels;  // strictly ascending by Key()
  uint64_t crediting_start_ms = 0;    // crediting period [start, end)
  uint64_t crediting_end_ms = 0;
  std::vector<uint32_t> tags;  // v1::ProjectTag, strictly ascending
  std::string collective;      // ENTRUSTED_COLLECTIVE_FOREST only
  uint32_t collective_share_bps = 0;
  std::string title;
  Bytes design_hash;  // 32 bytes
  Bytes survey_hash;  // 32 bytes
  uint64_t submitted_height = 0;
  uint32_t status = v1::PROJECT_SUBMITTED;  // v1::ProjectStatus
  uint32_t approvals = 0;
  uint32_t rejections = 0;
  uint64_t status_height = 0;  // block of the latest status change
  std::string approved_by;
  std::string registered_by;
  std::string status_by;      // supervisor of the latest hold, resume or termination
  std::string status_reason;  // and its reason
  uint32_t reports = 0;       // reports submitted; the next is reports + 1
  uint32_t batches = 0;       // batches issued; the next code's sequence is batches + 1

  // Live: its parcels are claimed (submitted up to on hold).
  bool IsLive() const;
  bool HasTag(v1::ProjectTag tag) const;
  // The sum of the parcels' areas: the project has no area of its own that
  // could disagree with them.
  uint64_t AreaCentiha() const;
  Bytes Encode() const;
  static bool Decode(std::string_view in, ProjectRecord* out);
  // `sector` is the methodology's, which the record does not repeat.
  v1::Project ToProto(uint32_t sector) const;
};

// 'l' at l/<parcel key>: the live project that claims the parcel. (Lower
// case: 'L' is the loss record of reversals.)
struct ParcelClaimRecord {
  std::string project;

  Bytes Encode() const;
  static bool Decode(std::string_view in, ParcelClaimRecord* out);
};

// [A-Z0-9][A-Z0-9-]{2,39}
bool IsValidProjectId(std::string_view id);
// Exactly 6 ASCII digits.
bool IsAreaCode(std::string_view code);

// "SUBMITTED", "REGISTERED", ... for messages.
std::string_view ProjectStatusName(uint32_t status);

// The project `id`: UNKNOWN_PROJECT when absent, INTERNAL when its record
// does not decode.
Result<ProjectRecord> LoadProject(const StateReader& state, std::string_view id);

}  // namespace lincao
