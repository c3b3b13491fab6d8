// Audit.Export rows as flat tables for CSV (`lincao audit export`, `lincao
// report issuance|holdings|retirements|sanctions`): one header per table and
// one list of cells per row, in the header's order. Times are unix ms (exact,
// as on the chain) and, beside each, the UTC date-time; enums by name; bytes
// as lowercase hex; a retirement's ranges as "batch:first-last" joined by ";".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lincao/v1/audit.pb.h"

namespace lincao::cli {

// "issuance", "holdings", "retirements", "sanctions", "projects".
std::optional<v1::ExportTable> ParseExportTable(std::string_view name);
std::string ExportTableName(v1::ExportTable table);

std::vector<std::string> ExportHeader(v1::ExportTable table);
// The row's cells; the export height is the first column of every table.
std::vector<std::string> ExportCells(const v1::ExportRow& row);

}  // namespace lincao::cli
