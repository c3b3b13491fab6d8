#include "node/log.h"

#include <spdlog/sinks/stdout_sinks.h>

namespace lincao::node {

void InitLogging(std::string_view level) {
  auto logger = spdlog::stderr_logger_mt("lincaod");
  logger->set_pattern("ts=%Y-%m-%dT%H:%M:%S.%eZ level=%l %v", spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::from_str(std::string(level)));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

std::string Quoted(std::string_view value) {
  if (value.find_first_of(" \"=") == std::string_view::npos && !value.empty()) {
    return std::string(value);
  }
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace lincao::node
