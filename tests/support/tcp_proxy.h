// TcpProxy: a TCP relay on 127.0.0.1 that a test puts between two peers to
// cut, stall or half-cut their link, as a faulty network would. It listens
// on a port of its own for the whole test and connects each accepted
// connection to the target port asked for at that moment (so the target may
// restart on another port).
//
// Modes: kPass relays both ways; kDrop closes every relayed connection and
// refuses new ones; kStall holds bytes in both directions (connections stay
// open, nothing moves); kForwardOnly / kBackwardOnly relay one direction and
// discard the other (forward = from the dialer to the target).
//
// Thread-safety: SetMode from any thread; the proxy runs its own threads.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lincao::testsupport {

class TcpProxy {
 public:
  enum class Mode { kPass, kDrop, kStall, kForwardOnly, kBackwardOnly };

  // `target_port` returns the port to connect to (0: none; refuse).
  explicit TcpProxy(std::function<int()> target_port);
  ~TcpProxy();

  int port() const { return port_; }
  void SetMode(Mode mode);
  Mode mode() const { return mode_.load(); }

 private:
  struct Conn;
  void AcceptLoop();
  void Pump(std::shared_ptr<Conn> conn, bool forward);
  void CloseAll();

  std::function<int()> target_port_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<Mode> mode_{Mode::kPass};
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::vector<std::weak_ptr<Conn>> conns_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

const char* ModeName(TcpProxy::Mode mode);

}  // namespace lincao::testsupport
