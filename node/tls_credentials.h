// TLS credentials for lincaod's listeners and its peer streams, from the
// [tls] files of the config (PEM). Without [tls] every listener is
// plaintext; node.cc then allows only loopback addresses unless
// cluster.allow_plaintext is set (and logs it).
//
// Thread-safety: plain functions; the credentials they return are shared
// by gRPC across its threads.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>

#include "chaincode/status.h"
#include "node/config.h"

namespace lincao::node {

// Server credentials for the Registry listener (`peer_listener` false) or
// the Peer listener (true: requires a client certificate signed by
// tls.client_ca_file when that is set).
Result<std::shared_ptr<grpc::ServerCredentials>> ListenerCredentials(const Config& config,
                                                                     bool peer_listener);

// Channel credentials for dialling another member: its certificate must
// chain to tls.ca_file; this node presents its own certificate.
Result<std::shared_ptr<grpc::ChannelCredentials>> PeerChannelCredentials(const Config& config);

}  // namespace lincao::node
