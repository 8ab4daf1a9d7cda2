#include "common/aws/config.h"

#include <charconv>

#include "common/base/strings.h"

namespace bakery::aws {
namespace {

constexpr const char* kServices[] = {"ec2", "sts", "ssm"};

std::optional<std::string> Setting(const Env& env, const Profile* profile, const char* variable,
                                   const char* key) {
  if (auto value = env.GetNonEmpty(variable)) return value;
  if (profile) return profile->Get(key);
  return std::nullopt;
}

void ResolveRegion(const Env& env, const Profile* profile, const AwsConfigFlags& flags,
                   AwsConfig& config) {
  if (!flags.region.empty()) {
    config.region = flags.region;
    config.region_source = "--region";
  } else if (auto region = env.GetNonEmpty("AWS_REGION")) {
    config.region = *region;
    config.region_source = "AWS_REGION";
  } else if (auto fallback = env.GetNonEmpty("AWS_DEFAULT_REGION")) {
    config.region = *fallback;
    config.region_source = "AWS_DEFAULT_REGION";
  } else if (profile && profile->Get("region")) {
    config.region = *profile->Get("region");
    config.region_source = fmt::format("profile \"{}\"", profile->name);
  }
}

void ResolveEndpoints(const Env& env, const Profile* profile, AwsConfig& config) {
  std::string ignore = ToLower(Setting(env, profile, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                                       "ignore_configured_endpoint_urls").value_or(""));
  if (ignore == "true") return;
  for (const char* service : kServices) {
    std::string variable = "AWS_ENDPOINT_URL_" + ToUpper(service);
    if (auto url = env.GetNonEmpty(variable)) {
      config.endpoints[service] = *url;
      config.endpoint_sources[service] = variable;
    } else if (auto global = env.GetNonEmpty("AWS_ENDPOINT_URL")) {
      config.endpoints[service] = *global;
      config.endpoint_sources[service] = "AWS_ENDPOINT_URL";
    } else if (auto section = profile ? config.shared.ServiceEndpoint(*profile, service)
                                      : std::nullopt) {
      config.endpoints[service] = *section;
      config.endpoint_sources[service] = fmt::format("profile \"{}\" services", profile->name);
    } else if (auto profile_url = profile ? profile->Get("endpoint_url") : std::nullopt) {
      config.endpoints[service] = *profile_url;
      config.endpoint_sources[service] = fmt::format("profile \"{}\" endpoint_url", profile->name);
    }
  }
}

Result<void> ResolveRetries(const Env& env, const Profile* profile, AwsConfig& config) {
  if (auto attempts = Setting(env, profile, "AWS_MAX_ATTEMPTS", "max_attempts")) {
    int value = 0;
    auto [end, error] = std::from_chars(attempts->data(), attempts->data() + attempts->size(), value);
    if (error != std::errc() || end != attempts->data() + attempts->size() || value < 0) {
      return Fail(ErrorKind::kBadInput, "AWS_MAX_ATTEMPTS \"{}\" is not a non-negative integer",
                  *attempts);
    }
    config.max_attempts = value == 0 ? 1 : value;  // 0 means "no retries" in the C++ SDK
  }
  if (auto mode = Setting(env, profile, "AWS_RETRY_MODE", "retry_mode")) {
    std::string lowered = ToLower(*mode);
    if (lowered == "adaptive") {
      config.retry_mode = RetryMode::kAdaptive;
    } else if (lowered == "standard" || lowered == "legacy") {
      config.retry_mode = RetryMode::kStandard;  // legacy behaves as standard here
    } else {
      return Fail(ErrorKind::kBadInput, "AWS_RETRY_MODE \"{}\" is not standard, adaptive or legacy",
                  *mode);
    }
  }
  return {};
}

}  // namespace

Result<AwsConfig> LoadAwsConfig(const Env& env, const FileSystem& files,
                                const AwsConfigFlags& flags) {
  AwsConfig config;
  Result<SharedConfig> shared = LoadSharedConfig(env, files);
  if (!shared) return std::unexpected(std::move(shared.error()));
  config.shared = std::move(*shared);
  config.profile = SelectedProfileName(env, flags.profile);
  const Profile* profile = config.shared.FindProfile(config.profile);
  if (!profile && !flags.profile.empty()) {
    return Fail(ErrorKind::kBadInput, "profile \"{}\" (from --profile) is not defined in {} or {}",
                flags.profile, config.shared.config_path, config.shared.credentials_path);
  }
  ResolveRegion(env, profile, flags, config);
  ResolveEndpoints(env, profile, config);
  if (Result<void> retries = ResolveRetries(env, profile, config); !retries) {
    return std::unexpected(std::move(retries.error()));
  }
  config.transport.ca_bundle = Setting(env, profile, "AWS_CA_BUNDLE", "ca_bundle").value_or("");
  config.transport.proxy = env.GetNonEmpty("HTTPS_PROXY")
                               .value_or(env.GetNonEmpty("https_proxy").value_or(""));
  config.transport.no_proxy = env.GetNonEmpty("NO_PROXY")
                                  .value_or(env.GetNonEmpty("no_proxy").value_or(""));
  return config;
}

std::string PartitionOf(const std::string& region) {
  if (region.starts_with("cn-")) return "aws-cn";
  if (region.starts_with("us-gov-")) return "aws-us-gov";
  return "aws";
}

std::string DefaultEndpoint(const std::string& service, const std::string& region) {
  std::string suffix = PartitionOf(region) == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
  return fmt::format("https://{}.{}.{}", service, region, suffix);
}

std::string EndpointFor(const AwsConfig& config, const std::string& service,
                        const std::string& region) {
  auto it = config.endpoints.find(service);
  return it != config.endpoints.end() ? it->second : DefaultEndpoint(service, region);
}

std::string EndpointSource(const AwsConfig& config, const std::string& service) {
  auto it = config.endpoint_sources.find(service);
  return it != config.endpoint_sources.end() ? it->second : "default for the region";
}

}  // namespace bakery::aws
