#pragma once
// A connection's bytes with deadlines: a TCP socket or TLS over one. The
// HTTP/1.1 client reads and writes through this, so its parser is tested on
// in-memory streams and the transport on real sockets.

#include <chrono>
#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

namespace bakery::net {

using Deadline = std::chrono::steady_clock::time_point;

/// Why a connection failed; the AWS retry logic keys on it.
enum class NetFailure { kConnect, kTimeout, kReset, kTls, kProtocol };

struct NetError {
  NetFailure failure = NetFailure::kProtocol;
  std::string message;
};

template <typename T>
using NetResult = std::expected<T, NetError>;

inline std::unexpected<NetError> NetFail(NetFailure failure, std::string message) {
  return std::unexpected(NetError{failure, std::move(message)});
}

class ByteStream {
 public:
  virtual ~ByteStream() = default;
  /// Up to `size` bytes into `data`; 0 when the peer closed the stream.
  virtual NetResult<size_t> Read(char* data, size_t size, Deadline deadline) = 0;
  /// All of `data`.
  virtual NetResult<void> Write(std::string_view data, Deadline deadline) = 0;
  /// For an idle pooled connection: false once the peer closed it or sent
  /// something unasked (either way it cannot carry another request).
  virtual bool IdleUsable() const = 0;
};

}  // namespace bakery::net
