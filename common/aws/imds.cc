#include "common/aws/imds.h"

#include "common/base/strings.h"

namespace bakery::aws {
namespace {

bool IsTrue(const Env& env, const char* name) {
  return ToLower(env.GetNonEmpty(name).value_or("")) == "true";
}

}  // namespace

ImdsSettings ImdsSettingsFromEnv(const Env& env) {
  ImdsSettings settings;
  settings.disabled = IsTrue(env, "AWS_EC2_METADATA_DISABLED");
  settings.v1_disabled = IsTrue(env, "AWS_EC2_METADATA_V1_DISABLED");
  if (ToLower(env.GetNonEmpty("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE").value_or("")) == "ipv6") {
    settings.endpoint = "http://[fd00:ec2::254]";
  }
  if (auto endpoint = env.GetNonEmpty("AWS_EC2_METADATA_SERVICE_ENDPOINT")) {
    settings.endpoint = *endpoint;
    while (settings.endpoint.ends_with('/')) settings.endpoint.pop_back();
  }
  return settings;
}

ImdsClient::ImdsClient(HttpTransport& http, ImdsSettings settings)
    : http_(http), settings_(std::move(settings)) {}

Result<std::optional<std::string>> ImdsClient::Token() {
  if (token_ || use_v1_) return token_;
  Result<HttpRequest> request = RequestForUrl("PUT", settings_.endpoint + "/latest/api/token");
  if (!request) return std::unexpected(std::move(request.error()));
  request->SetHeader("x-aws-ec2-metadata-token-ttl-seconds", "21600");
  TransportOptions options{settings_.timeout, settings_.timeout};
  TransportResult result = http_.Send(*request, options);
  if (!result.response) {
    last_miss_ = fmt::format("no answer from {} within {}ms ({})", settings_.endpoint,
                             settings_.timeout.count(), result.error->message);
    return std::optional<std::string>();
  }
  int status = result.response->status;
  if (status == 200) {
    token_ = std::string(Trim(result.response->body));
    return token_;
  }
  if ((status == 403 || status == 404 || status == 405) && !settings_.v1_disabled) {
    use_v1_ = true;  // IMDSv1 only (old instances, or a proxy that refuses PUT)
    return token_;
  }
  return Fail(ErrorKind::kFailed, "instance metadata at {} refused a session token (HTTP {})",
              settings_.endpoint, status);
}

Result<std::optional<std::string>> ImdsClient::Get(const std::string& path) {
  if (settings_.disabled) {
    last_miss_ = "disabled by AWS_EC2_METADATA_DISABLED";
    return std::optional<std::string>();
  }
  Result<std::optional<std::string>> token = Token();
  if (!token) return token;
  if (!*token && !use_v1_) return token;  // unreachable
  Result<HttpRequest> request = RequestForUrl("GET", settings_.endpoint + path);
  if (!request) return std::unexpected(std::move(request.error()));
  if (*token) request->SetHeader("x-aws-ec2-metadata-token", **token);
  TransportOptions options{settings_.timeout, settings_.timeout};
  TransportResult result = http_.Send(*request, options);
  if (!result.response) {
    last_miss_ = fmt::format("no answer from {} ({})", settings_.endpoint, result.error->message);
    return std::optional<std::string>();
  }
  if (result.response->status == 404) {
    last_miss_ = fmt::format("{} is not present in instance metadata", path);
    return std::optional<std::string>();
  }
  if (result.response->status != 200) {
    return Fail(ErrorKind::kFailed, "instance metadata GET {} answered HTTP {}", path,
                result.response->status);
  }
  return std::optional<std::string>(result.response->body);
}

}  // namespace bakery::aws
