#pragma once
// The proxy settings AwsConfig resolved (HTTPS_PROXY, NO_PROXY), read with
// curl's rules so existing CI settings keep their meaning.

#include <optional>
#include <string>
#include <string_view>

#include "common/base/error.h"

namespace bakery::aws {

struct ProxyServer {
  std::string host;
  int port = 1080;            // curl's default when the URL names none
  std::string authorization;  // "Basic …" from the URL's user:password, or ""
  /// "host:port", for messages (never the credentials).
  std::string Display() const;
};

/// "http://[user:password@]host[:port][/]" or "host[:port]". Only plain-HTTP
/// proxies: the connection to AWS is TLS inside the proxy's tunnel either way.
Result<ProxyServer> ParseProxy(std::string_view url);

/// Whether NO_PROXY exempts `host` (without port): "*" exempts all; each
/// comma-separated entry matches that host and its subdomains (a leading
/// '.' is ignored); addresses match exactly.
bool ExemptFromProxy(std::string_view host, std::string_view no_proxy);

struct HostPort {
  std::string host;  // an IPv6 address without its brackets
  int port = 0;
};

/// "host", "host:port", "[v6]" or "[v6]:port"; `default_port` when none.
Result<HostPort> SplitHostPort(std::string_view authority, int default_port);

}  // namespace bakery::aws
