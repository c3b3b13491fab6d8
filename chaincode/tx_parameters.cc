// set_parameter and activate_chaincode: governance changes the chain's
// integer parameters and schedules new rule versions. Both take effect at a
// block boundary (parameters.h ParamsInForce), never inside a block.
#include <algorithm>

#include "chaincode/canonical.h"
#include "chaincode/governance_records.h"
#include "chaincode/parameters.h"
#include "chaincode/tx_rules.h"

namespace lincao::rules {

Status SetParameter(const ApplyContext& ctx, const v1::SetParameter& body, StateView& state) {
  const ParameterDef* def = FindParameter(body.name());
  if (def != nullptr && def->since_version > ctx.params.chaincode_version) def = nullptr;
  if (def == nullptr) {
    std::string names;
    for (const ParameterDef& d : ParameterTable()) {
      if (d.since_version > ctx.params.chaincode_version) continue;
      names += (names.empty() ? "" : ", ") + std::string(d.name);
    }
    return Status(v1::UNKNOWN_PARAMETER,
                  "no parameter named '" + body.name() + "'; parameters are: " + names);
  }
  if (body.value() < def->min || body.value() > def->max) {
    return Status(v1::PARAMETER_OUT_OF_BOUNDS,
                  "parameter " + body.name() + " must be " + std::to_string(def->min) + ".." +
                      std::to_string(def->max) + " " + std::string(def->unit) + ", not " +
                      std::to_string(body.value()));
  }
  state.Put(keys::Parameter(def->name), ParameterRecord{body.value(), ctx.height}.Encode());
  return Status::Ok();
}

Status ActivateChaincode(const ApplyContext& ctx, const v1::ActivateChaincode& body,
                         StateView& state) {
  if (body.height() <= ctx.height) {
    return Status(v1::BAD_ACTIVATION, "activation height " + std::to_string(body.height()) +
                                          " is not after this block (" +
                                          std::to_string(ctx.height) + ")");
  }
  // The latest version scheduled or in force, and the latest height named:
  // versions only go up, and activations come in height order.
  uint32_t latest_version = ctx.params.chaincode_version;
  uint64_t latest_height = 0;
  bool corrupt = false;
  state.Scan(keys::ActivationPrefix(), [&](std::string_view key, std::string_view value) {
    ActivationRecord rec;
    std::string_view h = key.substr(keys::ActivationPrefix().size());
    if (h.size() != 8 || !ActivationRecord::Decode(value, &rec)) {
      corrupt = true;
      return false;
    }
    latest_version = std::max(latest_version, rec.version);
    latest_height = ReadBigEndian64(h);
    return true;
  });
  if (corrupt) return Status(v1::INTERNAL, "a stored chaincode activation record does not decode");
  if (body.version() <= latest_version) {
    return Status(v1::BAD_ACTIVATION,
                  "chaincode version " + std::to_string(body.version()) + " is not above version " +
                      std::to_string(latest_version) + ", already in force or scheduled");
  }
  if (body.height() <= latest_height) {
    return Status(v1::BAD_ACTIVATION, "an activation is already scheduled at height " +
                                          std::to_string(latest_height) +
                                          "; a later one must come after it");
  }
  // Deliberately not checked: whether this binary implements the version.
  // Every node must decide alike; one lacking it stops at that height.
  state.Put(keys::Activation(body.height()), ActivationRecord{body.version(), ctx.height}.Encode());
  return Status::Ok();
}

}  // namespace lincao::rules
