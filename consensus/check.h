// Assertions for the consensus library.
//
// LINCAO_CHECK guards conditions whose failure means the process can no
// longer be trusted to keep the replicated log safe (a corrupt storage answer,
// a broken internal invariant); it stays on in every build and aborts with
// the failing expression and location. LINCAO_DCHECK is for the costlier
// invariant sweeps of debug builds (LINCAO_DEBUG_INVARIANTS=1) and compiles to
// nothing otherwise. Both may be used from any thread.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace lincao::consensus {

// Called on a failed check before the process aborts. The simulator installs
// one that throws, so that a planted bug tripping a check is reported with its
// seed instead of killing the run; production code leaves it unset.
using CheckFailureHandler = void (*)(const char* expr, const char* msg, const char* file, int line);

namespace internal {
inline CheckFailureHandler& CheckHandlerSlot() {
  static CheckFailureHandler handler = nullptr;
  return handler;
}

[[noreturn]] inline void CheckFailed(const char* expr, const char* msg, const char* file,
                                     int line) {
  if (CheckFailureHandler h = CheckHandlerSlot()) h(expr, msg, file, line);
  std::fprintf(stderr, "consensus check failed: %s (%s) at %s:%d\n", expr, msg, file, line);
  std::abort();
}
}  // namespace internal

// Installs `handler` (nullptr restores plain abort). Not thread-safe: set it
// before starting any Raft instance.
inline void SetCheckFailureHandler(CheckFailureHandler handler) {
  internal::CheckHandlerSlot() = handler;
}

}  // namespace lincao::consensus

#define LINCAO_CHECK(cond, msg)                                                              \
  do {                                                                                       \
    if (!(cond)) ::lincao::consensus::internal::CheckFailed(#cond, msg, __FILE__, __LINE__); \
  } while (0)

#if defined(LINCAO_DEBUG_INVARIANTS) && LINCAO_DEBUG_INVARIANTS
#define LINCAO_DCHECK(cond, msg) LINCAO_CHECK(cond, msg)
#define LINCAO_DEBUG_INVARIANTS_ON 1
#else
// Unevaluated, so variables used only in checks do not trigger warnings.
#define LINCAO_DCHECK(cond, msg) \
  do {                           \
    (void)sizeof(!(cond));       \
    (void)(msg);                 \
  } while (0)
#define LINCAO_DEBUG_INVARIANTS_ON 0
#endif
