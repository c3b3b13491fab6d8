#include "tools/cli/parcels.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "chaincode/project_records.h"
#include "tools/cli/document_hash.h"
#include "tools/cli/files.h"
#include "tools/cli/values.h"

namespace lincao::cli {
namespace {

using Json = nlohmann::json;

const std::set<std::string>& KnownFields() {
  static const std::set<std::string> fields = {
      "label",           "area_code",     "real_estate_unit", "compartment",
      "sub_compartment", "boundary_hash", "boundary_file",    "area_ha"};
  return fields;
}

bool AllOf(std::string_view s, bool (*pred)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpperAlnum(char c) { return IsDigit(c) || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsUpperAlnum(c) || (c >= 'a' && c <= 'z'); }

// A field that holds text; numbers are accepted for codes people may type
// without quotes (an area code, a compartment number).
Result<std::string> TextField(const Json& j, const std::string& field, const std::string& where) {
  const Json& v = j.at(field);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_unsigned()) return std::to_string(v.get<uint64_t>());
  return Status(v1::INVALID_ARGUMENT, where + ": \"" + field + "\" must be a string");
}

class ParcelReader {
 public:
  ParcelReader(const std::filesystem::path& base_dir, std::ostream& progress)
      : base_dir_(base_dir), progress_(progress) {}

  Result<v1::Parcel> Read(const Json& j, const std::string& where) {
    if (!j.is_object()) return Bad(where, "is not a JSON object");
    for (const auto& [field, value] : j.items()) {
      if (KnownFields().count(field) == 0) {
        return Bad(where, "has an unknown field \"" + field +
                              "\" (fields: label, area_code, real_estate_unit or compartment + "
                              "sub_compartment, boundary_file or boundary_hash, area_ha)");
      }
    }
    v1::Parcel p;
    if (!j.contains("area_code")) return Bad(where, "needs \"area_code\" (6 digits, e.g. 511827)");
    auto area = TextField(j, "area_code", where);
    if (!area.ok()) return area.status();
    if (area->size() != 6 || !AllOf(*area, IsDigit)) {
      return Bad(where, "\"area_code\" '" + *area + "' is not a 6-digit administrative code");
    }
    p.set_area_code(*area);

    const bool unit = j.contains("real_estate_unit");
    const bool forest = j.contains("compartment") || j.contains("sub_compartment");
    if (unit == forest) {
      return Bad(where,
                 "identify the parcel by exactly one of \"real_estate_unit\" (不动产单元代码) or "
                 "\"compartment\" + \"sub_compartment\" (林班/小班)");
    }
    if (unit) {
      auto code = TextField(j, "real_estate_unit", where);
      if (!code.ok()) return code.status();
      if (code->size() != kRealEstateUnitChars || !AllOf(*code, IsUpperAlnum)) {
        return Bad(where, "\"real_estate_unit\" '" + *code +
                              "' is not a real-estate unit code (28 characters 0-9, A-Z)");
      }
      if (!code->starts_with(*area)) {
        return Bad(where, "\"real_estate_unit\" '" + *code +
                              "' does not begin with its "
                              "\"area_code\" " +
                              *area + " (a unit code starts with its county)");
      }
      p.set_real_estate_unit(*code);
    } else {
      for (const char* field : {"compartment", "sub_compartment"}) {
        if (!j.contains(field)) {
          return Bad(where, "has \"compartment\" and \"sub_compartment\" only together");
        }
        auto v = TextField(j, field, where);
        if (!v.ok()) return v.status();
        if (v->size() > kMaxCompartmentChars || !AllOf(*v, IsAlnum)) {
          return Bad(where,
                     "\"" + std::string(field) + "\" '" + *v + "' must be 1-16 letters or digits");
        }
        if (std::string_view(field) == "compartment") {
          p.mutable_forest()->set_compartment(*v);
        } else {
          p.mutable_forest()->set_sub_compartment(*v);
        }
      }
    }

    DocumentHashOptions boundary;
    for (auto [field, out] :
         {std::pair{"boundary_hash", &boundary.hex}, std::pair{"boundary_file", &boundary.file}}) {
      if (!j.contains(field)) continue;
      if (!j.at(field).is_string())
        return Bad(where, "\"" + std::string(field) + "\" must be a string");
      *out = j.at(field).get<std::string>();
    }
    if (boundary.hex.empty() == boundary.file.empty()) {
      return Bad(where,
                 "give exactly one of \"boundary_file\" (the boundary geometry, hashed here) or "
                 "\"boundary_hash\" (64 hex digits)");
    }
    if (!boundary.file.empty()) {
      std::filesystem::path f(boundary.file);
      if (f.is_relative()) f = base_dir_ / f;
      auto h = HashFile(f, progress_);
      if (!h.ok()) return Status(h.status().code(), where + ": " + h.status().message());
      p.set_boundary_hash(AsBytes(*h));
    } else {
      auto h = ParseHexArg(boundary.hex, "\"boundary_hash\"", 32);
      if (!h.ok()) return Bad(where, h.status().message());
      p.set_boundary_hash(*h);
    }

    if (!j.contains("area_ha")) return Bad(where, "needs \"area_ha\" (hectares, e.g. \"120.50\")");
    const Json& a = j.at("area_ha");
    if (!a.is_string() && !a.is_number()) {
      return Bad(where, "\"area_ha\" must be a number of hectares");
    }
    // A JSON number is taken as written: nlohmann prints a double back in
    // its shortest round-trip form, so 120.5 stays "120.5".
    auto centiha = ParseHectares(a.is_string() ? a.get<std::string>() : a.dump());
    if (!centiha.ok()) return Bad(where, "\"area_ha\": " + centiha.status().message());
    p.set_area_centiha(*centiha);
    return p;
  }

 private:
  static Status Bad(const std::string& where, const std::string& why) {
    return Status(v1::INVALID_ARGUMENT, where + " " + why);
  }

  std::filesystem::path base_dir_;
  std::ostream& progress_;
};

}  // namespace

Result<uint64_t> ParseHectares(std::string_view text) {
  auto bad = [&] {
    return Status(v1::INVALID_ARGUMENT, "'" + std::string(text) +
                                            "' is not an area in hectares with at most two "
                                            "decimals (e.g. 120.5)");
  };
  const size_t dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  std::string frac(dot == std::string_view::npos ? "" : text.substr(dot + 1));
  if (whole.empty() || frac.size() > 2 || (dot != std::string_view::npos && frac.empty())) {
    return bad();
  }
  if (!AllOf(whole, IsDigit) || (!frac.empty() && !AllOf(frac, IsDigit))) return bad();
  auto ha = ParseUint(whole);
  frac.resize(2, '0');
  constexpr uint64_t kMaxHectares = uint64_t{1} << 40;  // far beyond any county
  if (!ha || *ha >= kMaxHectares) return bad();
  const uint64_t centiha = *ha * 100 + *ParseUint(frac);
  if (centiha > kMaxParcelAreaCentiha) {
    return Status(v1::INVALID_ARGUMENT, "'" + std::string(text) +
                                            "' ha is more than a parcel can be (" +
                                            std::to_string(kMaxParcelAreaCentiha / 100) + " ha)");
  }
  if (centiha == 0) {
    return Status(v1::INVALID_ARGUMENT,
                  "an area is at least 0.01 ha, got '" + std::string(text) + "'");
  }
  return centiha;
}

Result<std::vector<v1::Parcel>> ParseParcels(std::string_view json_text,
                                             const std::filesystem::path& base_dir,
                                             const std::string& source, std::ostream& progress) {
  Json doc = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return Status(v1::INVALID_ARGUMENT, source + " is not valid JSON");
  }
  if (doc.is_object()) {
    if (!doc.contains("parcels") || doc.size() != 1) {
      return Status(v1::INVALID_ARGUMENT,
                    source + " must hold {\"parcels\": [...]} and nothing else (or a bare array)");
    }
    doc = doc.at("parcels");
  }
  if (!doc.is_array() || doc.empty()) {
    return Status(v1::INVALID_ARGUMENT,
                  source + " lists no parcels; a project claims at least one");
  }
  if (doc.size() > kMaxParcelsPerProject) {
    return Status(v1::INVALID_ARGUMENT, source + " lists " + std::to_string(doc.size()) +
                                            " parcels; a project claims at most " +
                                            std::to_string(kMaxParcelsPerProject) +
                                            " (split the land into several projects)");
  }
  ParcelReader reader(base_dir, progress);
  struct Entry {
    std::string key;
    std::string where;
    v1::Parcel parcel;
  };
  std::vector<Entry> entries;
  for (size_t i = 0; i < doc.size(); ++i) {
    std::string where = source + ": parcel " + std::to_string(i + 1);
    if (doc[i].is_object() && doc[i].contains("label") && doc[i]["label"].is_string()) {
      where += " (" + doc[i]["label"].get<std::string>() + ")";
    }
    auto p = reader.Read(doc[i], where);
    if (!p.ok()) return p.status();
    entries.push_back({ParcelKeyOf(*p), where, std::move(*p)});
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.key < b.key; });
  std::vector<v1::Parcel> out;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i > 0 && entries[i].key == entries[i - 1].key) {
      return Status(v1::INVALID_ARGUMENT, entries[i - 1].where + " and " + entries[i].where +
                                              " are the same parcel (" +
                                              ParcelText(entries[i].parcel) + ")");
    }
    out.push_back(std::move(entries[i].parcel));
  }
  return out;
}

Result<std::vector<v1::Parcel>> LoadParcelsFile(const std::filesystem::path& path,
                                                std::ostream& progress) {
  auto text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return ParseParcels(*text, path.parent_path(), path.string(), progress);
}

std::string ParcelText(const v1::Parcel& p) {
  if (p.has_forest()) {
    return p.area_code() + " compartment " + p.forest().compartment() + "/" +
           p.forest().sub_compartment();
  }
  return p.area_code() + " unit " + p.real_estate_unit();
}

}  // namespace lincao::cli
