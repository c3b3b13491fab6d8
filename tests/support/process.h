// Child processes for integration tests: run a command to completion and
// capture its output, or keep a daemon running and signal it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace lincao::itest {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs argv[0] with arguments, waits, and returns exit code, stdout, stderr.
CommandResult RunCommand(const std::vector<std::string>& argv);

// A background process with stdout/stderr appended to `log_path`.
class Daemon {
 public:
  Daemon(const std::vector<std::string>& argv, const std::filesystem::path& log_path);
  ~Daemon();
  pid_t pid() const { return pid_; }
  void Signal(int sig);
  // Waits for exit; returns the exit status (128 + signal if killed), -1 on timeout.
  int Wait(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
};

// Waits until `path` holds a complete line; returns its content or "" on timeout.
std::string WaitForFile(const std::filesystem::path& path, std::chrono::milliseconds timeout);

}  // namespace lincao::itest
