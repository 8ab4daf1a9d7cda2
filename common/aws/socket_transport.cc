#include "common/aws/socket_transport.h"

#include <map>
#include <mutex>

#include <fmt/format.h>

#include "common/aws/http1.h"
#include "common/aws/proxy.h"
#include "common/net/tls_stream.h"

namespace bakery::aws {
namespace {

using net::NetError;
using net::NetFail;
using net::NetFailure;
using net::NetResult;

constexpr size_t kIdlePerEndpoint = 8;

struct Connection {
  std::unique_ptr<net::ByteStream> stream;
  std::unique_ptr<ResponseReader> reader;
};

// Where a request goes: straight to the endpoint, or through the proxy.
struct Route {
  HostPort target;
  std::optional<ProxyServer> proxy;
  std::string key;  // connections are shared by requests with equal keys
};

TransportFailure ToTransport(NetFailure failure) {
  switch (failure) {
    case NetFailure::kConnect: return TransportFailure::kConnect;
    case NetFailure::kTimeout: return TransportFailure::kTimeout;
    case NetFailure::kReset: return TransportFailure::kReset;
    case NetFailure::kTls: return TransportFailure::kTls;
    case NetFailure::kProtocol: return TransportFailure::kOther;
  }
  return TransportFailure::kOther;
}

TransportResult Failed(NetError error) {
  TransportResult result;
  result.error = TransportError{ToTransport(error.failure), std::move(error.message)};
  return result;
}

NetResult<Route> RouteFor(const HttpRequest& request, const TransportOptions& options) {
  Result<HostPort> target = SplitHostPort(request.host, request.scheme == "https" ? 443 : 80);
  if (!target) return NetFail(NetFailure::kConnect, target.error().message);
  Route route{.target = std::move(*target)};
  if (!options.proxy.empty() && !ExemptFromProxy(route.target.host, options.no_proxy)) {
    Result<ProxyServer> proxy = ParseProxy(options.proxy);
    if (!proxy) return NetFail(NetFailure::kConnect, proxy.error().message);
    route.proxy = std::move(*proxy);
  }
  route.key = fmt::format("{}://{}|{}|{}", request.scheme, request.host, options.proxy,
                          options.ca_bundle);
  return route;
}

// Asks the proxy for a tunnel to the endpoint (RFC 9110 CONNECT).
NetResult<void> OpenTunnel(net::TcpStream& tcp, const Route& route, net::Deadline deadline) {
  std::string authority = net::Authority(route.target.host, route.target.port);
  std::string ask = fmt::format("CONNECT {0} HTTP/1.1\r\nHost: {0}\r\n", authority);
  if (!route.proxy->authorization.empty()) {
    ask += "Proxy-Authorization: " + route.proxy->authorization + "\r\n";
  }
  if (NetResult<void> sent = tcp.Write(ask + "\r\n", deadline); !sent) return sent;
  ResponseReader reader(tcp);
  NetResult<HttpResponse> answer = reader.Read("CONNECT", deadline);
  if (!answer) return std::unexpected(std::move(answer.error()));
  if (answer->status / 100 == 2) return {};
  return NetFail(NetFailure::kConnect,
                 fmt::format("proxy {} refused a tunnel to {}: HTTP {}{}", route.proxy->Display(),
                             authority, answer->status,
                             answer->status == 407 ? " (check the credentials in HTTPS_PROXY)"
                                                   : ""));
}

NetResult<std::unique_ptr<Connection>> Open(const HttpRequest& request, const Route& route,
                                            const TransportOptions& options,
                                            net::Deadline deadline) {
  net::Deadline connect_deadline =
      std::min(deadline, std::chrono::steady_clock::now() + options.connect_timeout);
  const HostPort& first_hop = route.proxy ? HostPort{route.proxy->host, route.proxy->port}
                                          : route.target;
  NetResult<std::unique_ptr<net::TcpStream>> tcp =
      net::TcpStream::Connect(first_hop.host, first_hop.port, connect_deadline);
  if (!tcp) return std::unexpected(std::move(tcp.error()));
  auto connection = std::make_unique<Connection>();
  if (request.scheme == "https") {
    if (route.proxy) {
      if (NetResult<void> tunnel = OpenTunnel(**tcp, route, connect_deadline); !tunnel) {
        return std::unexpected(std::move(tunnel.error()));
      }
    }
    NetResult<std::unique_ptr<net::TlsStream>> tls = net::TlsStream::Start(
        std::move(*tcp), route.target.host, options.ca_bundle, connect_deadline);
    if (!tls) return std::unexpected(std::move(tls.error()));
    connection->stream = std::move(*tls);
  } else {
    connection->stream = std::move(*tcp);
  }
  connection->reader = std::make_unique<ResponseReader>(*connection->stream);
  return connection;
}

NetResult<HttpResponse> Exchange(Connection& connection, const HttpRequest& request,
                                 const Route& route, net::Deadline deadline) {
  bool relayed = route.proxy && request.scheme == "http";  // the proxy forwards it
  std::vector<HttpHeader> extra;
  if (relayed && !route.proxy->authorization.empty()) {
    extra.push_back({"Proxy-Authorization", route.proxy->authorization});
  }
  std::string bytes = SerializeRequest(
      request, relayed ? RequestTarget::kAbsolute : RequestTarget::kOrigin, extra);
  if (NetResult<void> sent = connection.stream->Write(bytes, deadline); !sent) {
    return std::unexpected(std::move(sent.error()));
  }
  return connection.reader->Read(request.method, deadline);
}

}  // namespace

struct SocketTransport::Pool {
  std::mutex mutex;
  std::multimap<std::string, std::unique_ptr<Connection>> idle;

  std::unique_ptr<Connection> Take(const std::string& key) {
    std::lock_guard lock(mutex);
    while (true) {
      auto found = idle.find(key);
      if (found == idle.end()) return nullptr;
      std::unique_ptr<Connection> connection = std::move(found->second);
      idle.erase(found);
      if (connection->stream->IdleUsable()) return connection;
    }
  }
  void Give(const std::string& key, std::unique_ptr<Connection> connection) {
    std::lock_guard lock(mutex);
    if (idle.count(key) < kIdlePerEndpoint) idle.emplace(key, std::move(connection));
  }
};

SocketTransport::SocketTransport() : pool_(std::make_unique<Pool>()) {}
SocketTransport::~SocketTransport() = default;

TransportResult SocketTransport::Send(const HttpRequest& request,
                                      const TransportOptions& options) {
  net::Deadline deadline = std::chrono::steady_clock::now() + options.total_timeout;
  NetResult<Route> route = RouteFor(request, options);
  if (!route) return Failed(std::move(route.error()));
  for (int attempt = 0;; ++attempt) {
    std::unique_ptr<Connection> connection = attempt == 0 ? pool_->Take(route->key) : nullptr;
    bool reused = connection != nullptr;
    if (!reused) {
      NetResult<std::unique_ptr<Connection>> opened = Open(request, *route, options, deadline);
      if (!opened) return Failed(std::move(opened.error()));
      connection = std::move(*opened);
    }
    NetResult<HttpResponse> response = Exchange(*connection, request, *route, deadline);
    if (response) {
      if (connection->reader->keep_alive()) pool_->Give(route->key, std::move(connection));
      TransportResult result;
      result.response = std::move(*response);
      return result;
    }
    // A kept connection the server closed while idle fails before any
    // answer arrives; the request never reached it, so a new one is safe.
    bool stale = reused && !connection->reader->received_any() &&
                 response.error().failure == NetFailure::kReset;
    if (!stale) return Failed(std::move(response.error()));
  }
}

}  // namespace bakery::aws
