// Reading and writing the CLI's files (key files, genesis, node config).
// Secrets are written with mode 0600 from the moment the file exists.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "chaincode/status.h"

namespace lincao::cli {

Result<std::string> ReadTextFile(const std::filesystem::path& path);

enum class Overwrite { kNever, kAllowed };

// Writes `content` to `path` with permission bits `mode`, creating missing
// parent directories. With Overwrite::kNever an existing file is an error
// (INVALID_ARGUMENT, naming the file). The content goes to a temporary file
// next to the final name first, so a reader never sees half a file.
Status WriteFile(const std::filesystem::path& path, std::string_view content, unsigned mode,
                 Overwrite overwrite);

}  // namespace lincao::cli
