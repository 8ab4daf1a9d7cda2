#include "common/aws/http.h"

#include "common/base/strings.h"

namespace bakery::aws {
namespace {

bool NameEquals(std::string_view a, std::string_view b) {
  return ToLower(a) == ToLower(b);
}

std::optional<std::string> FindHeader(const std::vector<HttpHeader>& headers,
                                      std::string_view name) {
  for (const HttpHeader& header : headers) {
    if (NameEquals(header.name, name)) return header.value;
  }
  return std::nullopt;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string HttpRequest::Url() const {
  std::string url = scheme + "://" + host + path;
  if (!query.empty()) url += "?" + query;
  return url;
}

std::optional<std::string> HttpRequest::Header(std::string_view name) const {
  if (NameEquals(name, "host")) return host;
  return FindHeader(headers, name);
}

void HttpRequest::SetHeader(std::string_view name, std::string value) {
  std::erase_if(headers, [&](const HttpHeader& h) { return NameEquals(h.name, name); });
  headers.push_back({std::string(name), std::move(value)});
}

std::optional<std::string> HttpResponse::Header(std::string_view name) const {
  return FindHeader(headers, name);
}

Result<HttpRequest> RequestForUrl(std::string_view method, std::string_view url) {
  HttpRequest request;
  request.method = std::string(method);
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    return Fail(ErrorKind::kBadInput, "endpoint URL \"{}\" has no scheme; use https://host or "
                "http://host:port", url);
  }
  request.scheme = ToLower(url.substr(0, scheme_end));
  if (request.scheme != "http" && request.scheme != "https") {
    return Fail(ErrorKind::kBadInput, "endpoint URL \"{}\": scheme must be http or https", url);
  }
  std::string_view rest = url.substr(scheme_end + 3);
  size_t path_start = rest.find_first_of("/?");
  request.host = std::string(rest.substr(0, path_start));
  if (request.host.empty()) {
    return Fail(ErrorKind::kBadInput, "endpoint URL \"{}\" has no host", url);
  }
  std::string_view tail = path_start == std::string_view::npos ? "" : rest.substr(path_start);
  size_t query_start = tail.find('?');
  request.path = std::string(tail.substr(0, query_start));
  if (request.path.empty()) request.path = "/";
  if (query_start != std::string_view::npos) request.query = tail.substr(query_start + 1);
  return request;
}

std::string UriEncode(std::string_view text, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(text.size() * 3 / 2);
  for (unsigned char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                      (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved || (keep_slash && c == '/')) {
      encoded.push_back(static_cast<char>(c));
    } else {
      encoded.push_back('%');
      encoded.push_back(kDigits[c >> 4]);
      encoded.push_back(kDigits[c & 0x0f]);
    }
  }
  return encoded;
}

std::string UriDecode(std::string_view text, bool plus_is_space) {
  std::string decoded;
  decoded.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() &&
        HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
      decoded.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
      i += 2;
    } else if (plus_is_space && text[i] == '+') {
      decoded.push_back(' ');
    } else {
      decoded.push_back(text[i]);
    }
  }
  return decoded;
}

}  // namespace bakery::aws
