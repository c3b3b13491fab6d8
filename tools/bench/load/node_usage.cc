#include "tools/bench/load/node_usage.h"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace lincao::bench::load {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// utime + stime in seconds; negative when the process is gone.
double CpuSeconds(pid_t pid) {
  const std::string stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  // The command name is in parentheses and may hold spaces: fields are
  // counted after the last ')'. utime and stime are fields 14 and 15.
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream in(stat.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int f = 3; f <= 15 && in >> field; ++f) {
    if (f == 14) utime = std::strtoull(field.c_str(), nullptr, 10);
    if (f == 15) stime = std::strtoull(field.c_str(), nullptr, 10);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// A "Vm...:   1234 kB" line of /proc/<pid>/status, in KiB (0 when absent).
uint64_t StatusKib(pid_t pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + ":", 0) == 0)
      return std::strtoull(line.c_str() + key.size() + 1, nullptr, 10);
  }
  return 0;
}

// Socket inodes listening on `port` (state 0A) in /proc/net/tcp and tcp6.
std::set<std::string> ListeningInodes(int port) {
  std::set<std::string> inodes;
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    std::ifstream in(table);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string sl, local, remote, st, queues, tr, retr, uid, timeout, inode;
      fields >> sl >> local >> remote >> st >> queues >> tr >> retr >> uid >> timeout >> inode;
      const size_t colon = local.rfind(':');
      if (colon == std::string::npos || st != "0A") continue;
      if (std::strtol(local.c_str() + colon + 1, nullptr, 16) == port) inodes.insert(inode);
    }
  }
  return inodes;
}

pid_t PidOwningSocket(const std::set<std::string>& inodes) {
  if (inodes.empty()) return 0;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return 0;
  pid_t found = 0;
  while (dirent* e = readdir(proc)) {
    const pid_t pid = static_cast<pid_t>(std::atoi(e->d_name));
    if (pid <= 0) continue;
    const std::string fd_dir = "/proc/" + std::string(e->d_name) + "/fd";
    DIR* fds = opendir(fd_dir.c_str());
    if (fds == nullptr) continue;
    while (dirent* f = readdir(fds)) {
      char target[PATH_MAX];
      const std::string link = fd_dir + "/" + f->d_name;
      const ssize_t len = readlink(link.c_str(), target, sizeof(target) - 1);
      if (len <= 0) continue;
      target[len] = '\0';
      const std::string t(target);
      if (t.rfind("socket:[", 0) == 0 && inodes.count(t.substr(8, t.size() - 9)) > 0) {
        found = pid;
        break;
      }
    }
    closedir(fds);
    if (found != 0) break;
  }
  closedir(proc);
  return found;
}

}  // namespace

std::vector<pid_t> FindListeningPids(const std::vector<std::string>& endpoints) {
  std::vector<pid_t> pids;
  for (const std::string& ep : endpoints) {
    const size_t colon = ep.rfind(':');
    if (colon == std::string::npos) continue;
    const pid_t pid = PidOwningSocket(ListeningInodes(std::atoi(ep.c_str() + colon + 1)));
    if (pid != 0 && std::find(pids.begin(), pids.end(), pid) == pids.end()) pids.push_back(pid);
  }
  return pids;
}

NodeUsage::NodeUsage(std::vector<pid_t> pids) {
  for (pid_t pid : pids) {
    ProcessUsage p;
    p.pid = pid;
    p.name = ReadFile("/proc/" + std::to_string(pid) + "/comm");
    while (!p.name.empty() && p.name.back() == '\n') p.name.pop_back();
    procs_.push_back(p);
  }
}

void NodeUsage::Begin() {
  cpu_begin_.clear();
  for (ProcessUsage& p : procs_) {
    cpu_begin_.push_back(CpuSeconds(p.pid));
    p.rss_max_kib = StatusKib(p.pid, "VmRSS");
  }
}

void NodeUsage::Sample() {
  for (ProcessUsage& p : procs_) p.rss_max_kib = std::max(p.rss_max_kib, StatusKib(p.pid, "VmRSS"));
}

void NodeUsage::End() {
  Sample();
  for (size_t i = 0; i < procs_.size(); ++i) {
    ProcessUsage& p = procs_[i];
    const double cpu = CpuSeconds(p.pid);
    p.alive = cpu >= 0 && cpu_begin_[i] >= 0;
    p.cpu_s = p.alive ? cpu - cpu_begin_[i] : 0;
    p.hwm_kib = StatusKib(p.pid, "VmHWM");
  }
}

double NodeUsage::total_cpu_s() const {
  double t = 0;
  for (const ProcessUsage& p : procs_) t += p.cpu_s;
  return t;
}

uint64_t NodeUsage::max_rss_kib() const {
  uint64_t m = 0;
  for (const ProcessUsage& p : procs_) m = std::max(m, p.rss_max_kib);
  return m;
}

}  // namespace lincao::bench::load
