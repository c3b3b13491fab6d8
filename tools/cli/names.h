// Roles, retirement purposes and the other enums of tx.proto by name, as
// people type them. Matching ignores case and treats '-' and '_' alike, so
// "project-owner", "project_owner" and "PROJECT_OWNER" all name the same
// role; the credit lifecycle's names also take the Chinese term the policy
// text uses (森林, 大熊猫国家公园, ...).
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

// Sectors: forest (森林), grassland (草原), wetland (湿地), or FOREST, ...
Result<v1::Sector> ParseSector(std::string_view name);
std::string SectorChoices();  // "forest, grassland, wetland"

// Project tags: giant-panda-national-park (大熊猫国家公园), zoige-wetland
// (若尔盖湿地), public-benefit (公益性), entrusted-collective-forest
// (集体林权委托开发), or the enum names.
Result<v1::ProjectTag> ParseProjectTag(std::string_view name);
std::string ProjectTagChoices();
// "giant-panda-national-park (大熊猫国家公园)"; the number when unknown.
std::string ProjectTagText(int tag);

// Supervisory freeze targets: account, project, batch.
Result<v1::FreezeTarget> ParseFreezeTarget(std::string_view name);
std::string FreezeTargetChoices();
std::string FreezeTargetText(int target);  // "account"

// Cancellation reasons: fraud, reversal, correction.
Result<v1::CancellationReason> ParseCancellationReason(std::string_view name);
std::string CancellationReasonChoices();
std::string CancellationReasonText(int reason);  // "fraud"

// Loss kinds: fire, pests, land-use-change, other.
Result<v1::LossKind> ParseLossKind(std::string_view name);
std::string LossKindChoices();
std::string LossKindText(int kind);  // "land-use-change"

// Kinds of large event (chaincode version 4 retirements): meeting (会议),
// exhibition (展览), competition (赛事).
Result<v1::EventKind> ParseEventKind(std::string_view name);
std::string EventKindChoices();
std::string EventKindText(int kind);  // "exhibition"

// Personal footprint categories: clothing (衣), food (食), housing (住),
// travel (行), use (用).
Result<v1::FootprintCategory> ParseFootprintCategory(std::string_view name);
std::string FootprintCategoryChoices();
std::string FootprintCategoryText(int category);  // "travel (行)"

// Neutrality claim entities: organisation (机构), event (活动), product
// (产品), building (建筑), region (区域).
Result<v1::ClaimEntityKind> ParseEntityKind(std::string_view name);
std::string EntityKindChoices();
std::string EntityKindText(int kind);  // "event"

}  // namespace lincao::cli
