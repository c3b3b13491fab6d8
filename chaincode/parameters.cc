#include "chaincode/parameters.h"

#include "chaincode/canonical.h"
#include "chaincode/governance_records.h"
#include "chaincode/limits.h"

namespace lincao {

const std::vector<ParameterDef>& ParameterTable() {
  // The bounds are those genesis accepts (docs/formats.md "Genesis").
  // expert_quorum, home_area_prefix and the two points parameters are not
  // in genesis (ChainParams says why); their default is a fixed constant.
  static const std::vector<ParameterDef> kTable = {
      {"expert_quorum", "experts", 1, kMaxExpertQuorum,
       "expert approvals (of the subject's sector) that evaluate a methodology, project or "
       "monitoring report; as many rejections reject it (from chaincode version 3)",
       [](const ChainParams& p) -> uint64_t { return p.expert_quorum; },
       [](ChainParams& p, uint64_t v) { p.expert_quorum = static_cast<uint32_t>(v); },
       /*since_version=*/3},
      {"home_area_prefix", "prefix", 10, 99,
       "the 2-digit province prefix of the administrative area codes this registry registers "
       "(51 Sichuan); other parcels belong to their home registry (from chaincode version 3)",
       [](const ChainParams& p) -> uint64_t { return p.home_area_prefix; },
       [](ChainParams& p, uint64_t v) { p.home_area_prefix = static_cast<uint32_t>(v); },
       /*since_version=*/3},
      {"kg_per_planting_duty", "kg", 1, kMaxKgPerPlantingDuty,
       "kg CO2e that retire one compulsory tree-planting duty (碳汇+全民义务植树); 0, the default, "
       "means not set: tree-planting retirements are refused until governance sets it (from "
       "chaincode version 4)",
       [](const ChainParams& p) -> uint64_t { return p.kg_per_planting_duty; },
       [](ChainParams& p, uint64_t v) { p.kg_per_planting_duty = v; },
       /*since_version=*/4},
      {"max_ranges_per_account", "ranges", 1, kMaxRangesPerAccount,
       "serial ranges one account may hold before a transfer or retirement adding more is refused",
       [](const ChainParams& p) -> uint64_t { return p.max_ranges_per_account; },
       [](ChainParams& p, uint64_t v) { p.max_ranges_per_account = static_cast<uint32_t>(v); }},
      {"max_ranges_per_tx", "ranges", 1, kMaxRangesPerTx,
       "serial ranges one transfer or retirement may move",
       [](const ChainParams& p) -> uint64_t { return p.max_ranges_per_tx; },
       [](ChainParams& p, uint64_t v) { p.max_ranges_per_tx = static_cast<uint32_t>(v); }},
      {"max_tx_horizon_ms", "ms", 1, kMaxTxHorizonMs,
       "how far ahead of chain time a transaction's expiry may lie",
       [](const ChainParams& p) -> uint64_t { return p.max_tx_horizon_ms; },
       [](ChainParams& p, uint64_t v) { p.max_tx_horizon_ms = v; }},
      {"points_daily_cap", "points", 1, kMaxPointsDailyCap,
       "points one personal account may earn for one day's low-carbon behaviour (from chaincode "
       "version 4)",
       [](const ChainParams& p) -> uint64_t { return p.points_daily_cap; },
       [](ChainParams& p, uint64_t v) { p.points_daily_cap = static_cast<uint32_t>(v); },
       /*since_version=*/4},
      {"points_per_kg", "points", 1, kMaxPointsPerKg,
       "points a personal account redeems for the retirement of 1 kg CO2e on its behalf (from "
       "chaincode version 4)",
       [](const ChainParams& p) -> uint64_t { return p.points_per_kg; },
       [](ChainParams& p, uint64_t v) { p.points_per_kg = static_cast<uint32_t>(v); },
       /*since_version=*/4},
  };
  return kTable;
}

const ParameterDef* FindParameter(std::string_view name) {
  for (const ParameterDef& d : ParameterTable()) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

Result<uint32_t> ChaincodeVersionAt(uint32_t genesis_version, const StateReader& state,
                                    uint64_t height) {
  uint32_t version = genesis_version;
  bool corrupt = false;
  // Few records (one per upgrade), in ascending height order.
  state.Scan(keys::ActivationPrefix(), [&](std::string_view key, std::string_view value) {
    std::string_view h = key.substr(keys::ActivationPrefix().size());
    ActivationRecord rec;
    if (h.size() != 8 || !ActivationRecord::Decode(value, &rec)) {
      corrupt = true;
      return false;
    }
    if (ReadBigEndian64(h) > height) return false;
    version = rec.version;
    return true;
  });
  if (corrupt) return Status(v1::INTERNAL, "a stored chaincode activation record does not decode");
  return version;
}

Result<ChainParams> ParamsInForce(const ChainParams& genesis, const StateReader& state,
                                  uint64_t height) {
  ChainParams p = genesis;
  for (const ParameterDef& d : ParameterTable()) {
    auto rec = LoadRecord<ParameterRecord>(state, keys::Parameter(d.name));
    if (!rec.ok()) return rec.status();
    if (rec.value()) d.set(p, (*rec)->value);
  }
  auto version = ChaincodeVersionAt(genesis.chaincode_version, state, height);
  if (!version.ok()) return version.status();
  p.chaincode_version = *version;
  return p;
}

Result<std::vector<v1::Parameter>> ListParameters(const ChainParams& genesis,
                                                  const StateReader& state, uint32_t version) {
  std::vector<v1::Parameter> out;
  for (const ParameterDef& d : ParameterTable()) {
    if (d.since_version > version) continue;
    auto rec = LoadRecord<ParameterRecord>(state, keys::Parameter(d.name));
    if (!rec.ok()) return rec.status();
    v1::Parameter p;
    p.set_name(std::string(d.name));
    p.set_unit(std::string(d.unit));
    p.set_min(d.min);
    p.set_max(d.max);
    p.set_default_value(d.get(genesis));
    p.set_value(rec.value() ? (*rec)->value : d.get(genesis));
    p.set_set_height(rec.value() ? (*rec)->set_height : 0);
    p.set_meaning(std::string(d.meaning));
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace lincao
