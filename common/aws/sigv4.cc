#include "common/aws/sigv4.h"

#include <algorithm>
#include <ctime>
#include <map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "common/aws/crypto.h"
#include "common/base/strings.h"

namespace bakery::aws {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

std::string FormatUtc(SystemTime time, const char* format) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  size_t length = std::strftime(buffer, sizeof buffer, format, &utc);
  return std::string(buffer, length);
}

// Header values are trimmed and runs of whitespace (including folded
// continuation lines) collapse to one space.
std::string CanonicalHeaderValue(std::string_view value) {
  std::string result;
  bool pending_space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending_space = !result.empty();
      continue;
    }
    if (pending_space) result.push_back(' ');
    pending_space = false;
    result.push_back(c);
  }
  return result;
}

// Lowercased names, sorted; repeated headers joined with ',' in order.
std::map<std::string, std::string> HeadersToSign(const HttpRequest& request) {
  std::map<std::string, std::string> headers;
  headers["host"] = request.host;
  for (const HttpHeader& header : request.headers) {
    std::string name = ToLower(header.name);
    if (name == "authorization" || name == "user-agent" || name == "expect" ||
        name == "x-amzn-trace-id") {
      continue;
    }
    std::string value = CanonicalHeaderValue(header.value);
    auto [it, inserted] = headers.emplace(name, value);
    if (!inserted) it->second += "," + value;
  }
  return headers;
}

struct CanonicalHeaders {
  std::string block;   // "name:value\n" lines
  std::string signed_names;  // "a;b;c"
};

CanonicalHeaders BuildCanonicalHeaders(const HttpRequest& request) {
  CanonicalHeaders result;
  for (const auto& [name, value] : HeadersToSign(request)) {
    result.block += name + ":" + value + "\n";
    if (!result.signed_names.empty()) result.signed_names += ";";
    result.signed_names += name;
  }
  return result;
}

std::string PayloadHash(const HttpRequest& request, const SigningParams& params) {
  return params.unsigned_payload ? "UNSIGNED-PAYLOAD" : Sha256Hex(request.body);
}

std::string DerivedKey(const SigningParams& params) {
  std::string key = HmacSha256("AWS4" + params.keys.secret_access_key,
                               FormatUtc(params.time, "%Y%m%d"));
  key = HmacSha256(key, params.region);
  key = HmacSha256(key, params.service);
  return HmacSha256(key, "aws4_request");
}

Signature Finish(std::string canonical_request, const SigningParams& params) {
  Signature result;
  result.string_to_sign = fmt::format(
      "{}\n{}\n{}\n{}", kAlgorithm, AmzDate(params.time),
      CredentialScope(params.time, params.region, params.service), Sha256Hex(canonical_request));
  result.canonical_request = std::move(canonical_request);
  result.signature = HexEncode(HmacSha256(DerivedKey(params), result.string_to_sign));
  return result;
}

std::string NormalizePath(const std::string& path) {
  std::vector<std::string> kept;
  for (const std::string& segment : Split(path, '/')) {
    if (segment.empty() || segment == ".") continue;
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
      continue;
    }
    kept.push_back(segment);
  }
  std::string normalized = "/" + Join(kept, "/");
  bool trailing_slash = path.size() > 1 && path.back() == '/';
  if (trailing_slash && normalized != "/") normalized += "/";
  return normalized;
}

}  // namespace

std::string AmzDate(SystemTime time) { return FormatUtc(time, "%Y%m%dT%H%M%SZ"); }

std::string CredentialScope(SystemTime time, const std::string& region,
                            const std::string& service) {
  return fmt::format("{}/{}/{}/aws4_request", FormatUtc(time, "%Y%m%d"), region, service);
}

std::string CanonicalUri(const std::string& path, bool normalize) {
  std::string source = path.empty() ? "/" : path;
  if (normalize) source = NormalizePath(source);
  return UriEncode(source, /*keep_slash=*/true);
}

std::string CanonicalQuery(const std::string& query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (std::string_view part : Split(query, '&')) {
    if (part.empty()) continue;
    size_t equals = part.find('=');
    std::string key(part.substr(0, equals));
    std::string value = equals == std::string_view::npos ? "" : std::string(part.substr(equals + 1));
    pairs.emplace_back(UriEncode(UriDecode(key)), UriEncode(UriDecode(value)));
  }
  std::sort(pairs.begin(), pairs.end());
  std::string canonical;
  for (const auto& [key, value] : pairs) {
    if (!canonical.empty()) canonical += "&";
    canonical += key + "=" + value;
  }
  return canonical;
}

Signature SignHeaders(HttpRequest& request, const SigningParams& params) {
  request.SetHeader("X-Amz-Date", AmzDate(params.time));
  bool sign_token = !params.keys.session_token.empty() && !params.omit_session_token;
  if (sign_token) request.SetHeader("X-Amz-Security-Token", params.keys.session_token);
  std::string payload_hash = PayloadHash(request, params);
  if (params.add_content_sha256) request.SetHeader("X-Amz-Content-Sha256", payload_hash);
  CanonicalHeaders headers = BuildCanonicalHeaders(request);
  Signature signature = Finish(
      fmt::format("{}\n{}\n{}\n{}\n{}\n{}", request.method,
                  CanonicalUri(request.path, params.normalize_path), CanonicalQuery(request.query),
                  headers.block, headers.signed_names, payload_hash),
      params);
  request.SetHeader("Authorization",
                    fmt::format("{} Credential={}/{}, SignedHeaders={}, Signature={}", kAlgorithm,
                                params.keys.access_key_id,
                                CredentialScope(params.time, params.region, params.service),
                                headers.signed_names, signature.signature));
  if (!params.keys.session_token.empty() && !sign_token) {
    request.SetHeader("X-Amz-Security-Token", params.keys.session_token);
  }
  return signature;
}

Signature PresignQuery(HttpRequest& request, const SigningParams& params) {
  CanonicalHeaders headers = BuildCanonicalHeaders(request);
  std::string added = fmt::format(
      "X-Amz-Algorithm={}&X-Amz-Credential={}&X-Amz-Date={}&X-Amz-Expires={}", kAlgorithm,
      UriEncode(params.keys.access_key_id + "/" +
                CredentialScope(params.time, params.region, params.service)),
      AmzDate(params.time), params.expires.count());
  bool sign_token = !params.keys.session_token.empty() && !params.omit_session_token;
  if (sign_token) added += "&X-Amz-Security-Token=" + UriEncode(params.keys.session_token);
  added += "&X-Amz-SignedHeaders=" + UriEncode(headers.signed_names);
  request.query += (request.query.empty() ? "" : "&") + added;
  Signature signature = Finish(
      fmt::format("{}\n{}\n{}\n{}\n{}\n{}", request.method,
                  CanonicalUri(request.path, params.normalize_path), CanonicalQuery(request.query),
                  headers.block, headers.signed_names, PayloadHash(request, params)),
      params);
  request.query += "&X-Amz-Signature=" + signature.signature;
  if (!params.keys.session_token.empty() && !sign_token) {
    request.query += "&X-Amz-Security-Token=" + UriEncode(params.keys.session_token);
  }
  return signature;
}

}  // namespace bakery::aws
