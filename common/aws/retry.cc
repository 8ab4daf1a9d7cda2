#include "common/aws/retry.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace bakery::aws {
namespace {

constexpr std::array<std::string_view, 15> kThrottlingCodes = {
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
    "TooManyRequestsException", "ProvisionedThroughputExceededException",
    "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
    "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
    "EC2ThrottledException", "RequestLimitExceededException"};

constexpr std::array<std::string_view, 6> kTransientCodes = {
    "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure",
    "ServiceUnavailable", "Unavailable"};

template <size_t N>
bool Contains(const std::array<std::string_view, N>& codes, const std::string& code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

}  // namespace

FailureClass ClassifyFailure(const std::string& code, int status,
                             std::optional<TransportFailure> transport) {
  if (transport) {
    // A TLS or "other" failure will not fix itself by retrying.
    return *transport == TransportFailure::kTls || *transport == TransportFailure::kOther
               ? FailureClass::kNone
               : FailureClass::kTransient;
  }
  if (Contains(kThrottlingCodes, code)) return FailureClass::kThrottling;
  if (Contains(kTransientCodes, code)) return FailureClass::kTransient;
  if (status == 429) return FailureClass::kThrottling;
  if (status == 500 || status == 502 || status == 503 || status == 504) {
    return FailureClass::kTransient;
  }
  return FailureClass::kNone;
}

bool IsClockSkewError(const std::string& code, const std::string& message) {
  bool expired_signature = message.find("Signature expired") != std::string::npos;
  return code == "RequestTimeTooSkewed" || code == "RequestExpired" ||
         ((code == "InvalidSignatureException" || code == "SignatureDoesNotMatch") &&
          expired_signature);
}

bool IsExpiredCredentialsError(const std::string& code) {
  return code == "ExpiredToken" || code == "ExpiredTokenException" ||
         code == "RequestExpiredToken";
}

std::chrono::milliseconds BackoffDelay(int retry, FailureClass failure, double unit_random) {
  double base_ms = failure == FailureClass::kThrottling ? 1000.0 : 50.0;
  double ceiling = std::min(20000.0, base_ms * static_cast<double>(1LL << std::min(retry, 20)));
  return std::chrono::milliseconds(static_cast<long long>(unit_random * ceiling));
}

bool RetryQuota::TryAcquire(FailureClass failure) {
  std::lock_guard lock(mutex_);
  int cost = CostOf(failure);
  if (tokens_ < cost) return false;
  tokens_ -= cost;
  return true;
}

void RetryQuota::Release(std::optional<FailureClass> retried_class) {
  std::lock_guard lock(mutex_);
  tokens_ = std::min(500, tokens_ + (retried_class ? CostOf(*retried_class) : 1));
}

int RetryQuota::Available() const {
  std::lock_guard lock(mutex_);
  return tokens_;
}

}  // namespace bakery::aws
