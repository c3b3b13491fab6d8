// Governed chain parameters and the rules in force at a height.
//
// A parameter is a named integer with a unit, bounds and a default (the
// genesis value); governance changes it with set_parameter, and the value
// applies from the block after the one that set it. The chaincode version
// in force at height h is the one of the latest activation at or below h
// (else genesis's). Both are read from the state after block h - 1, so every
// node derives the same rules for block h from the same state.
//
// Thread-safety: immutable table and pure functions.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "chaincode/records.h"
#include "chaincode/state_view.h"
#include "chaincode/status.h"
#include "lincao/v1/state.pb.h"

namespace lincao {

struct ParameterDef {
  std::string_view name;
  std::string_view unit;  // "ms", "ranges", "bp", "kg"
  uint64_t min = 0;
  uint64_t max = 0;
  std::string_view meaning;
  // The genesis value is the default; set_parameter overrides it here.
  uint64_t (*get)(const ChainParams&) = nullptr;
  void (*set)(ChainParams&, uint64_t) = nullptr;
  // The first chaincode version whose set_parameter knows the name. Before
  // it the name is UNKNOWN_PARAMETER, as it was when those rules were
  // written, so replaying an older chain decides as it did then.
  uint32_t since_version = 1;
};

// Every governed parameter, in ascending name order.
const std::vector<ParameterDef>& ParameterTable();
const ParameterDef* FindParameter(std::string_view name);

// `genesis` with every governed parameter set in state applied, and the
// chaincode version in force for block `height`. INTERNAL on corrupt records.
Result<ChainParams> ParamsInForce(const ChainParams& genesis, const StateReader& state,
                                  uint64_t height);

// The chaincode version in force for block `height`.
Result<uint32_t> ChaincodeVersionAt(uint32_t genesis_version, const StateReader& state,
                                    uint64_t height);

// The table with values in force (for queries): the parameters that
// chaincode `version` knows (every one when not given).
Result<std::vector<v1::Parameter>> ListParameters(const ChainParams& genesis,
                                                  const StateReader& state,
                                                  uint32_t version = UINT32_MAX);

}  // namespace lincao
