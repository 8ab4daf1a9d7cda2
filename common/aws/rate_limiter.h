#pragma once
// Client-side pacing with EC2's own token buckets (per account and region,
// one per action, sized by the action's category; sizes and refill rates from the EC2 API throttling
// page), so bulk work such as deleting hundreds of images runs at the
// sustainable rate instead of draining the account's bucket and backing
// off — the budget is shared with every other tool in the account.
// In adaptive retry mode a throttling answer halves the class's rate and
// successes restore it gradually.

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "common/base/clock.h"

namespace bakery::aws {

struct BucketSpec {
  double capacity = 100;
  double refill_per_second = 20;
};

/// The EC2 bucket for an action; `unfiltered` marks Describe calls made
/// without filters or pagination (their smaller bucket).
BucketSpec Ec2BucketFor(const std::string& action, bool unfiltered);
/// The bucket's name for statistics ("non-mutating", "DeregisterImage", …).
std::string Ec2BucketName(const std::string& action, bool unfiltered);

class RateLimiter {
 public:
  /// `scale` multiplies every capacity and refill rate (BAKERY_AWS_RATE_SCALE).
  RateLimiter(Clock& clock, double scale = 1.0, bool adaptive = false);

  /// Waits until a token of (region, action's bucket) is available; returns
  /// how long it waited.
  std::chrono::milliseconds Acquire(const std::string& region, const std::string& action,
                                    bool unfiltered);
  /// Adaptive mode: the server throttled this bucket.
  void OnThrottled(const std::string& region, const std::string& action, bool unfiltered);
  /// Adaptive mode: a call in this bucket succeeded.
  void OnSuccess(const std::string& region, const std::string& action, bool unfiltered);

 private:
  struct Bucket {
    BucketSpec spec;
    double tokens = 0;
    double rate = 0;  // current refill rate (adaptive may lower it)
    std::chrono::steady_clock::time_point last;
  };
  Bucket& BucketLocked(const std::string& region, const std::string& action, bool unfiltered);
  void RefillLocked(Bucket& bucket);

  Clock& clock_;
  double scale_;
  bool adaptive_;
  std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace bakery::aws
