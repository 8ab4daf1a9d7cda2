#pragma once
// Where bakery's AWS calls go and how they behave, resolved once per run
// from flags, the environment and the selected shared-config profile:
// region, per-service endpoints, retry mode and attempts, CA bundle, proxy.

#include <map>
#include <optional>
#include <string>

#include "common/aws/http.h"
#include "common/aws/shared_config.h"
#include "common/base/env.h"
#include "common/base/error.h"
#include "common/base/file_system.h"

namespace bakery::aws {

enum class RetryMode { kStandard, kAdaptive };

struct AwsConfig {
  std::string profile;                    // the selected profile name
  std::optional<std::string> region;      // nullopt: none configured anywhere
  std::string region_source;              // "--region", "AWS_REGION", "profile \"x\"", …
  std::map<std::string, std::string> endpoints;  // "ec2" → URL, configured overrides
  std::string global_endpoint;            // AWS_ENDPOINT_URL / profile endpoint_url
  std::map<std::string, std::string> endpoint_sources;  // "ec2" → "AWS_ENDPOINT_URL_EC2"
  RetryMode retry_mode = RetryMode::kStandard;
  int max_attempts = 3;
  TransportOptions transport;
  SharedConfig shared;
};

struct AwsConfigFlags {
  std::string region;   // --region (first of them); empty when not given
  std::string profile;  // --profile
};

/// Resolves everything but an IMDS region (see RegionFromInstanceMetadata).
/// Errors: unreadable or malformed shared files, bad AWS_MAX_ATTEMPTS or
/// AWS_RETRY_MODE, a selected profile that does not exist.
Result<AwsConfig> LoadAwsConfig(const Env& env, const FileSystem& files,
                                const AwsConfigFlags& flags);

/// The endpoint URL for `service` ("ec2", "sts", "ssm") in `region`:
/// configured override, else the partition's default.
std::string EndpointFor(const AwsConfig& config, const std::string& service,
                        const std::string& region);

/// Where EndpointFor's answer comes from ("AWS_ENDPOINT_URL", "default").
std::string EndpointSource(const AwsConfig& config, const std::string& service);

/// "aws", "aws-cn" or "aws-us-gov" for a region name.
std::string PartitionOf(const std::string& region);

/// The default https endpoint for a service in a region.
std::string DefaultEndpoint(const std::string& service, const std::string& region);

}  // namespace bakery::aws
