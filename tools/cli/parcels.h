// The land parcels of `lincao project submit`, read from a parcels file.
//
// A project claims up to 64 parcels, each with an area code, an identifier
// (a 28-character real-estate unit code, or a forest compartment and
// sub-compartment), the hash of its boundary geometry and its area. Typed
// as repeated command-line flags that is a wall of positional text where a
// swapped field goes unnoticed; in a file every field is named, the
// registry clerk keeps it with the project's papers, and the boundary
// geometry files are hashed here instead of pasted as hex. The format
// (docs/cli.md "Parcels file"):
//
//   {"parcels": [
//     {"label": "Fengtongzhai 1", "area_code": "511827",
//      "real_estate_unit": "511827001001GB00001W00000000",
//      "boundary_file": "boundaries/fengtongzhai-1.geojson", "area_ha": "120.50"},
//     {"area_code": "511827", "compartment": "12", "sub_compartment": "3",
//      "boundary_hash": "<64 hex digits>", "area_ha": 35}
//   ]}
//
// A bare array of parcels is accepted too. Unknown fields are refused (a
// misspelt field would otherwise be silently dropped). `boundary_file`
// paths are relative to the parcels file's folder. `area_ha` is hectares
// with at most two decimals (the ledger counts 0.01 ha). The parcels are
// sent sorted by parcel key, as the ledger requires; a parcel listed twice
// is refused.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "chaincode/status.h"
#include "lincao/v1/tx.pb.h"

namespace lincao::cli {

// Parses the file's text; `base_dir` resolves boundary_file paths and
// `source` names the file in messages. INVALID_ARGUMENT names the parcel
// (number and label) and the field; STORAGE_IO when a boundary file cannot
// be read.
Result<std::vector<v1::Parcel>> ParseParcels(std::string_view json_text,
                                             const std::filesystem::path& base_dir,
                                             const std::string& source, std::ostream& progress);

// Reads and parses a parcels file.
Result<std::vector<v1::Parcel>> LoadParcelsFile(const std::filesystem::path& path,
                                                std::ostream& progress);

// Hectares with at most two decimals ("120.5", "35", "0.01") in 0.01 ha.
Result<uint64_t> ParseHectares(std::string_view text);

// "511827 unit 511827001001GB00001W00000000" or "511827 compartment 12/3".
std::string ParcelText(const v1::Parcel& parcel);

}  // namespace lincao::cli
