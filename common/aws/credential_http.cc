// Providers that fetch credentials over HTTP: the container endpoint (ECS,
// CodeBuild, EKS Pod Identity) and EC2 instance metadata.
#include "common/aws/credentials.h"
#include "common/aws/imds.h"
#include "common/base/strings.h"

namespace bakery::aws {
namespace {

constexpr std::string_view kContainerHost = "http://169.254.170.2";

// FULL_URI must not send the token to an arbitrary host: https, or a host
// that is the container agent or loopback (the SDKs' rule).
bool AllowedFullUri(const HttpRequest& request) {
  if (request.scheme == "https") return true;
  std::string host = request.host;
  if (host.starts_with("[")) {
    host = host.substr(1, host.find(']') - 1);
  } else if (size_t colon = host.rfind(':'); colon != std::string::npos) {
    host = host.substr(0, colon);
  }
  return host == "169.254.170.2" || host == "169.254.170.23" || host == "fd00:ec2::23" ||
         host == "localhost" || host == "::1" || host.starts_with("127.");
}

Result<std::string> AuthorizationToken(const CredentialDeps& deps) {
  std::string token;
  if (auto file = deps.env->GetNonEmpty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    Result<std::string> text = deps.files->ReadFile(*file);
    if (!text) {
      return Fail(ErrorKind::kFailed, "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {}: {}",
                  *file, text.error().message);
    }
    token = std::string(Trim(*text));
  } else {
    token = deps.env->GetNonEmpty("AWS_CONTAINER_AUTHORIZATION_TOKEN").value_or("");
  }
  if (token.find_first_of("\r\n") != std::string::npos) {
    return Fail(ErrorKind::kBadInput, "the container authorization token contains a line break");
  }
  return token;
}

Result<Credentials> FetchContainerCredentials(const CredentialDeps& deps, HttpRequest request,
                                              const std::string& source) {
  Result<std::string> token = AuthorizationToken(deps);
  if (!token) return std::unexpected(std::move(token.error()));
  if (!token->empty()) request.SetHeader("Authorization", *token);
  TransportOptions options{std::chrono::milliseconds(2000), std::chrono::milliseconds(2000)};
  std::string last_error;
  for (int attempt = 1; attempt <= 3; ++attempt) {
    TransportResult result = deps.http->Send(request, options);
    if (result.response && result.response->status == 200) {
      return CredentialsFromJson(result.response->body, source);
    }
    last_error = result.response ? fmt::format("HTTP {}", result.response->status)
                                 : result.error->message;
    bool retryable = !result.response || result.response->status >= 500;
    if (!retryable) break;
    if (attempt < 3) deps.clock->SleepFor(std::chrono::seconds(1));
  }
  return Fail(ErrorKind::kFailed, "{} at {}://{}{} failed: {}", source, request.scheme,
              request.host, request.path, last_error);
}

}  // namespace

Result<ProviderAttempt> ContainerProvider(const CredentialDeps& deps) {
  Result<HttpRequest> request = Fail(ErrorKind::kInternal, "unset");
  std::string source;
  if (auto relative = deps.env->GetNonEmpty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    request = RequestForUrl("GET", std::string(kContainerHost) + *relative);
    source = "container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)";
  } else if (auto full = deps.env->GetNonEmpty("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    request = RequestForUrl("GET", *full);
    source = "container credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI)";
    if (request && !AllowedFullUri(*request)) {
      return Fail(ErrorKind::kBadInput, "AWS_CONTAINER_CREDENTIALS_FULL_URI {} must use https or "
                  "a loopback/container-agent host", *full);
    }
  } else {
    return ProviderAttempt{{}, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set"};
  }
  if (!request) return std::unexpected(std::move(request.error()));
  Result<Credentials> credentials = FetchContainerCredentials(deps, std::move(*request), source);
  if (!credentials) return std::unexpected(std::move(credentials.error()));
  return ProviderAttempt{std::move(*credentials), ""};
}

Result<ProviderAttempt> InstanceMetadataProvider(const CredentialDeps& deps) {
  ImdsClient imds(*deps.http, ImdsSettingsFromEnv(*deps.env));
  constexpr std::string_view kPath = "/latest/meta-data/iam/security-credentials/";
  Result<std::optional<std::string>> roles = imds.Get(std::string(kPath));
  if (!roles) return std::unexpected(std::move(roles.error()));
  if (!*roles) return ProviderAttempt{{}, imds.LastMiss()};
  std::string role(Trim(Split(**roles, '\n')[0]));
  if (role.empty()) return ProviderAttempt{{}, "the instance has no IAM role attached"};
  Result<std::optional<std::string>> body = imds.Get(std::string(kPath) + role);
  if (!body) return std::unexpected(std::move(body.error()));
  if (!*body) return ProviderAttempt{{}, imds.LastMiss()};
  Result<Credentials> credentials =
      CredentialsFromJson(**body, fmt::format("EC2 instance metadata (role {})", role));
  if (!credentials) return std::unexpected(std::move(credentials.error()));
  return ProviderAttempt{std::move(*credentials), ""};
}

}  // namespace bakery::aws
