#include "node/db_format.h"

namespace lincao::node {

Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return Status::Ok();
  return Status(v1::STORAGE_IO, std::string(what) + ": " + s.ToString());
}

Status CheckFormat(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, std::string_view expected,
                   const std::filesystem::path& path) {
  std::string stored;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), cf, rocksdb::Slice(kFormatKey), &stored);
  if (s.IsNotFound()) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    return FromRocks(db->Put(wo, cf, rocksdb::Slice(kFormatKey), rocksdb::Slice(expected)),
                     "write format version");
  }
  LINCAO_RETURN_IF_ERROR(FromRocks(s, "read format version"));
  if (stored != expected) {
    return Status(v1::STORAGE_FORMAT,
                  "database " + path.string() + " has format '" + stored + "' but this lincaod " +
                      "reads '" + std::string(expected) +
                      "'; use the lincaod release that wrote it, or move the folder aside to "
                      "start a fresh node");
  }
  return Status::Ok();
}

}  // namespace lincao::node
