// lincao-bench: benchmarks of chaincode and consensus hot paths, and the
// load generator.
//   lincao-bench                               run every microbenchmark
//   lincao-bench --benchmark_filter=BM_Sign    a subset (regex)
//   lincao-bench load --help                   load a lincao or etcd cluster
//                                              (tools/bench/load/)
// BENCHMARK_MAIN()'s body, with libsodium initialised first and a non-zero
// exit when a benchmark reports an error (SkipWithError), so that the ctest
// smoke run fails when a benchmark's own checks fail.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>

#include <unistd.h>

#include "chaincode/suite.h"
#include "node/grpc_runtime.h"
#include "tools/bench/load/load_command.h"

namespace {

class ErrorCountingReporter final : public benchmark::ConsoleReporter {
 public:
  // Colour only on a terminal, counters inline: the library's own defaults.
  ErrorCountingReporter() : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_Color : OO_None) {}
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      if (r.error_occurred) ++errors_;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  int errors() const { return errors_; }

 private:
  int errors_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  lincao::node::ConfigureGrpcRuntime();
  if (!lincao::InitCrypto()) {
    std::fprintf(stderr, "lincao-bench: libsodium failed to initialise\n");
    return 1;
  }
  if (argc > 1 && std::strcmp(argv[1], "load") == 0) {
    return lincao::bench::load::RunLoadCommand(argc - 1, argv + 1);
  }
  // An explicit output format keeps the library's own reporter.
  bool custom_format = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--benchmark_format", 18) == 0) custom_format = true;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  if (custom_format) {
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
  }
  ErrorCountingReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  if (reporter.errors() > 0) {
    std::fprintf(stderr, "lincao-bench: %d benchmark(s) reported an error\n", reporter.errors());
    return 1;
  }
  return 0;
}
