#pragma once
// HTTP/1.1 on a byte stream (RFC 9112): requests written whole, responses
// framed by Content-Length, chunked coding or the connection's close, and
// whether the connection may carry another request afterwards.

#include <string>
#include <string_view>
#include <vector>

#include "common/aws/http.h"
#include "common/net/byte_stream.h"

namespace bakery::aws {

/// kAbsolute sends "GET http://host/path" (to a proxy relaying plain HTTP).
enum class RequestTarget { kOrigin, kAbsolute };

/// The request's bytes: request line, Host, `request.headers`, `extra`
/// (proxy credentials), Content-Length when there is a body or the method
/// sends one, the body.
std::string SerializeRequest(const HttpRequest& request, RequestTarget target,
                             const std::vector<HttpHeader>& extra = {});

/// Reads responses from one connection; bytes past a response stay buffered
/// for the next.
class ResponseReader {
 public:
  explicit ResponseReader(net::ByteStream& stream) : stream_(stream) {}

  /// The next final response (1xx interim ones are skipped) to a request
  /// with `method`: HEAD responses and 2xx answers to CONNECT have no body.
  net::NetResult<HttpResponse> Read(std::string_view method, net::Deadline deadline);
  /// After Read: the connection can carry another request.
  bool keep_alive() const { return keep_alive_; }
  /// Whether any byte of a response arrived (a pooled connection the server
  /// had closed fails before one does, and is safe to retry).
  bool received_any() const { return received_any_; }

 private:
  net::NetResult<void> Fill(net::Deadline deadline);
  net::NetResult<std::string> Line(net::Deadline deadline, std::string_view what);
  net::NetResult<void> Take(size_t size, std::string& into, net::Deadline deadline);
  net::NetResult<void> ReadHead(HttpResponse& response, int& minor_version,
                                net::Deadline deadline);
  net::NetResult<void> ReadChunked(std::string& body, net::Deadline deadline);
  net::NetResult<void> ReadBody(std::string_view method, HttpResponse& response,
                                net::Deadline deadline);

  net::ByteStream& stream_;
  std::string buffer_;
  size_t consumed_ = 0;  // bytes of buffer_ already parsed
  bool closed_ = false;  // the peer closed its side
  bool keep_alive_ = false;
  bool received_any_ = false;
  size_t head_bytes_ = 0;  // of the current response's status line and headers
};

}  // namespace bakery::aws
