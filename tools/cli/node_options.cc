#include "tools/cli/node_options.h"

namespace lincao::cli {

void AddNodeOptions(CLI::App* cmd, NodeOptions* opts) {
  cmd->add_option("--node", opts->node,
                  "gRPC address of a lincaod (HOST:PORT); defaults to $LINCAO_NODE, else " +
                      std::string(kDefaultNode))
      ->envname("LINCAO_NODE")
      ->capture_default_str();
  cmd->add_option("--timeout-ms", opts->timeout_ms,
                  "how long to wait for the node (and, for transactions, for the commit)")
      ->capture_default_str()
      ->check(CLI::Range(1u, 3600u * 1000u));
  cmd->add_flag("--json", opts->json, "print the result as one JSON object");
  cmd->add_option("--tls-ca", opts->tls_ca,
                  "connect with TLS, trusting the CA certificate in this PEM file (for a node "
                  "with [tls] configured); defaults to $LINCAO_TLS_CA")
      ->envname("LINCAO_TLS_CA");
}

}  // namespace lincao::cli
