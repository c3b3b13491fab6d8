// Opening lincao's RocksDB databases safely. Each database records a format
// version and has a fixed set of column families. A database written by a
// different format, a database without a format (not written by lincaod),
// or another lincao database (the raft log where the ledger belongs, say) is
// refused with a clear error, and nothing is written to it first: a refused
// folder stays exactly as it was. Upgrades will be explicit migrations.
#pragma once

#include <rocksdb/db.h>

#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "chaincode/status.h"

namespace lincao::node {

inline constexpr std::string_view kFormatKey = "lincao/format";
inline constexpr std::string_view kRaftLogFormat = "lincao-raft-log/2";
inline constexpr std::string_view kLedgerFormat = "lincao-ledger/3";
// The format before the history column family (issue #13): refused with
// the way to rebuild (LedgerStore::Open).
inline constexpr std::string_view kLedgerFormatWithoutHistory = "lincao-ledger/2";

struct OpenedDb {
  std::unique_ptr<rocksdb::DB> db;
  // One per requested column family, in the order given; owned by the
  // caller, who destroys them before closing `db`.
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
};

// Opens the database at `path`, or creates it when the folder holds none.
// `families` lists every column family, the default one first. A new
// database gets them all and records `format` (synced) in the default
// family; an existing one must have exactly these families and record
// exactly `format`, or it is refused (STORAGE_FORMAT) untouched.
Result<OpenedDb> OpenLincaoDb(const std::filesystem::path& path, const rocksdb::DBOptions& options,
                              const std::vector<rocksdb::ColumnFamilyDescriptor>& families,
                              std::string_view format);

Status FromRocks(const rocksdb::Status& s, std::string_view what);

}  // namespace lincao::node
