// PeerNetwork: the Peer gRPC service and the PeerTransport of a replicated
// node. It holds one PeerLink per other member (peer_link.h), authenticates
// every stream with the peer handshake (peer_handshake.h) before reading
// anything else from it, and hands what arrives to the Committer: Raft
// messages only if they come from the authenticated member and are
// addressed to this node, votes only if signed in that member's name.
// A process that cannot prove a member's key gets PEER_REFUSED and nothing
// else; it can change nothing.
//
// Thread-safety: Send/SendVote/ForwardTxs from the Ready-loop thread;
// Stream on gRPC handler threads; Start/Stop from the owner.
#pragma once

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>

#include "chaincode/key_file.h"
#include "chaincode/suite.h"
#include "lincao/v1/peer.grpc.pb.h"
#include "node/committer.h"
#include "node/config.h"
#include "node/members.h"
#include "node/peer_link.h"
#include "node/peer_transport.h"

namespace lincao::node {

// The handshake must finish within this long, or the stream is dropped.
inline constexpr int kPeerHandshakeTimeoutMs = 5000;

class PeerNetwork final : public PeerTransport, public v1::Peer::Service {
 public:
  PeerNetwork(const Config& config, const Members& members, const KeyFile& node_key,
              std::shared_ptr<grpc::ChannelCredentials> dial_credentials,
              const SignatureSuite& suite, std::string chain_id, Committer& committer);
  ~PeerNetwork() override;

  void Start();
  void Stop();

  // PeerTransport.
  void Send(std::vector<consensus::Message> messages) override;
  void SendVote(consensus::NodeId to, const v1::CommitVote& vote) override;
  void ForwardTxs(consensus::NodeId to, std::vector<std::string> txs) override;

  // v1::Peer::Service.
  grpc::Status Stream(grpc::ServerContext* ctx,
                      grpc::ServerReaderWriter<v1::PeerFrame, v1::PeerFrame>* stream) override;

 private:
  std::unique_ptr<PeerStream> Dial(const Member& remote, const std::string& address,
                                   std::atomic<bool>& stop);
  PeerInbound InboundFrom(const Member& remote);

  const Config& config_;
  const Members& members_;
  const KeyFile& node_key_;
  const std::shared_ptr<grpc::ChannelCredentials> dial_credentials_;  // TLS when configured
  const SignatureSuite& suite_;
  const std::string chain_id_;
  Committer& committer_;
  const Member* self_ = nullptr;
  std::map<consensus::NodeId, std::unique_ptr<PeerLink>> links_;
};

// Channel arguments for peer streams: keepalive pings find dead links.
grpc::ChannelArguments PeerChannelArguments();

}  // namespace lincao::node
