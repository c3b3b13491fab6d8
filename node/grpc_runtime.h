// Process-wide settings of the gRPC runtime, for the binaries that serve or
// drive gRPC under load (lincaod, lincao-bench).
#pragma once

namespace lincao::node {

// gRPC takes absl mutexes on every call, and Debian's absl is built with the
// mutex deadlock detector on: it records each lock order in a global graph
// (GraphCycles), about 2% of a loaded node's CPU in a perf profile. lincao
// does not rely on it (its own locks are std::mutex), so it is switched off.
// Call once, first thing in main().
void ConfigureGrpcRuntime();

}  // namespace lincao::node
