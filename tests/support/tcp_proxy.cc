#include "tests/support/tcp_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace lincao::testsupport {

struct TcpProxy::Conn {
  int client = -1;
  int server = -1;
  std::atomic<bool> closed{false};
  void Close() {
    if (closed.exchange(true)) return;
    ::shutdown(client, SHUT_RDWR);
    ::shutdown(server, SHUT_RDWR);
  }
  ~Conn() {
    if (client >= 0) ::close(client);
    if (server >= 0) ::close(server);
  }
};

const char* ModeName(TcpProxy::Mode mode) {
  switch (mode) {
    case TcpProxy::Mode::kPass:
      return "pass";
    case TcpProxy::Mode::kDrop:
      return "drop";
    case TcpProxy::Mode::kStall:
      return "stall";
    case TcpProxy::Mode::kForwardOnly:
      return "forward-only";
    case TcpProxy::Mode::kBackwardOnly:
      return "backward-only";
  }
  return "?";
}

TcpProxy::TcpProxy(std::function<int()> target_port) : target_port_(std::move(target_port)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  ::listen(listen_fd_, 64);
  socklen_t len = sizeof(addr);
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

TcpProxy::~TcpProxy() {
  stop_ = true;
  CloseAll();
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mu_);
    threads.swap(threads_);
  }
  for (auto& t : threads) t.join();
  ::close(listen_fd_);
}

void TcpProxy::SetMode(Mode mode) {
  mode_ = mode;
  if (mode == Mode::kDrop) CloseAll();
}

void TcpProxy::CloseAll() {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& w : conns_) {
    if (auto c = w.lock()) c->Close();
  }
  conns_.clear();
}

void TcpProxy::AcceptLoop() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    int client = ::accept(listen_fd_, nullptr, nullptr);
    if (client < 0) continue;
    int target = target_port_();
    if (mode_ == Mode::kDrop || target == 0) {
      ::close(client);
      continue;
    }
    int server = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(target));
    if (::connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      ::close(server);
      ::close(client);
      continue;
    }
    // No Nagle: the relay must not add the delayed-ACK stalls a real link lacks.
    int one = 1;
    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    ::setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    auto conn = std::make_shared<Conn>();
    conn->client = client;
    conn->server = server;
    std::lock_guard<std::mutex> lock(mu_);
    conns_.push_back(conn);
    threads_.emplace_back([this, conn] { Pump(conn, true); });
    threads_.emplace_back([this, conn] { Pump(conn, false); });
  }
}

void TcpProxy::Pump(std::shared_ptr<Conn> conn, bool forward) {
  const int from = forward ? conn->client : conn->server;
  const int to = forward ? conn->server : conn->client;
  char buf[64 * 1024];
  while (!stop_ && !conn->closed) {
    Mode m = mode_;
    if (m == Mode::kStall) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    pollfd p{from, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    ssize_t n = ::recv(from, buf, sizeof(buf), 0);
    if (n <= 0) break;
    m = mode_;
    const bool discard =
        (forward && m == Mode::kBackwardOnly) || (!forward && m == Mode::kForwardOnly);
    if (discard) continue;
    ssize_t off = 0;
    while (off < n) {
      ssize_t w = ::send(to, buf + off, static_cast<size_t>(n - off), MSG_NOSIGNAL);
      if (w <= 0) {
        conn->Close();
        return;
      }
      off += w;
    }
  }
  conn->Close();
}

}  // namespace lincao::testsupport
