// Structured logging: one line per event, `ts=... level=... event=<name>
// key=value ...`, through spdlog. Call sites write the key=value pairs in
// their format strings (e.g. LOG_INFO("event=block_committed height={}", h));
// values that may contain spaces are quoted with Quoted().
#pragma once

#include <spdlog/spdlog.h>

#include <string>
#include <string_view>

namespace lincao::node {

// Sets up the process-wide logger on stderr. `level`: trace..error.
void InitLogging(std::string_view level);

// Quotes a value for key=value output if it contains spaces or quotes.
std::string Quoted(std::string_view value);

}  // namespace lincao::node
