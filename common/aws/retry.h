#pragma once
// The SDKs' "standard" retry rules (docs.aws.amazon.com/sdkref, retry
// behavior): which failures are retried, full-jitter exponential backoff
// capped at 20 s, and a per-client retry quota so a broken endpoint fails
// fast instead of multiplying load.

#include <chrono>
#include <mutex>
#include <string>

#include "common/aws/http.h"

namespace bakery::aws {

enum class FailureClass {
  kNone,        // not retryable (client errors)
  kTransient,   // 5xx, InternalError, timeouts, resets
  kThrottling,  // RequestLimitExceeded, Throttling, …
};

/// Classifies by AWS error code first (a 503 RequestLimitExceeded is
/// throttling), then by HTTP status. `status` 0 with a transport failure
/// means no response.
FailureClass ClassifyFailure(const std::string& code, int status,
                             std::optional<TransportFailure> transport);

/// True for codes that mean "the request's clock is off": retried once
/// after correcting by the server's Date header.
bool IsClockSkewError(const std::string& code, const std::string& message);

/// True for codes that mean the credentials expired: re-resolved once.
bool IsExpiredCredentialsError(const std::string& code);

/// random(0,1) × min(20 s, base × 2^retry), base 1 s for throttling and
/// 50 ms otherwise; `unit_random` in [0,1).
std::chrono::milliseconds BackoffDelay(int retry, FailureClass failure, double unit_random);

/// The retry token bucket: 500 tokens; a transient retry costs 14, a
/// throttling retry 5; a successful retry refunds its cost, a first-try
/// success refunds 1. Thread-safe.
class RetryQuota {
 public:
  /// Takes the cost of retrying `failure`; false when the quota is empty.
  bool TryAcquire(FailureClass failure);
  /// After a success: refunds `retried_class`'s cost, or 1 for a first try.
  void Release(std::optional<FailureClass> retried_class);
  int Available() const;

 private:
  static int CostOf(FailureClass failure) { return failure == FailureClass::kThrottling ? 5 : 14; }
  mutable std::mutex mutex_;
  int tokens_ = 500;
};

}  // namespace bakery::aws
