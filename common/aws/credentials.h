#pragma once
// AWS credentials and the provider chain, in the SDKs' order:
//   1. environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN;
//      skipped when --profile is given explicitly, as botocore does)
//   2. web identity from the environment (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN)
//   3. the selected profile of the shared files: role_arn with
//      web_identity_token_file / source_profile / credential_source,
//      credential_process, static keys
//   4. container credentials (…_RELATIVE_URI, else …_FULL_URI + token)
//   5. EC2 instance metadata (IMDSv2, v1 fallback), unless disabled
// The first source that applies wins; one that applies but fails stops the
// chain with its error (a broken profile must not silently fall through to
// instance credentials). When nothing applies, the error lists every source
// and why it did not apply.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/aws/http.h"
#include "common/aws/shared_config.h"
#include "common/aws/sigv4.h"
#include "common/base/clock.h"
#include "common/base/env.h"
#include "common/base/error.h"
#include "common/base/file_system.h"
#include "common/base/subprocess.h"

namespace bakery::aws {

struct Credentials {
  SigningKeys keys;
  std::optional<SystemTime> expiration;  // nullopt: long-term keys
  std::string source;      // "environment", "profile \"ci\" (assume role …)", …
  std::string account_id;  // when the source tells us

  /// "AKIA…0001": enough to tell keys apart, never the whole id.
  std::string MaskedAccessKeyId() const;
};

struct AssumeRoleRequest {
  std::string role_arn;
  std::string session_name;
  std::string external_id;
  int duration_seconds = 3600;
  std::string region;  // the profile's region, for the STS endpoint
};

struct WebIdentityRequest {
  std::string role_arn;
  std::string session_name;
  std::string token;
  std::string region;
};

/// The STS calls role-based providers need; implemented over the AWS client
/// (common/aws/sts.h) so this file does not depend on it.
class RoleAssumer {
 public:
  virtual ~RoleAssumer() = default;
  virtual Result<Credentials> AssumeRole(const Credentials& source,
                                         const AssumeRoleRequest& request) = 0;
  /// Unsigned, as the SDKs make it.
  virtual Result<Credentials> AssumeRoleWithWebIdentity(const WebIdentityRequest& request) = 0;
};

/// Everything the providers touch, so tests can substitute each piece.
struct CredentialDeps {
  const Env* env = nullptr;
  const FileSystem* files = nullptr;
  Clock* clock = nullptr;
  HttpTransport* http = nullptr;
  ProcessRunner* processes = nullptr;
  RoleAssumer* sts = nullptr;     // null: role-based sources fail with a clear error
  std::string explicit_profile;   // --profile; empty when not given
};

/// One provider's answer: credentials, or why it does not apply.
struct ProviderAttempt {
  std::optional<Credentials> credentials;
  std::string not_applicable;  // "AWS_ACCESS_KEY_ID is not set"
};

using ProviderFunction = Result<ProviderAttempt> (*)(const CredentialDeps&);

struct NamedProvider {
  std::string name;
  ProviderFunction function;
};

/// The default chain described above.
std::vector<NamedProvider> DefaultProviders();

/// Runs `providers` in order; the first that yields credentials wins.
Result<Credentials> ResolveCredentials(const CredentialDeps& deps,
                                       const std::vector<NamedProvider>& providers);

/// Where the AWS client gets credentials from.
class CredentialSource {
 public:
  virtual ~CredentialSource() = default;
  virtual Result<Credentials> Get() = 0;
  /// Drops cached credentials (after an ExpiredToken answer).
  virtual void Invalidate() = 0;
};

/// Resolves once, then hands out the cached credentials until they are
/// within `refresh_window` of expiring. Thread-safe.
class CredentialCache final : public CredentialSource {
 public:
  CredentialCache(CredentialDeps deps, std::vector<NamedProvider> providers,
                  std::chrono::seconds refresh_window = std::chrono::seconds(300));
  Result<Credentials> Get() override;
  void Invalidate() override;

 private:
  CredentialDeps deps_;
  std::vector<NamedProvider> providers_;
  std::chrono::seconds refresh_window_;
  std::mutex mutex_;
  std::optional<Credentials> cached_;
};

// The individual providers (exposed for tests).
Result<ProviderAttempt> EnvironmentProvider(const CredentialDeps& deps);
Result<ProviderAttempt> WebIdentityEnvProvider(const CredentialDeps& deps);
Result<ProviderAttempt> ProfileProvider(const CredentialDeps& deps);
Result<ProviderAttempt> ContainerProvider(const CredentialDeps& deps);
Result<ProviderAttempt> InstanceMetadataProvider(const CredentialDeps& deps);

/// Parses the JSON of credential_process, container and IMDS endpoints
/// (AccessKeyId, SecretAccessKey, SessionToken|Token, Expiration).
Result<Credentials> CredentialsFromJson(std::string_view json, const std::string& source);

}  // namespace bakery::aws
