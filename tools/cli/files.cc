#include "tools/cli/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace lincao::cli {
namespace {

Status IoError(const std::filesystem::path& path, std::string_view what) {
  return Status(v1::STORAGE_IO,
                std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}

}  // namespace

Result<std::string> ReadTextFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(path, "cannot read");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return IoError(path, "cannot read");
  return ss.str();
}

Status WriteFile(const std::filesystem::path& path, std::string_view content, unsigned mode,
                 Overwrite overwrite) {
  std::error_code ec;
  if (path.has_parent_path()) {
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      return Status(v1::STORAGE_IO,
                    "cannot create directory " + path.parent_path().string() + ": " + ec.message());
    }
  }
  if (overwrite == Overwrite::kNever && std::filesystem::exists(path, ec)) {
    return Status(v1::INVALID_ARGUMENT,
                  path.string() + " already exists; refusing to overwrite it");
  }
  const std::string tmp = path.string() + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return IoError(tmp, "cannot create");
  ::fchmod(fd, mode);  // the umask may have taken bits away
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Status st = IoError(tmp, "cannot write");
      ::close(fd);
      ::unlink(tmp.c_str());
      return st;
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    Status st = IoError(tmp, "cannot write");
    ::unlink(tmp.c_str());
    return st;
  }
  if (overwrite == Overwrite::kNever) {
    // link() fails if the name was taken meanwhile: no silent overwrite.
    if (::link(tmp.c_str(), path.c_str()) != 0) {
      Status st = errno == EEXIST ? Status(v1::INVALID_ARGUMENT, path.string() +
                                                                     " already exists; refusing to "
                                                                     "overwrite it")
                                  : IoError(path, "cannot create");
      ::unlink(tmp.c_str());
      return st;
    }
    ::unlink(tmp.c_str());
    return Status::Ok();
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    Status st = IoError(path, "cannot replace");
    ::unlink(tmp.c_str());
    return st;
  }
  return Status::Ok();
}

}  // namespace lincao::cli
