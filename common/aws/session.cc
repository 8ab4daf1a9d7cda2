#include "common/aws/session.h"

#include <charconv>

#include "common/aws/imds.h"
#include "common/aws/socket_transport.h"

namespace bakery::aws {
namespace {

double RateScale(const Env& env) {
  std::string text = env.GetNonEmpty("BAKERY_AWS_RATE_SCALE").value_or("1");
  double scale = 1.0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), scale);
  return error == std::errc() && scale > 0 ? scale : 1.0;
}

// Never asked for credentials: every call it makes carries its own or is unsigned.
class NoCredentials final : public CredentialSource {
 public:
  Result<Credentials> Get() override {
    return Fail(ErrorKind::kInternal, "the STS client for role assumption has no own credentials");
  }
  void Invalidate() override {}
};

}  // namespace

Result<std::unique_ptr<AwsSession>> AwsSession::Create(SessionDeps deps, SessionOptions options) {
  Result<AwsConfig> config =
      LoadAwsConfig(*deps.env, *deps.files, AwsConfigFlags{options.region, options.profile});
  if (!config) return std::unexpected(std::move(config.error()));
  std::unique_ptr<AwsSession> session(new AwsSession());
  if (!deps.http) deps.http = std::make_shared<SocketTransport>();
  session->deps_ = deps;
  session->options_ = options;
  session->config_ = std::move(*config);
  session->region_source_ = session->config_.region_source;
  session->limiter_ = std::make_unique<RateLimiter>(
      *deps.clock, RateScale(*deps.env), session->config_.retry_mode == RetryMode::kAdaptive);

  static NoCredentials no_credentials;
  AwsClientDeps sts_deps{&session->config_, deps.http.get(), deps.clock, &no_credentials,
                         nullptr, {}, options.trace};
  session->sts_client_ = std::make_unique<AwsClient>(sts_deps);
  session->role_assumer_ = std::make_unique<StsRoleAssumer>(
      *session->sts_client_, session->config_.region.value_or(""));

  CredentialDeps credential_deps{deps.env, deps.files, deps.clock, deps.http.get(),
                                 deps.processes, session->role_assumer_.get(), options.profile};
  session->credentials_ =
      std::make_unique<CredentialCache>(credential_deps, DefaultProviders());
  AwsClientDeps client_deps{&session->config_, deps.http.get(), deps.clock,
                            session->credentials_.get(), session->limiter_.get(), {},
                            options.trace};
  session->client_ = std::make_unique<AwsClient>(client_deps);
  return session;
}

Result<std::string> AwsSession::DefaultRegion() {
  if (config_.region) return *config_.region;
  ImdsClient imds(*deps_.http, ImdsSettingsFromEnv(*deps_.env));
  Result<std::optional<std::string>> region = imds.Get("/latest/meta-data/placement/region");
  if (!region) return std::unexpected(std::move(region.error()));
  if (*region) {
    config_.region = **region;
    region_source_ = "EC2 instance metadata";
    return **region;
  }
  return Fail(ErrorKind::kBadInput,
              "no AWS region configured: pass --region, set AWS_REGION or AWS_DEFAULT_REGION, set "
              "region in profile \"{}\", or list regions in bakery.yml (instance metadata: {})",
              config_.profile, imds.LastMiss());
}

}  // namespace bakery::aws
