#include "tools/cli/names.h"

#include <array>
#include <cctype>
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

}  // namespace lincao::cli
