#pragma once
// HTTP requests and responses as plain values, and the transport interface
// every AWS call goes through (SocketTransport for real, FakeTransport in
// tests). Signing works on HttpRequest, so it stays a pure function.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/error.h"

namespace bakery::aws {

struct HttpHeader {
  std::string name;
  std::string value;
  bool operator==(const HttpHeader&) const = default;
};

struct HttpRequest {
  std::string method = "GET";
  std::string scheme = "https";
  std::string host;   // "host" or "host:port", also the Host header
  std::string path = "/";   // as sent
  std::string query;  // without '?', as sent
  std::vector<HttpHeader> headers;  // besides Host
  std::string body;

  /// scheme://host/path?query
  std::string Url() const;
  /// The first header named `name` (case-insensitive).
  std::optional<std::string> Header(std::string_view name) const;
  /// Replaces every header named `name` with one of `value`.
  void SetHeader(std::string_view name, std::string value);
};

struct HttpResponse {
  int status = 0;
  std::vector<HttpHeader> headers;
  std::string body;

  std::optional<std::string> Header(std::string_view name) const;
};

/// Why a request got no HTTP response; retry logic keys on it.
enum class TransportFailure { kConnect, kTimeout, kReset, kTls, kOther };

struct TransportError {
  TransportFailure failure = TransportFailure::kOther;
  std::string message;
};

struct TransportResult {
  std::optional<HttpResponse> response;   // set when the server answered
  std::optional<TransportError> error;    // set otherwise
};

struct TransportOptions {
  std::chrono::milliseconds connect_timeout{3100};
  std::chrono::milliseconds total_timeout{60000};
  std::string ca_bundle;     // AWS_CA_BUNDLE; empty: system store
  std::string proxy;         // HTTPS_PROXY / HTTP_PROXY; empty: none
  std::string no_proxy;      // NO_PROXY
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual TransportResult Send(const HttpRequest& request,
                               const TransportOptions& options) = 0;
};

/// Splits "http://host:port/path?query" into an HttpRequest's parts.
Result<HttpRequest> RequestForUrl(std::string_view method, std::string_view url);

/// Percent-encodes per RFC 3986 (everything but A-Z a-z 0-9 - _ . ~);
/// `keep_slash` leaves '/' as is (paths).
std::string UriEncode(std::string_view text, bool keep_slash = false);
/// Decodes %XX sequences (and '+' as space when `plus_is_space`).
std::string UriDecode(std::string_view text, bool plus_is_space = false);

}  // namespace bakery::aws
