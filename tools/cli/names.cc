#include "tools/cli/names.h"

#include <array>
#include <cctype>
#include <span>
#include <utility>

namespace lincao::cli {
namespace {

struct PurposeName {
  std::string_view name;
  v1::RetirementPurpose purpose;
};

constexpr std::array<PurposeName, 9> kPurposes = {{
    {"large-event", v1::LARGE_EVENT},
    {"tree-planting-duty", v1::TREE_PLANTING_DUTY},
    {"eco-judicial", v1::ECO_JUDICIAL},
    {"personal-footprint", v1::PERSONAL_FOOTPRINT},
    {"organisation", v1::ORGANISATION_NEUTRALITY},
    {"product", v1::PRODUCT_NEUTRALITY},
    {"building", v1::BUILDING_NEUTRALITY},
    {"region", v1::REGION_NEUTRALITY},
    {"other", v1::OTHER},
}};

// Upper case with '-' turned into '_': the spelling of the proto enum names.
std::string EnumSpelling(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

// One spelling of a lifecycle enum value: the short name people type and,
// where the policy text has one, its Chinese term.
struct NamedValue {
  std::string_view name;
  int value;
  std::string_view chinese;
};

constexpr std::array<NamedValue, 3> kSectors = {{
    {"forest", v1::FOREST, "森林"},
    {"grassland", v1::GRASSLAND, "草原"},
    {"wetland", v1::WETLAND, "湿地"},
}};

constexpr std::array<NamedValue, 4> kProjectTags = {{
    {"giant-panda-national-park", v1::GIANT_PANDA_NATIONAL_PARK, "大熊猫国家公园"},
    {"zoige-wetland", v1::ZOIGE_WETLAND, "若尔盖湿地"},
    {"public-benefit", v1::PUBLIC_BENEFIT, "公益性"},
    {"entrusted-collective-forest", v1::ENTRUSTED_COLLECTIVE_FOREST, "集体林权委托开发"},
}};

constexpr std::array<NamedValue, 3> kFreezeTargets = {{
    {"account", v1::FREEZE_ACCOUNT, ""},
    {"project", v1::FREEZE_PROJECT, ""},
    {"batch", v1::FREEZE_BATCH, ""},
}};

constexpr std::array<NamedValue, 3> kCancellationReasons = {{
    {"fraud", v1::FRAUD, ""},
    {"reversal", v1::REVERSAL, ""},
    {"correction", v1::CORRECTION, ""},
}};

constexpr std::array<NamedValue, 4> kLossKinds = {{
    {"fire", v1::FIRE, "火灾"},
    {"pests", v1::PESTS, "病虫害"},
    {"land-use-change", v1::LAND_USE_CHANGE, ""},
    {"other", v1::OTHER_LOSS, ""},
}};

// Retirement detail of chaincode version 4.
constexpr std::array<NamedValue, 3> kEventKinds = {{
    {"meeting", v1::MEETING, "会议"},
    {"exhibition", v1::EXHIBITION, "展览"},
    {"competition", v1::COMPETITION, "赛事"},
}};

// Neutrality claims and personal carbon points (chaincode version 4).
constexpr std::array<NamedValue, 5> kEntityKinds = {{
    {"organisation", v1::ENTITY_ORGANISATION, "机构"},
    {"event", v1::ENTITY_EVENT, "活动"},
    {"product", v1::ENTITY_PRODUCT, "产品"},
    {"building", v1::ENTITY_BUILDING, "建筑"},
    {"region", v1::ENTITY_REGION, "区域"},
}};

constexpr std::array<NamedValue, 5> kFootprintCategories = {{
    {"clothing", v1::CLOTHING, "衣"},
    {"food", v1::FOOD, "食"},
    {"housing", v1::HOUSING, "住"},
    {"travel", v1::TRAVEL, "行"},
    {"use", v1::USE, "用"},
}};

std::string Choices(std::span<const NamedValue> table) {
  std::string out;
  for (const auto& n : table) out += (out.empty() ? "" : ", ") + std::string(n.name);
  return out;
}

// The value named by its short name, its Chinese term or its enum name
// (e.g. "GIANT_PANDA_NATIONAL_PARK"); INVALID_ARGUMENT listing the choices.
Result<int> ParseNamed(std::string_view text, std::span<const NamedValue> table,
                       const google::protobuf::EnumDescriptor* desc, std::string_view what) {
  const std::string wanted = EnumSpelling(text);
  for (const auto& n : table) {
    if (EnumSpelling(n.name) == wanted || (!n.chinese.empty() && text == n.chinese)) {
      return n.value;
    }
  }
  if (const auto* v = desc->FindValueByName(wanted)) {
    for (const auto& n : table) {
      if (n.value == v->number()) return n.value;
    }
  }
  return Status(v1::INVALID_ARGUMENT, "unknown " + std::string(what) + " '" + std::string(text) +
                                          "'; choose one of " + Choices(table));
}

std::string TextOf(std::span<const NamedValue> table, int value, std::string_view what) {
  for (const auto& n : table) {
    if (n.value == value) return std::string(n.name);
  }
  return std::string(what) + " " + std::to_string(value);
}

}  // namespace

Result<v1::Role> ParseRole(std::string_view name) {
  v1::Role role;
  if (!v1::Role_Parse(EnumSpelling(name), &role) || role == v1::ROLE_UNSPECIFIED) {
    return Status(v1::INVALID_ARGUMENT,
                  "unknown role '" + std::string(name) + "'; roles are " + RoleChoices());
  }
  return role;
}

Result<v1::RetirementPurpose> ParsePurpose(std::string_view name) {
  const std::string wanted = EnumSpelling(name);
  for (const auto& p : kPurposes) {
    if (EnumSpelling(p.name) == wanted) return p.purpose;
  }
  if (wanted == "ORGANIZATION") return v1::ORGANISATION_NEUTRALITY;
  v1::RetirementPurpose purpose;
  if (v1::RetirementPurpose_Parse(wanted, &purpose) && purpose != v1::PURPOSE_UNSPECIFIED) {
    return purpose;
  }
  return Status(v1::INVALID_ARGUMENT,
                "unknown purpose '" + std::string(name) + "'; purposes are " + PurposeChoices());
}

std::string PurposeShortName(v1::RetirementPurpose purpose) {
  for (const auto& p : kPurposes) {
    if (p.purpose == purpose) return std::string(p.name);
  }
  if (v1::RetirementPurpose_IsValid(purpose)) return v1::RetirementPurpose_Name(purpose);
  return "purpose " + std::to_string(static_cast<int>(purpose));
}

std::string PurposeChoices() {
  std::string out;
  for (const auto& p : kPurposes) {
    if (!out.empty()) out += '|';
    out += p.name;
  }
  return out;
}

std::string RoleChoices() {
  std::string out;
  const auto* desc = v1::Role_descriptor();
  for (int i = 0; i < desc->value_count(); ++i) {
    if (desc->value(i)->number() == v1::ROLE_UNSPECIFIED) continue;
    if (!out.empty()) out += ", ";
    for (char c : desc->value(i)->name()) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

Result<v1::Sector> ParseSector(std::string_view name) {
  auto v = ParseNamed(name, kSectors, v1::Sector_descriptor(), "sector");
  if (!v.ok()) return v.status();
  return static_cast<v1::Sector>(*v);
}

std::string SectorChoices() { return Choices(kSectors); }

Result<v1::ProjectTag> ParseProjectTag(std::string_view name) {
  auto v = ParseNamed(name, kProjectTags, v1::ProjectTag_descriptor(), "project tag");
  if (!v.ok()) return v.status();
  return static_cast<v1::ProjectTag>(*v);
}

std::string ProjectTagChoices() { return Choices(kProjectTags); }

std::string ProjectTagText(int tag) {
  for (const auto& n : kProjectTags) {
    if (n.value == tag) return std::string(n.name) + " (" + std::string(n.chinese) + ")";
  }
  return "tag " + std::to_string(tag);
}

Result<v1::FreezeTarget> ParseFreezeTarget(std::string_view name) {
  auto v = ParseNamed(name, kFreezeTargets, v1::FreezeTarget_descriptor(), "freeze target");
  if (!v.ok()) return v.status();
  return static_cast<v1::FreezeTarget>(*v);
}

std::string FreezeTargetChoices() { return Choices(kFreezeTargets); }
std::string FreezeTargetText(int target) { return TextOf(kFreezeTargets, target, "target"); }

Result<v1::CancellationReason> ParseCancellationReason(std::string_view name) {
  auto v = ParseNamed(name, kCancellationReasons, v1::CancellationReason_descriptor(),
                      "cancellation reason");
  if (!v.ok()) return v.status();
  return static_cast<v1::CancellationReason>(*v);
}

std::string CancellationReasonChoices() { return Choices(kCancellationReasons); }
std::string CancellationReasonText(int reason) {
  return TextOf(kCancellationReasons, reason, "reason");
}

Result<v1::LossKind> ParseLossKind(std::string_view name) {
  auto v = ParseNamed(name, kLossKinds, v1::LossKind_descriptor(), "loss kind");
  if (!v.ok()) return v.status();
  return static_cast<v1::LossKind>(*v);
}

std::string LossKindChoices() { return Choices(kLossKinds); }
std::string LossKindText(int kind) { return TextOf(kLossKinds, kind, "loss kind"); }

Result<v1::ClaimEntityKind> ParseEntityKind(std::string_view name) {
  auto v = ParseNamed(name, kEntityKinds, v1::ClaimEntityKind_descriptor(), "entity kind");
  if (!v.ok()) return v.status();
  return static_cast<v1::ClaimEntityKind>(*v);
}

std::string EntityKindChoices() { return Choices(kEntityKinds); }
std::string EntityKindText(int kind) { return TextOf(kEntityKinds, kind, "entity kind"); }

Result<v1::EventKind> ParseEventKind(std::string_view name) {
  auto v = ParseNamed(name, kEventKinds, v1::EventKind_descriptor(), "event kind");
  if (!v.ok()) return v.status();
  return static_cast<v1::EventKind>(*v);
}

std::string EventKindChoices() { return Choices(kEventKinds); }
std::string EventKindText(int kind) { return TextOf(kEventKinds, kind, "event kind"); }

Result<v1::FootprintCategory> ParseFootprintCategory(std::string_view name) {
  auto v = ParseNamed(name, kFootprintCategories, v1::FootprintCategory_descriptor(),
                      "footprint category");
  if (!v.ok()) return v.status();
  return static_cast<v1::FootprintCategory>(*v);
}

std::string FootprintCategoryChoices() { return Choices(kFootprintCategories); }
std::string FootprintCategoryText(int category) {
  for (const auto& n : kFootprintCategories) {
    if (n.value == category) return std::string(n.name) + " (" + std::string(n.chinese) + ")";
  }
  return "category " + std::to_string(category);
}

}  // namespace lincao::cli
