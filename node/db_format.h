// The format version each database records and checks on open. A database
// written by a different format is refused with a clear error instead of
// being misread; upgrades will be explicit migrations.
#pragma once

#include <rocksdb/db.h>

#include <filesystem>
#include <string_view>

#include "chaincode/status.h"

namespace lincao::node {

inline constexpr std::string_view kFormatKey = "lincao/format";
inline constexpr std::string_view kRaftLogFormat = "lincao-raft-log/1";
inline constexpr std::string_view kLedgerFormat = "lincao-ledger/2";

// Writes `expected` if the database has no format yet (a new database);
// otherwise refuses unless the stored format equals `expected`.
Status CheckFormat(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, std::string_view expected,
                   const std::filesystem::path& path);

Status FromRocks(const rocksdb::Status& s, std::string_view what);

}  // namespace lincao::node
