// CPU and memory of the node processes under load, from /proc: CPU time is
// utime + stime of /proc/<pid>/stat (the process's threads included), memory
// is VmRSS sampled about once a second (the run's maximum) and VmHWM (the
// process's peak since it started) from /proc/<pid>/status.
//
// Node processes are given by pid, or found as the processes that listen
// on the endpoints' TCP ports (/proc/net/tcp{,6} then /proc/<pid>/fd), so
// that another cluster on the same machine is never measured by mistake.
//
// Thread-safety: none; one NodeUsage per run, used from one thread.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace lincao::bench::load {

// The pids listening on the TCP ports of `endpoints` ("host:port"), in
// endpoint order; an endpoint with no local listener is skipped.
std::vector<pid_t> FindListeningPids(const std::vector<std::string>& endpoints);

struct ProcessUsage {
  pid_t pid = 0;
  std::string name;          // /proc/<pid>/comm
  double cpu_s = 0;          // CPU seconds used between Begin and End
  uint64_t rss_max_kib = 0;  // largest VmRSS sampled between Begin and End
  uint64_t hwm_kib = 0;      // VmHWM at End: the process's peak RSS since it started
  bool alive = true;         // still there at End
};

class NodeUsage {
 public:
  explicit NodeUsage(std::vector<pid_t> pids);
  void Begin();
  void Sample();  // call about once a second while running
  void End();
  const std::vector<ProcessUsage>& processes() const { return procs_; }
  double total_cpu_s() const;
  uint64_t max_rss_kib() const;

 private:
  std::vector<ProcessUsage> procs_;
  std::vector<double> cpu_begin_;
};

}  // namespace lincao::bench::load
