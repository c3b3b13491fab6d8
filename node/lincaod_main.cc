// lincaod: the lincao registry node. See `lincaod --help` and docs/interfaces.md.
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>

#include "chaincode/suite.h"
#include "node/grpc_runtime.h"
#include "node/log.h"
#include "node/node.h"

int main(int argc, char** argv) {
  lincao::node::ConfigureGrpcRuntime();
  CLI::App app{
      "lincaod: a lincao registry node (forestry and grassland carbon-inclusive credits).\n"
      "Serves the lincao.v1.Registry gRPC API over a hash-chained ledger.\n"
      "Example: lincaod --config data/dev/lincaod.toml"};
  std::string config_path;
  std::string listen, port_file, log_level;
  app.add_option("-c,--config", config_path, "node config (TOML); see docs/interfaces.md")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("--listen", listen, "override grpc.listen, e.g. 127.0.0.1:0 for any free port");
  app.add_option("--port-file", port_file, "override grpc.port_file: write the bound port here");
  app.add_option("--log-level", log_level, "override log.level (trace|debug|info|warn|error)");
  bool verify_state = false;
  app.add_flag("--verify-state", verify_state,
               "recompute the state commitment from the stored state before serving and refuse "
               "to start if it differs from the head block's state_root (as "
               "storage.verify_state_on_start = true); shows progress");
  CLI11_PARSE(app, argc, argv);

  // Block the stop signals before any thread starts, so that only sigwait sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto config = lincao::node::LoadConfig(config_path);
  if (!config.ok()) {
    std::fprintf(stderr, "lincaod: %s\n", config.status().ToString().c_str());
    return 2;
  }
  if (!listen.empty()) config->grpc_listen = listen;
  if (!port_file.empty()) config->port_file = port_file;
  if (!log_level.empty()) config->log_level = log_level;
  if (verify_state) config->verify_state_on_start = true;
  if (auto st = lincao::node::ValidateConfig(*config); !st.ok()) {
    std::fprintf(stderr, "lincaod: %s\n", st.ToString().c_str());
    return 2;
  }
  lincao::node::InitLogging(config->log_level);
  if (!lincao::InitCrypto()) {
    spdlog::critical("event=crypto_init_failed");
    return 1;
  }

  lincao::node::Node node(*config);
  if (auto st = node.Start(); !st.ok()) {
    spdlog::critical("event=start_failed error={}", lincao::node::Quoted(st.ToString()));
    return 1;
  }
  int sig = 0;
  sigwait(&stop_signals, &sig);
  spdlog::info("event=stopping signal={}", sig == SIGINT ? "SIGINT" : "SIGTERM");
  node.Stop();
  return 0;
}
