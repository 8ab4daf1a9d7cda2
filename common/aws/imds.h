#pragma once
// EC2 instance metadata (IMDSv2: a session token from PUT /latest/api/token,
// then GETs with it; IMDSv1 fallback when the token call is refused with
// 403/404/405 unless AWS_EC2_METADATA_V1_DISABLED). Short timeouts: on a
// laptop or a hosted runner there is no IMDS and we must find out fast.

#include <optional>
#include <string>

#include "common/aws/http.h"
#include "common/base/env.h"
#include "common/base/error.h"

namespace bakery::aws {

struct ImdsSettings {
  bool disabled = false;      // AWS_EC2_METADATA_DISABLED=true
  bool v1_disabled = false;   // AWS_EC2_METADATA_V1_DISABLED=true
  std::string endpoint = "http://169.254.169.254";
  std::chrono::milliseconds timeout{1000};
};

/// From AWS_EC2_METADATA_DISABLED, AWS_EC2_METADATA_V1_DISABLED,
/// AWS_EC2_METADATA_SERVICE_ENDPOINT and …_ENDPOINT_MODE (IPv4|IPv6).
ImdsSettings ImdsSettingsFromEnv(const Env& env);

class ImdsClient {
 public:
  ImdsClient(HttpTransport& http, ImdsSettings settings);

  /// The body of GET `path` ("/latest/meta-data/…"); nullopt when IMDS is
  /// unreachable or the path does not exist (404); an error for anything
  /// else IMDS answers.
  Result<std::optional<std::string>> Get(const std::string& path);

  /// Why the last Get returned nullopt ("no answer from … within 1s").
  const std::string& LastMiss() const { return last_miss_; }

 private:
  Result<std::optional<std::string>> Token();

  HttpTransport& http_;
  ImdsSettings settings_;
  std::optional<std::string> token_;
  bool use_v1_ = false;
  std::string last_miss_;
};

}  // namespace bakery::aws
