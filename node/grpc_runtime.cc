#include "node/grpc_runtime.h"

#include <absl/synchronization/mutex.h>

namespace lincao::node {

void ConfigureGrpcRuntime() { absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore); }

}  // namespace lincao::node
