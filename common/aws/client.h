#pragma once
// One AWS call, done right: endpoint, protocol encoding (Query for EC2/STS,
// JSON 1.1 for SSM), SigV4, pacing, retries with backoff and a quota,
// clock-skew correction, credential refresh, and errors that name the call,
// endpoint, AWS code, message and request id. Typed calls (ec2.h, sts.h,
// ssm.h) sit on top; XML and JSON never leave common/aws.

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/aws/config.h"
#include "common/aws/credentials.h"
#include "common/aws/http.h"
#include "common/aws/rate_limiter.h"
#include "common/aws/retry.h"
#include "common/aws/xml.h"
#include "common/base/clock.h"

namespace bakery::aws {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct AwsRequest {
  std::string service;  // "ec2", "sts", "ssm"
  std::string action;   // "DescribeImages"
  std::string region;
  QueryParams params;   // Query protocol parameters (EC2, STS)
  std::string json;     // JSON protocol body (SSM)
  bool unsigned_request = false;            // AssumeRoleWithWebIdentity
  std::optional<Credentials> credentials;   // instead of the chain (AssumeRole's source)
  bool unfiltered = false;                  // EC2 pacing: no filters, no pagination
};

struct AwsResponse {
  int status = 0;
  std::string body;
  std::string request_id;
};

/// Counters for --verbose: how hard the client had to work.
struct CallStats {
  long calls = 0;
  long attempts = 0;
  long throttled_retries = 0;
  long transient_retries = 0;
  long skew_corrections = 0;
  long credential_refreshes = 0;
  std::chrono::milliseconds paced{0};     // waiting for client-side tokens
  std::chrono::milliseconds backoff{0};   // sleeping between retries

  /// "42 calls, 45 attempts (2 throttled, 1 transient retries), paced 1.2s, backoff 0.8s"
  std::string Summary() const;
};

struct AwsClientDeps {
  const AwsConfig* config = nullptr;
  HttpTransport* http = nullptr;
  Clock* clock = nullptr;
  CredentialSource* credentials = nullptr;
  RateLimiter* limiter = nullptr;                  // null: no client-side pacing
  std::function<double()> random;                  // [0,1) for jitter; default: real
  std::function<void(const std::string&)> trace;   // --verbose lines; may be empty
};

class AwsClient {
 public:
  explicit AwsClient(AwsClientDeps deps);

  /// Sends `request` with retries; an AWS error answer becomes an Error
  /// whose `code` is the AWS error code.
  Result<AwsResponse> Send(const AwsRequest& request);

  /// Send, then parse the XML body (EC2, STS).
  Result<XmlElement> Query(const AwsRequest& request);

  CallStats Stats() const;
  const AwsConfig& config() const { return *deps_.config; }

 private:
  struct Attempt;
  Result<HttpRequest> BuildRequest(const AwsRequest& request, const std::string& endpoint) const;
  Result<void> Sign(HttpRequest& http, const AwsRequest& request);
  Attempt SendOnce(const AwsRequest& request, const std::string& endpoint);
  void CorrectSkew(const HttpResponse& response);
  void Trace(const std::string& line) const;

  AwsClientDeps deps_;
  RetryQuota quota_;
  std::atomic<long long> skew_ms_{0};
  mutable std::mutex stats_mutex_;
  CallStats stats_;
};

/// Parses an AWS error answer (EC2 <Response><Errors>, STS <ErrorResponse>,
/// JSON {"__type", "message"}, or an HTML page from a proxy) into code,
/// message and request id. `code` is empty when the body says nothing.
struct AwsErrorBody {
  std::string code;
  std::string message;
  std::string request_id;
};
AwsErrorBody ParseErrorBody(const HttpResponse& response);

/// Encodes Query parameters as a form body: "Action=…&Version=…&k=v".
std::string EncodeQueryBody(const std::string& action, const std::string& version,
                            const QueryParams& params);

}  // namespace bakery::aws
