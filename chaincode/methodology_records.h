// Methodologies (方法学): the versioned rules a project is credited under,
// stored at t/<id> (chaincode/lifecycle_keys.h). A methodology is proposed,
// evaluated by the expert quorum of its sector, approved by a supervisor and
// eventually deprecated; its sector and buffer share never change once
// proposed, so batches issued under it keep what it said.
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

inline constexpr size_t kMaxConversionFactors = 32;
inline constexpr size_t kMaxFactorNameBytes = 48;
inline constexpr uint32_t kBasisPoints = 10000;  // 100 %

struct ConversionFactorRecord {
  std::string name;  // [a-z][a-z0-9_]{0,47}
  uint64_t value = 0;
  std::string unit;
};

// 'T' at t/<id>.
struct MethodologyRecord {
  std::string id;
  uint32_t sector = 0;  // v1::Sector
  std::string title;
  uint32_t buffer_bps = 0;
  std::vector<ConversionFactorRecord> factors;  // strictly ascending by name
  Bytes evidence_hash;                          // 32 bytes
  std::string proposer;
  uint64_t proposed_height = 0;
  uint32_t status = v1::METHODOLOGY_PROPOSED;  // v1::MethodologyStatus
  uint32_t approvals = 0;
  uint32_t rejections = 0;
  uint64_t status_height = 0;  // block of the latest status change
  std::string approved_by;
  std::string deprecated_by;
  std::string deprecation_reason;

  Bytes Encode() const;
  static bool Decode(std::string_view in, MethodologyRecord* out);
  v1::Methodology ToProto() const;
};

// The sector a methodology id names in its middle part (FOR, GRA, WET), or
// SECTOR_UNSPECIFIED when the id is not ^[A-Z]{2}-(FOR|GRA|WET)-[0-9]{3}-V[0-9]{2}$.
v1::Sector SectorOfMethodologyId(std::string_view id);

// [a-z][a-z0-9_]{0,47}
bool IsValidFactorName(std::string_view name);

// "PROPOSED", "EVALUATED", ... for messages.
std::string_view MethodologyStatusName(uint32_t status);
// "FOREST", "GRASSLAND", "WETLAND".
std::string_view SectorName(uint32_t sector);

// The methodology `id`: UNKNOWN_METHODOLOGY when absent, INTERNAL when its
// record does not decode.
Result<MethodologyRecord> LoadMethodology(const StateReader& state, std::string_view id);

}  // namespace lincao
