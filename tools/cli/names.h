// Roles and retirement purposes by name, as people type them. Matching
// ignores case and treats '-' and '_' alike, so "project-owner",
// "project_owner" and "PROJECT_OWNER" all name the same role.
#pragma once

#include <string>
#include <string_view>

#include "chaincode/status.h"
#include "lincao/v1/tx.pb.h"

namespace lincao::cli {

// Any Role except ROLE_UNSPECIFIED.
Result<v1::Role> ParseRole(std::string_view name);

// The short purpose names of `tx retire --purpose` (large-event,
// tree-planting-duty, eco-judicial, personal-footprint, organisation,
// product, building, region, other) and the enum names themselves
// (ORGANISATION_NEUTRALITY).
Result<v1::RetirementPurpose> ParsePurpose(std::string_view name);

// The short name of a purpose ("organisation"); the enum name for values
// without one.
std::string PurposeShortName(v1::RetirementPurpose purpose);

// "large-event|tree-planting-duty|...|other", for help texts.
std::string PurposeChoices();

// "registrar, supervisor, ..." (lower case), for help texts.
std::string RoleChoices();

}  // namespace lincao::cli
