#include "common/net/tcp_stream.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace bakery::net {
namespace {

struct AddressList {
  addrinfo* head = nullptr;
  ~AddressList() {
    if (head != nullptr) freeaddrinfo(head);
  }
};

// One address: kConnect when refused or unreachable, kTimeout at the deadline.
NetResult<int> ConnectOne(const addrinfo& address, Deadline deadline, const std::string& peer) {
  int fd = socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                  address.ai_protocol);
  if (fd < 0) return NetFail(NetFailure::kConnect, fmt::format("socket: {}", strerror(errno)));
  if (connect(fd, address.ai_addr, address.ai_addrlen) != 0 && errno != EINPROGRESS) {
    int error = errno;
    close(fd);
    return NetFail(NetFailure::kConnect, fmt::format("connecting to {}: {}", peer, strerror(error)));
  }
  pollfd waiting{fd, POLLOUT, 0};
  int ready = 0;
  do {
    ready = poll(&waiting, 1, MillisecondsUntil(deadline));
  } while (ready < 0 && errno == EINTR);
  if (ready == 0) {
    close(fd);
    return NetFail(NetFailure::kTimeout, fmt::format("connecting to {}: timed out", peer));
  }
  int error = 0;
  socklen_t length = sizeof(error);
  if (ready < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
  if (error != 0) {
    close(fd);
    return NetFail(NetFailure::kConnect, fmt::format("connecting to {}: {}", peer, strerror(error)));
  }
  int on = 1;  // requests are written whole; don't hold their last segment back
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
  return fd;
}

}  // namespace

std::string Authority(const std::string& host, int port) {
  return host.find(':') == std::string::npos ? fmt::format("{}:{}", host, port)
                                             : fmt::format("[{}]:{}", host, port);
}

int MillisecondsUntil(Deadline deadline) {
  auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline -
                                                           std::chrono::steady_clock::now());
  return static_cast<int>(std::clamp<int64_t>(left.count(), 0, 24 * 3600 * 1000));
}

NetResult<std::unique_ptr<TcpStream>> TcpStream::Connect(const std::string& host, int port,
                                                         Deadline deadline) {
  std::string peer = Authority(host, port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  AddressList addresses;
  std::string service = std::to_string(port);
  if (int code = getaddrinfo(host.c_str(), service.c_str(), &hints, &addresses.head); code != 0) {
    return NetFail(NetFailure::kConnect,
                   fmt::format("could not resolve host {}: {}", host, gai_strerror(code)));
  }
  NetError last{NetFailure::kConnect, fmt::format("no address for {}", host)};
  for (addrinfo* address = addresses.head; address != nullptr; address = address->ai_next) {
    NetResult<int> fd = ConnectOne(*address, deadline, peer);
    if (fd) return std::unique_ptr<TcpStream>(new TcpStream(*fd, peer));
    last = std::move(fd.error());
    if (last.failure == NetFailure::kTimeout) break;  // the deadline is spent for all of them
  }
  return std::unexpected(std::move(last));
}

TcpStream::~TcpStream() {
  if (fd_ >= 0) close(fd_);
}

NetResult<void> TcpStream::Await(bool for_read, Deadline deadline, std::string_view doing) const {
  pollfd waiting{fd_, static_cast<short>(for_read ? POLLIN : POLLOUT), 0};
  while (true) {
    int ready = poll(&waiting, 1, MillisecondsUntil(deadline));
    if (ready > 0) return {};
    if (ready == 0) {
      return NetFail(NetFailure::kTimeout, fmt::format("{} {}: timed out", doing, peer_));
    }
    if (errno != EINTR) {
      return NetFail(NetFailure::kReset, fmt::format("{} {}: {}", doing, peer_, strerror(errno)));
    }
  }
}

NetResult<size_t> TcpStream::Read(char* data, size_t size, Deadline deadline) {
  while (true) {
    ssize_t got = recv(fd_, data, size, 0);
    if (got >= 0) return static_cast<size_t>(got);
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      return NetFail(NetFailure::kReset,
                     fmt::format("reading from {}: {}", peer_, strerror(errno)));
    }
    if (NetResult<void> ready = Await(true, deadline, "reading from"); !ready) {
      return std::unexpected(std::move(ready.error()));
    }
  }
}

NetResult<void> TcpStream::Write(std::string_view data, Deadline deadline) {
  while (!data.empty()) {
    ssize_t sent = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent >= 0) {
      data.remove_prefix(static_cast<size_t>(sent));
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      return NetFail(NetFailure::kReset, fmt::format("writing to {}: {}", peer_, strerror(errno)));
    }
    if (NetResult<void> ready = Await(false, deadline, "writing to"); !ready) {
      return std::unexpected(std::move(ready.error()));
    }
  }
  return {};
}

bool TcpStream::IdleUsable() const {
  pollfd waiting{fd_, POLLIN, 0};
  return poll(&waiting, 1, 0) == 0;  // readable while idle: closed, reset, or stray bytes
}

}  // namespace bakery::net
