#include "common/aws/rate_limiter.h"

#include <algorithm>
#include <set>

namespace bakery::aws {
namespace {

struct Uncategorized {
  const char* action;
  BucketSpec spec;
};

// Actions with their own bucket (the ones bakery calls).
constexpr Uncategorized kOwnBuckets[] = {
    {"DeregisterImage", {100, 5}}, {"DeleteSnapshot", {100, 5}}, {"CreateTags", {100, 10}},
    {"DeleteTags", {100, 10}},     {"ModifyImageAttribute", {100, 5}},
    {"CopyImage", {100, 1}},       {"RunInstances", {5, 2}},  {"StartInstances", {5, 2}},
    {"TerminateInstances", {100, 5}}};

const std::set<std::string>& ResourceIntensive() {
  static const std::set<std::string> actions = {
      "AuthorizeSecurityGroupIngress", "CreateKeyPair", "RevokeSecurityGroupIngress",
      "CancelSpotInstanceRequests", "RequestSpotInstances"};
  return actions;
}

const std::set<std::string>& UnfilteredCapable() {
  static const std::set<std::string> actions = {
      "DescribeInstances", "DescribeInstanceStatus", "DescribeNetworkInterfaces",
      "DescribeSecurityGroups", "DescribeSnapshots", "DescribeSpotInstanceRequests",
      "DescribeVolumes"};
  return actions;
}

bool NonMutating(const std::string& action) {
  return action.starts_with("Describe") || action.starts_with("List") ||
         action.starts_with("Search") || action.starts_with("Get");
}

}  // namespace

std::string Ec2BucketName(const std::string& action, bool unfiltered) {
  for (const Uncategorized& own : kOwnBuckets) {
    if (action == own.action) return action;
  }
  if (ResourceIntensive().contains(action)) return "resource-intensive";
  if (NonMutating(action)) {
    return unfiltered && UnfilteredCapable().contains(action) ? "unfiltered non-mutating"
                                                              : "non-mutating";
  }
  return "mutating";
}

BucketSpec Ec2BucketFor(const std::string& action, bool unfiltered) {
  for (const Uncategorized& own : kOwnBuckets) {
    if (action == own.action) return own.spec;
  }
  std::string name = Ec2BucketName(action, unfiltered);
  if (name == "non-mutating") return {100, 20};
  if (name == "unfiltered non-mutating") return {50, 10};
  return {50, 5};  // mutating and resource-intensive
}

RateLimiter::RateLimiter(Clock& clock, double scale, bool adaptive)
    : clock_(clock), scale_(scale), adaptive_(adaptive) {}

RateLimiter::Bucket& RateLimiter::BucketLocked(const std::string& region,
                                               const std::string& action, bool unfiltered) {
  // EC2 keeps one bucket per action (sized by its category), per region.
  std::string key = region + "/" + action + (unfiltered ? "/unfiltered" : "");
  auto [it, inserted] = buckets_.try_emplace(key);
  if (inserted) {
    BucketSpec spec = Ec2BucketFor(action, unfiltered);
    // 10% headroom on the refill rate: requests reach EC2 with network jitter,
    // so pacing at exactly its rate would still see the odd throttle.
    constexpr double kHeadroom = 0.9;
    it->second.spec = {std::max(1.0, spec.capacity * scale_),
                       spec.refill_per_second * scale_ * kHeadroom};
    it->second.tokens = it->second.spec.capacity;
    it->second.rate = it->second.spec.refill_per_second;
    it->second.last = clock_.Monotonic();
  }
  return it->second;
}

void RateLimiter::RefillLocked(Bucket& bucket) {
  auto now = clock_.Monotonic();
  double elapsed = std::chrono::duration<double>(now - bucket.last).count();
  bucket.tokens = std::min(bucket.spec.capacity, bucket.tokens + elapsed * bucket.rate);
  bucket.last = now;
}

std::chrono::milliseconds RateLimiter::Acquire(const std::string& region,
                                               const std::string& action, bool unfiltered) {
  std::chrono::milliseconds waited{0};
  while (true) {
    std::chrono::milliseconds wait{0};
    {
      std::lock_guard lock(mutex_);
      Bucket& bucket = BucketLocked(region, action, unfiltered);
      RefillLocked(bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return waited;
      }
      double seconds = (1 - bucket.tokens) / bucket.rate;
      wait = std::chrono::milliseconds(static_cast<long long>(seconds * 1000) + 1);
    }
    clock_.SleepFor(wait);
    waited += wait;
  }
}

void RateLimiter::OnThrottled(const std::string& region, const std::string& action,
                              bool unfiltered) {
  if (!adaptive_) return;
  std::lock_guard lock(mutex_);
  Bucket& bucket = BucketLocked(region, action, unfiltered);
  RefillLocked(bucket);
  bucket.rate = std::max(0.5, bucket.rate / 2);
  bucket.tokens = std::min(bucket.tokens, 0.0);
}

void RateLimiter::OnSuccess(const std::string& region, const std::string& action,
                            bool unfiltered) {
  if (!adaptive_) return;
  std::lock_guard lock(mutex_);
  Bucket& bucket = BucketLocked(region, action, unfiltered);
  bucket.rate = std::min(bucket.spec.refill_per_second, bucket.rate * 1.05);
}

}  // namespace bakery::aws
