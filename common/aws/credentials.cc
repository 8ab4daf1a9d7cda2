#include "common/aws/credentials.h"

#include <nlohmann/json.hpp>

#include "common/base/time_format.h"

namespace bakery::aws {

std::string Credentials::MaskedAccessKeyId() const {
  const std::string& id = keys.access_key_id;
  if (id.size() <= 8) return std::string(id.size(), '*');
  return id.substr(0, 4) + "…" + id.substr(id.size() - 4);
}

std::vector<NamedProvider> DefaultProviders() {
  return {{"environment", EnvironmentProvider},
          {"web identity (environment)", WebIdentityEnvProvider},
          {"shared config profile", ProfileProvider},
          {"container credentials", ContainerProvider},
          {"EC2 instance metadata", InstanceMetadataProvider}};
}

Result<Credentials> ResolveCredentials(const CredentialDeps& deps,
                                       const std::vector<NamedProvider>& providers) {
  std::string tried;
  for (const NamedProvider& provider : providers) {
    Result<ProviderAttempt> attempt = provider.function(deps);
    if (!attempt) {
      return std::unexpected(std::move(attempt.error()).Wrap(
          fmt::format("resolving AWS credentials from {}", provider.name)));
    }
    if (attempt->credentials) return std::move(*attempt->credentials);
    tried += fmt::format("\n  - {}: {}", provider.name, attempt->not_applicable);
  }
  return Fail(ErrorKind::kFailed,
              "no AWS credentials found. Sources tried, in order:{}\nSet AWS_ACCESS_KEY_ID and "
              "AWS_SECRET_ACCESS_KEY, choose a profile with --profile or AWS_PROFILE, or in "
              "GitHub Actions run aws-actions/configure-aws-credentials before this step.",
              tried);
}

Result<ProviderAttempt> EnvironmentProvider(const CredentialDeps& deps) {
  if (!deps.explicit_profile.empty()) {
    return ProviderAttempt{{}, "skipped because a profile was given with --profile"};
  }
  std::optional<std::string> id = deps.env->GetNonEmpty("AWS_ACCESS_KEY_ID");
  if (!id) return ProviderAttempt{{}, "AWS_ACCESS_KEY_ID is not set"};
  std::optional<std::string> secret = deps.env->GetNonEmpty("AWS_SECRET_ACCESS_KEY");
  if (!secret) {
    return Fail(ErrorKind::kBadInput,
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both or neither");
  }
  Credentials credentials;
  credentials.keys = {*id, *secret, deps.env->GetNonEmpty("AWS_SESSION_TOKEN").value_or("")};
  credentials.account_id = deps.env->GetNonEmpty("AWS_ACCOUNT_ID").value_or("");
  credentials.source = "environment variables";
  if (auto expiration = deps.env->GetNonEmpty("AWS_CREDENTIAL_EXPIRATION")) {
    if (Result<SystemTime> time = ParseIso8601(*expiration)) credentials.expiration = *time;
  }
  return ProviderAttempt{std::move(credentials), ""};
}

Result<Credentials> CredentialsFromJson(std::string_view json, const std::string& source) {
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) {
    return Fail(ErrorKind::kFailed, "{} did not return a JSON object", source);
  }
  auto text = [&](const char* key) {
    auto it = parsed.find(key);
    return it != parsed.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  Credentials credentials;
  credentials.keys.access_key_id = text("AccessKeyId");
  credentials.keys.secret_access_key = text("SecretAccessKey");
  credentials.keys.session_token = text("SessionToken");
  if (credentials.keys.session_token.empty()) credentials.keys.session_token = text("Token");
  credentials.account_id = text("AccountId");
  credentials.source = source;
  if (credentials.keys.access_key_id.empty() || credentials.keys.secret_access_key.empty()) {
    return Fail(ErrorKind::kFailed, "{} returned no AccessKeyId/SecretAccessKey", source);
  }
  if (std::string expiration = text("Expiration"); !expiration.empty()) {
    Result<SystemTime> time = ParseIso8601(expiration);
    if (!time) {
      return Fail(ErrorKind::kFailed, "{} returned an unreadable Expiration \"{}\"", source,
                  expiration);
    }
    credentials.expiration = *time;
  }
  return credentials;
}

CredentialCache::CredentialCache(CredentialDeps deps, std::vector<NamedProvider> providers,
                                 std::chrono::seconds refresh_window)
    : deps_(std::move(deps)), providers_(std::move(providers)), refresh_window_(refresh_window) {}

Result<Credentials> CredentialCache::Get() {
  std::lock_guard lock(mutex_);
  if (cached_ && (!cached_->expiration ||
                  deps_.clock->Now() + refresh_window_ < *cached_->expiration)) {
    return *cached_;
  }
  Result<Credentials> fresh = ResolveCredentials(deps_, providers_);
  if (!fresh) return fresh;
  cached_ = *fresh;
  return fresh;
}

void CredentialCache::Invalidate() {
  std::lock_guard lock(mutex_);
  cached_.reset();
}

}  // namespace bakery::aws
