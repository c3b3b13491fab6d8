#include "node/db_format.h"

#include <algorithm>

namespace lincao::node {
namespace {

std::string Join(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

Status Refuse(const std::filesystem::path& path, const std::string& why) {
  return Status(v1::STORAGE_FORMAT,
                "database " + path.string() + " " + why +
                    "; check the data directory in the config (is this the right folder?), use "
                    "the lincaod release that wrote it, or move the folder aside to start a "
                    "fresh node");
}

}  // namespace

Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return Status::Ok();
  return Status(v1::STORAGE_IO, std::string(what) + ": " + s.ToString());
}

namespace {

// Reads the recorded format of an existing database without writing to it.
Status CheckRecordedFormat(const std::filesystem::path& path, const rocksdb::DBOptions& options,
                           const std::vector<rocksdb::ColumnFamilyDescriptor>& families,
                           std::string_view format) {
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  LINCAO_RETURN_IF_ERROR(
      FromRocks(rocksdb::DB::OpenForReadOnly(options, path.string(), families, &handles, &raw),
                "open " + path.string() + " read-only"));
  std::unique_ptr<rocksdb::DB> db(raw);
  std::string stored;
  rocksdb::Status s =
      db->Get(rocksdb::ReadOptions(), handles[0], rocksdb::Slice(kFormatKey), &stored);
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  db->Close().PermitUncheckedError();
  if (s.IsNotFound()) {
    return Refuse(path,
                  "records no lincao format version (it was not written by lincaod, or its "
                  "first start was cut short)");
  }
  LINCAO_RETURN_IF_ERROR(FromRocks(s, "read format version"));
  if (stored != format) {
    return Refuse(
        path, "has format '" + stored + "' but this lincaod reads '" + std::string(format) + "'");
  }
  return Status::Ok();
}

}  // namespace

Result<OpenedDb> OpenLincaoDb(const std::filesystem::path& path, const rocksdb::DBOptions& options,
                              const std::vector<rocksdb::ColumnFamilyDescriptor>& families,
                              std::string_view format) {
  // RocksDB's CURRENT file exists exactly when a database does.
  const bool exists = std::filesystem::exists(path / "CURRENT");
  if (exists) {
    // Both checks read only: a refused folder is left exactly as it was.
    std::vector<std::string> found, wanted;
    for (const auto& f : families) wanted.push_back(f.name);
    LINCAO_RETURN_IF_ERROR(
        FromRocks(rocksdb::DB::ListColumnFamilies(options, path.string(), &found),
                  "list column families of " + path.string()));
    if (Join(found) != Join(wanted)) {
      return Refuse(path, "has column families [" + Join(found) + "], not the [" + Join(wanted) +
                              "] of a '" + std::string(format) + "' database");
    }
    LINCAO_RETURN_IF_ERROR(CheckRecordedFormat(path, options, families, format));
  }
  rocksdb::DBOptions open_options = options;
  open_options.create_if_missing = !exists;
  open_options.create_missing_column_families = !exists;
  OpenedDb out;
  rocksdb::DB* raw = nullptr;
  LINCAO_RETURN_IF_ERROR(
      FromRocks(rocksdb::DB::Open(open_options, path.string(), families, &out.handles, &raw),
                "open " + path.string()));
  out.db.reset(raw);
  if (!exists) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    Status st =
        FromRocks(raw->Put(wo, out.handles[0], rocksdb::Slice(kFormatKey), rocksdb::Slice(format)),
                  "write format version");
    if (!st.ok()) {
      for (auto* h : out.handles) raw->DestroyColumnFamilyHandle(h).PermitUncheckedError();
      raw->Close().PermitUncheckedError();
      return st;
    }
  }
  return out;
}

}  // namespace lincao::node
