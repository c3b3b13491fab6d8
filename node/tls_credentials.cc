#include "node/tls_credentials.h"

#include <fstream>
#include <sstream>

namespace lincao::node {
namespace {

Result<std::string> ReadPem(const std::filesystem::path& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(v1::NOT_FOUND, std::string("cannot read ") + what + " " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  if (ss.str().find("-----BEGIN") == std::string::npos) {
    return Status(v1::INVALID_ARGUMENT, std::string(what) + " " + path.string() + " is not PEM");
  }
  return ss.str();
}

}  // namespace

Result<std::shared_ptr<grpc::ServerCredentials>> ListenerCredentials(const Config& config,
                                                                     bool peer_listener) {
  if (!config.tls()) return grpc::InsecureServerCredentials();
  auto cert = ReadPem(config.tls_cert_file, "tls.cert_file");
  if (!cert.ok()) return cert.status();
  auto key = ReadPem(config.tls_key_file, "tls.key_file");
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions opts(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  opts.pem_key_cert_pairs.push_back({*key, *cert});
  if (peer_listener && !config.tls_client_ca_file.empty()) {
    auto ca = ReadPem(config.tls_client_ca_file, "tls.client_ca_file");
    if (!ca.ok()) return ca.status();
    opts.pem_root_certs = *ca;
    opts.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(opts);
}

Result<std::shared_ptr<grpc::ChannelCredentials>> PeerChannelCredentials(const Config& config) {
  if (!config.tls()) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions opts;
  auto ca = ReadPem(config.tls_ca_file, "tls.ca_file");
  if (!ca.ok()) return ca.status();
  auto cert = ReadPem(config.tls_cert_file, "tls.cert_file");
  if (!cert.ok()) return cert.status();
  auto key = ReadPem(config.tls_key_file, "tls.key_file");
  if (!key.ok()) return key.status();
  opts.pem_root_certs = *ca;
  opts.pem_cert_chain = *cert;
  opts.pem_private_key = *key;
  return grpc::SslCredentials(opts);
}

}  // namespace lincao::node
