#include "tools/cli/settlement_legs.h"

#include <nlohmann/json.hpp>

#include "chaincode/limits.h"
#include "tools/cli/files.h"
#include "tools/cli/ranges.h"

namespace lincao::cli {
namespace {

using Json = nlohmann::json;

Status Bad(const std::string& where, const std::string& what) {
  return Status(v1::INVALID_ARGUMENT, where + ": " + what);
}

Result<v1::SettlementLeg> ReadLeg(const Json& j, const std::string& where) {
  if (!j.is_object()) return Bad(where, "a leg is an object {\"from\", \"to\", \"quantity\"}");
  for (const auto& [key, value] : j.items()) {
    if (key != "from" && key != "to" && key != "quantity" && key != "ranges") {
      return Bad(where, "unknown field \"" + key + "\" (a leg has from, to, quantity, ranges)");
    }
  }
  v1::SettlementLeg leg;
  for (const char* field : {"from", "to"}) {
    if (!j.contains(field) || !j[field].is_string() || j[field].get<std::string>().empty()) {
      return Bad(where, std::string("\"") + field + "\" is required: an account id");
    }
  }
  leg.set_from(j["from"].get<std::string>());
  leg.set_to(j["to"].get<std::string>());
  std::vector<std::string> texts;
  if (j.contains("ranges")) {
    if (!j["ranges"].is_array()) {
      return Bad(where, "\"ranges\" is a list of serial ranges like \"1-500\"");
    }
    for (const Json& r : j["ranges"]) {
      if (!r.is_string()) return Bad(where, "each range is a string like \"1-500\"");
      texts.push_back(r.get<std::string>());
    }
  }
  auto ranges = ParseRanges(texts);
  if (!ranges.ok()) return Bad(where, ranges.status().message());
  for (const auto& r : *ranges) *leg.add_ranges() = r;
  if (j.contains("quantity")) {
    if (!j["quantity"].is_number_unsigned()) {
      return Bad(where, "\"quantity\" is a whole number of units (1 unit = 1 kg CO2e)");
    }
    leg.set_quantity(j["quantity"].get<uint64_t>());
  } else if (!ranges->empty()) {
    auto total = RangesTotal(*ranges);
    if (!total.ok()) return Bad(where, total.status().message());
    leg.set_quantity(*total);
  } else {
    return Bad(where, "give \"quantity\", or the exact serials in \"ranges\"");
  }
  return leg;
}

}  // namespace

Result<std::vector<v1::SettlementLeg>> ParseSettlementLegs(std::string_view json_text,
                                                           const std::string& source) {
  Json doc = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status(v1::INVALID_ARGUMENT, source + " is not valid JSON");
  if (doc.is_object()) {
    if (!doc.contains("legs") || doc.size() != 1) {
      return Status(v1::INVALID_ARGUMENT,
                    source + " must hold {\"legs\": [...]} and nothing else (or a bare array)");
    }
    doc = doc.at("legs");
  }
  if (!doc.is_array() || doc.empty()) {
    return Status(v1::INVALID_ARGUMENT, source + " lists no legs; a settlement moves at least one");
  }
  if (doc.size() > kMaxSettlementLegs) {
    return Status(v1::INVALID_ARGUMENT,
                  source + " lists " + std::to_string(doc.size()) +
                      " legs; a settlement has at "
                      "most " +
                      std::to_string(kMaxSettlementLegs) +
                      ": split the trade into several settlements with their own references");
  }
  std::vector<v1::SettlementLeg> legs;
  for (size_t i = 0; i < doc.size(); ++i) {
    auto leg = ReadLeg(doc[i], source + ": leg " + std::to_string(i + 1));
    if (!leg.ok()) return leg.status();
    legs.push_back(std::move(*leg));
  }
  return legs;
}

Result<std::vector<v1::SettlementLeg>> LoadSettlementLegs(const std::filesystem::path& path) {
  auto text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  return ParseSettlementLegs(*text, path.string());
}

}  // namespace lincao::cli
