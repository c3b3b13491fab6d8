// CSV output as RFC 4180 has it: fields separated by commas, records ended
// by CRLF, and a field that holds a comma, a double quote, CR or LF, or
// begins or ends with a space, enclosed in double quotes with each double
// quote doubled. Spreadsheets and csv readers in every language then read
// back exactly the strings written (ids and free-text reasons may hold
// commas and quotes).
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace lincao::cli {

// One field, quoted when it must be.
std::string CsvField(std::string_view field);

// One record (a CRLF-terminated line) of `fields`.
void WriteCsvRecord(std::ostream& out, const std::vector<std::string>& fields);

}  // namespace lincao::cli
