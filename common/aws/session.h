#pragma once
// Everything a step needs to talk to AWS, wired once per run: resolved
// config, the HTTP transport, the EC2 pacing buckets, the cached credential
// chain (with STS for role-based sources) and the client. Steps ask it for
// typed service objects per region.

#include <functional>
#include <memory>
#include <string>

#include "common/aws/client.h"
#include "common/aws/config.h"
#include "common/aws/credentials.h"
#include "common/aws/ec2.h"
#include "common/aws/rate_limiter.h"
#include "common/aws/ssm.h"
#include "common/aws/sts.h"
#include "common/base/clock.h"
#include "common/base/env.h"
#include "common/base/file_system.h"
#include "common/base/subprocess.h"

namespace bakery::aws {

struct SessionOptions {
  std::string region;    // --region (first); empty: from the environment/profile/IMDS
  std::string profile;   // --profile
  std::function<void(const std::string&)> trace;  // --verbose; may be empty
};

struct SessionDeps {
  const Env* env = nullptr;
  const FileSystem* files = nullptr;
  Clock* clock = nullptr;
  ProcessRunner* processes = nullptr;
  std::shared_ptr<HttpTransport> http;  // null: a CurlTransport
};

class AwsSession {
 public:
  /// Resolves configuration; credentials are resolved lazily on first use.
  static Result<std::unique_ptr<AwsSession>> Create(SessionDeps deps, SessionOptions options);

  /// The default region: --region, AWS_REGION, AWS_DEFAULT_REGION, the
  /// profile, then instance metadata; an error naming them all otherwise.
  Result<std::string> DefaultRegion();
  const std::string& RegionSource() const { return region_source_; }

  Ec2 Ec2In(const std::string& region) { return Ec2(*client_, region); }
  Ssm SsmIn(const std::string& region) { return Ssm(*client_, region); }
  Sts StsIn(const std::string& region) { return Sts(*client_, region); }

  Result<Credentials> CurrentCredentials() { return credentials_->Get(); }
  AwsClient& client() { return *client_; }
  const AwsConfig& config() const { return config_; }

 private:
  AwsSession() = default;

  SessionDeps deps_;
  SessionOptions options_;
  AwsConfig config_;
  std::string region_source_;
  std::unique_ptr<RateLimiter> limiter_;
  std::unique_ptr<AwsClient> sts_client_;   // signs with per-call credentials only
  std::unique_ptr<StsRoleAssumer> role_assumer_;
  std::unique_ptr<CredentialCache> credentials_;
  std::unique_ptr<AwsClient> client_;
};

}  // namespace bakery::aws
