#include "common/aws/proxy.h"

#include <algorithm>
#include <charconv>

#include "common/aws/crypto.h"
#include "common/aws/http.h"
#include "common/base/strings.h"
#include "common/net/tcp_stream.h"

namespace bakery::aws {

std::string ProxyServer::Display() const { return net::Authority(host, port); }

Result<HostPort> SplitHostPort(std::string_view authority, int default_port) {
  HostPort split{.port = default_port};
  std::string_view port_text;
  if (authority.starts_with('[')) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return Fail(ErrorKind::kBadInput, "\"{}\": '[' without ']'", authority);
    }
    split.host = authority.substr(1, close - 1);
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) {
      return Fail(ErrorKind::kBadInput, "\"{}\": expected ':port' after ']'", authority);
    }
    if (!rest.empty()) port_text = rest.substr(1);
  } else {
    size_t colon = authority.rfind(':');
    split.host = authority.substr(0, colon);
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (split.host.empty()) return Fail(ErrorKind::kBadInput, "\"{}\": no host", authority);
  if (!port_text.empty()) {
    auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(),
                                        split.port);
    if (error != std::errc() || end != port_text.data() + port_text.size() || split.port < 1 ||
        split.port > 65535) {
      return Fail(ErrorKind::kBadInput, "\"{}\": port must be a number from 1 to 65535",
                  authority);
    }
  }
  return split;
}

Result<ProxyServer> ParseProxy(std::string_view url) {
  std::string_view rest = url;
  if (size_t scheme_end = rest.find("://"); scheme_end != std::string_view::npos) {
    std::string scheme = ToLower(rest.substr(0, scheme_end));
    if (scheme != "http") {
      return Fail(ErrorKind::kBadInput, "HTTPS_PROXY: {}:// proxies are not supported; use "
                  "http://host:port (requests to AWS still travel as TLS through it)", scheme);
    }
    rest.remove_prefix(scheme_end + 3);
  }
  ProxyServer proxy;
  // Credentials run to the last '@' (a proxy URL has no path to hold one),
  // so a password with a raw '/' is still read whole. Never echoed: messages
  // show the host only.
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) {
    proxy.authorization = "Basic " + Base64Encode(UriDecode(rest.substr(0, at)));
    rest.remove_prefix(at + 1);
  }
  rest = rest.substr(0, rest.find('/'));
  Result<HostPort> address = SplitHostPort(rest, 1080);
  if (!address) {
    return Fail(ErrorKind::kBadInput, "HTTPS_PROXY: {}; expected http://host:port",
                address.error().message);
  }
  proxy.host = std::move(address->host);
  proxy.port = address->port;
  return proxy;
}

bool ExemptFromProxy(std::string_view host, std::string_view no_proxy) {
  std::string name = ToLower(host);
  for (const std::string& item : Split(no_proxy, ',')) {
    std::string entry = ToLower(Trim(item));
    if (entry == "*") return true;
    if (entry.starts_with('[')) {
      entry = entry.substr(1, entry.find(']') - 1);
    } else if (std::count(entry.begin(), entry.end(), ':') == 1) {
      entry.erase(entry.find(':'));  // "host:port": the host
    }
    while (entry.starts_with('.')) entry.erase(0, 1);
    if (entry.empty()) continue;
    if (name == entry || (name.size() > entry.size() && name.ends_with("." + entry))) return true;
  }
  return false;
}

}  // namespace bakery::aws
