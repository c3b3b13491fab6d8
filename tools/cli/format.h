// Small formatting helpers for human-readable output.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace lincao::cli {

// "5000 units (5.000 tCO2e)": 1 unit = 1 kg CO2e, 1000 units = 1 credit.
std::string FormatUnits(uint64_t units);

// "2026-01-01T00:00:00.000Z"; "-" for 0 (not set).
std::string FormatTimeMs(uint64_t ms);

// "2025-01-01T00:00:00.000+08:00": China Standard Time, the calendar of the
// credit lifecycle (vintages are counted in it); "-" for 0.
std::string FormatChinaTimeMs(uint64_t ms);

// "2026-03-15" for a day number of the UTC+8 calendar (0 = 1970-01-01),
// as personal carbon points count days (chaincode/vintage.h).
std::string FormatChinaDay(uint64_t day);

// "20.00%" for 2000 basis points (shares: buffer, collective benefit).
std::string FormatBasisPoints(uint32_t bps);

// "120.50 ha" for 12050 hundredths of a hectare (parcel areas).
std::string FormatHectares(uint64_t centiha);

// "-" for an empty string, the string otherwise.
std::string OrDash(const std::string& s);

// One "label        value" line, labels padded to one column.
void Field(std::ostream& out, std::string_view label, const std::string& value);

// Rows of equal-width columns, indented by two spaces; the first row is the
// header.
void Table(const std::vector<std::vector<std::string>>& rows, std::ostream& out);

}  // namespace lincao::cli
