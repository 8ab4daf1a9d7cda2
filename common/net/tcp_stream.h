#pragma once
// TCP connections: resolved with getaddrinfo, every address tried in turn
// until one connects within the deadline; non-blocking, so every read and
// write honours a deadline too. Writes never raise SIGPIPE.

#include <memory>
#include <string>

#include "common/net/byte_stream.h"

namespace bakery::net {

class TcpStream final : public ByteStream {
 public:
  /// Connects to `host` (a name, an IPv4 address or an IPv6 one without
  /// brackets) on `port`.
  static NetResult<std::unique_ptr<TcpStream>> Connect(const std::string& host, int port,
                                                       Deadline deadline);
  ~TcpStream() override;
  TcpStream(const TcpStream&) = delete;
  TcpStream& operator=(const TcpStream&) = delete;

  NetResult<size_t> Read(char* data, size_t size, Deadline deadline) override;
  NetResult<void> Write(std::string_view data, Deadline deadline) override;
  bool IdleUsable() const override;

  int fd() const { return fd_; }
  /// Waits until the socket is readable (`for_read`) or writable; kTimeout
  /// at the deadline. TLS waits through this as well.
  NetResult<void> Await(bool for_read, Deadline deadline, std::string_view doing) const;

 private:
  explicit TcpStream(int fd, std::string peer) : fd_(fd), peer_(std::move(peer)) {}
  int fd_ = -1;
  std::string peer_;  // "host:port", for messages
};

/// "host:port", an IPv6 address in brackets ("[::1]:443"): as peers are named
/// in messages and in a proxy's CONNECT line.
std::string Authority(const std::string& host, int port);

/// Milliseconds left until `deadline` (0 when past), for poll(2).
int MillisecondsUntil(Deadline deadline);

}  // namespace bakery::net
